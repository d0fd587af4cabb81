using System.Text.Json.Nodes;
using OpenFn.Simulators.Seed;

namespace OpenFn.Simulators.Hpc;

/// <summary>
/// The OCHA HPC data: plans (v2 entity model), projects, FTS flows, organisations, global clusters and the
/// disaggregation groups, seeded from fixtures/ocha (plan 1290 ⇄ project 203417 ⇄ its flows) plus a second
/// project and the flow of the FTS page 2 the fixture leaves out. Thread-safe; tests may add records.
/// </summary>
public sealed class HpcStore
{
    private readonly object gate = new();
    private Dictionary<int, JsonObject> plans = [];
    private Dictionary<int, JsonObject> projects = [];
    private List<JsonObject> flows = [];

    internal HpcStore()
    {
        Reset();
    }

    internal void Reset()
    {
        lock (gate)
        {
            var plan = Fixtures.LoadObject("ocha/plan_1290_entities.json")["data"]!.AsObject();
            var project = Fixtures.LoadObject("ocha/project_203417.json")["data"]!.AsObject();
            var page1 = Fixtures.LoadObject("ocha/fts_flow_project_203417_page1.json")["data"]!["flows"]!.AsArray().OfType<JsonObject>().ToList();
            plans = new Dictionary<int, JsonObject> { [1290] = plan };
            projects = new Dictionary<int, JsonObject> { [203417] = project, [203418] = ProtectionProject(project) };
            flows = page1.Select(f => f.DeepClone().AsObject()).ToList();
            flows.Add(PageTwoFlow(page1[0]));
            flows.Add(ProtectionFlow(page1[0]));
        }
    }

    public JsonObject? Plan(int id)
    {
        lock (gate) return plans.GetValueOrDefault(id)?.DeepClone().AsObject();
    }

    public IReadOnlyList<JsonObject> Plans()
    {
        lock (gate) return plans.Values.Select(p => p.DeepClone().AsObject()).ToList();
    }

    public JsonObject? Project(int id)
    {
        lock (gate) return projects.GetValueOrDefault(id)?.DeepClone().AsObject();
    }

    public IReadOnlyList<JsonObject> Projects()
    {
        lock (gate) return projects.Values.Select(p => p.DeepClone().AsObject()).ToList();
    }

    public IReadOnlyList<JsonObject> Flows()
    {
        lock (gate) return flows.Select(f => f.DeepClone().AsObject()).ToList();
    }

    public void AddPlan(JsonObject plan)
    {
        lock (gate) plans[(int)plan["id"]!] = plan.DeepClone().AsObject();
    }

    public void AddProject(JsonObject project)
    {
        lock (gate) projects[(int)project["id"]!] = project.DeepClone().AsObject();
    }

    public void AddFlow(JsonObject flow)
    {
        lock (gate) flows.Add(flow.DeepClone().AsObject());
    }

    /// <summary>The published version of a project (<c>currentPublishedVersionId</c> picks it).</summary>
    public static JsonObject? PublishedVersion(JsonObject project) =>
        project["projectVersions"]?.AsArray().OfType<JsonObject>()
            .FirstOrDefault(v => (int?)v["id"] == (int?)project["currentPublishedVersionId"]) ?? project["projectVersion"] as JsonObject;

    /// <summary>Every attachment of a plan: plan level, cluster level and plan-entity level.</summary>
    public static IEnumerable<JsonObject> Attachments(JsonObject plan) =>
        new[] { plan }.Concat(plan["governingEntities"]?.AsArray().OfType<JsonObject>() ?? [])
            .Concat(plan["planEntities"]?.AsArray().OfType<JsonObject>() ?? [])
            .SelectMany(o => o["attachments"]?.AsArray().OfType<JsonObject>() ?? []);

    public static readonly JsonArray DisaggregationGroups = (JsonArray)JsonNode.Parse("""
        [{"id": 1, "label": "Age", "disaggregationCategories": [{"id": 1, "label": "<18 years"}, {"id": 2, "label": "18+ years"}]},
         {"id": 2, "label": "Sex", "disaggregationCategories": [{"id": 3, "label": "Female"}, {"id": 4, "label": "Male"}]}]
        """)!;

    public static readonly JsonArray GlobalClusters = (JsonArray)JsonNode.Parse("""
        [{"id": 9, "name": "Nutrition", "code": "NUT", "type": "global"},
         {"id": 10, "name": "Protection", "code": "PRO", "type": "global"},
         {"id": 11, "name": "Child Protection", "code": "PRO-CPN", "type": "aor", "parentId": 10}]
        """)!;

    /// <summary>Organisations named in projects and flows (PRP matches partners by name or abbreviation).</summary>
    public IReadOnlyList<JsonObject> Organizations()
    {
        lock (gate)
        {
            var fromProjects = projects.Values.Select(PublishedVersion).OfType<JsonObject>()
                .SelectMany(v => v["organizations"]?.AsArray().OfType<JsonObject>() ?? [])
                .Select(o => new JsonObject { ["id"] = o["id"]!.DeepClone(), ["name"] = o["name"]!.DeepClone(), ["abbreviation"] = o["abbreviation"]?.DeepClone() });
            var fromFlows = flows.SelectMany(f => (f["sourceObjects"]?.AsArray() ?? []).Concat(f["destinationObjects"]?.AsArray() ?? []))
                .OfType<JsonObject>().Where(o => (string?)o["type"] == "Organization")
                .Select(o => new JsonObject { ["id"] = int.Parse((string)o["id"]!, System.Globalization.CultureInfo.InvariantCulture), ["name"] = o["name"]!.DeepClone(), ["abbreviation"] = null });
            return fromProjects.Concat(fromFlows).GroupBy(o => (int)o["id"]!).Select(g => g.First()).ToList();
        }
    }

    /// <summary>Locations known from plans and projects, by id.</summary>
    public JsonObject? Location(int id)
    {
        lock (gate)
        {
            return plans.Values.SelectMany(p => p["locations"]?.AsArray().OfType<JsonObject>() ?? [])
                .Concat(projects.Values.Select(PublishedVersion).OfType<JsonObject>().SelectMany(v => v["locations"]?.AsArray().OfType<JsonObject>() ?? []))
                .FirstOrDefault(l => (int?)l["id"] == id)?.DeepClone().AsObject();
        }
    }

    private static JsonObject ProtectionProject(JsonObject nutrition)
    {
        var project = nutrition.DeepClone().AsObject();
        project["id"] = 203418;
        project["currentPublishedVersionId"] = 160990;
        var version = project["projectVersion"]!.AsObject();
        version["id"] = 160990;
        version["projectId"] = 203418;
        version["version"] = 1;
        version["code"] = "HNER26-PRO-203418-1";
        version["name"] = "Case management for unaccompanied and separated children in Diffa";
        version["objective"] = "Identify, document and follow up unaccompanied and separated children with family tracing and interim care.";
        version["currentRequestedFunds"] = "640000";
        version["organizations"] = JsonNode.Parse("""[{"id": 7313, "name": "Enfance Sans Frontières Niger", "abbreviation": "ESF-N", "nativeName": "Enfance Sans Frontières Niger", "url": "https://esf-niger.example.org"}]""");
        version["governingEntities"] = JsonNode.Parse("""[{"id": 11202, "planId": 1290, "entityPrototypeId": 9, "entityType": "CL", "name": "Protection", "governingEntityVersion": {"name": "Protection"}}]""");
        version["globalClusters"] = JsonNode.Parse("""[{"id": 10, "name": "Protection", "code": "PRO", "type": "global"}]""");
        version["planEntities"] = JsonNode.Parse("""[{"id": 20202, "planId": 1290, "entityPrototypeId": 3153, "planEntityVersion": {"value": {"type": {"en": {"singular": "Cluster Activity"}}, "description": "Provide case management and family tracing to unaccompanied and separated children", "support": [{"planEntityIds": [20102]}]}}}]""");
        version["locations"] = JsonNode.Parse("""[{"id": 163, "name": "Niger", "iso3": "NER", "pcode": "NE", "adminLevel": 0, "latitude": 17.61, "longitude": 8.08, "parentId": null}, {"id": 41229, "name": "Diffa", "iso3": null, "pcode": "NE002", "adminLevel": 1, "latitude": 13.32, "longitude": 12.61, "parentId": 163}]""");
        version["contacts"] = JsonNode.Parse("""[{"id": 52118, "name": "Programme Manager", "email": "pm@esf-niger.example.org", "website": "https://esf-niger.example.org", "phoneNumber": "+227 00 00 00 01"}]""");
        version["attachments"] = JsonNode.Parse("""[{"attachmentId": 303002, "attachmentVersionId": 7, "total": 1, "value": {"targets": [["1200", "0", "1800"]]}}]""");
        project["projectVersions"] = new JsonArray(version.DeepClone());
        return project;
    }

    /// <summary>The third flow of project 203417 (400 000 USD): the fixture leaves page 2 to the simulator.</summary>
    private static JsonObject PageTwoFlow(JsonObject template)
    {
        var flow = template.DeepClone().AsObject();
        flow["id"] = "313502";
        flow["refCode"] = "NOR-NER-26-0042";
        flow["amountUSD"] = 400000;
        flow["originalAmount"] = 4200000;
        flow["originalCurrency"] = "NOK";
        flow["exchangeRate"] = 10.5;
        flow["status"] = "commitment";
        flow["date"] = "2026-04-02T00:00:00Z";
        flow["decisionDate"] = "2026-04-02T00:00:00Z";
        flow["description"] = "Contribution to outpatient SAM treatment in Maradi";
        flow["sourceObjects"]!.AsArray()[0] = JsonNode.Parse("""{"type": "Organization", "id": "2977", "name": "Norway, Government of", "behavior": "single", "organizationTypes": ["Government"]}""");
        return flow;
    }

    private static JsonObject ProtectionFlow(JsonObject template)
    {
        var flow = template.DeepClone().AsObject();
        flow["id"] = "314010";
        flow["refCode"] = "UNICEF-NER-26-CP-007";
        flow["amountUSD"] = 250000;
        flow["originalAmount"] = 250000;
        flow["description"] = "Child protection case management in Diffa";
        flow["sourceObjects"]!.AsArray()[0] = JsonNode.Parse("""{"type": "Organization", "id": "5110", "name": "United Nations Children's Fund", "behavior": "single", "organizationTypes": ["UN Agency"]}""");
        var destinations = flow["destinationObjects"]!.AsArray();
        destinations[1] = JsonNode.Parse("""{"type": "Organization", "id": "7313", "name": "Enfance Sans Frontières Niger", "behavior": "single", "organizationTypes": ["NGO"], "organizationSubTypes": ["National NGO"]}""");
        destinations[2] = JsonNode.Parse("""{"type": "Cluster", "id": "11202", "name": "Protection", "behavior": "single"}""");
        destinations[3] = JsonNode.Parse("""{"type": "GlobalCluster", "id": "10", "name": "Protection", "behavior": "single"}""");
        destinations[5] = JsonNode.Parse("""{"type": "Project", "id": "203418", "name": "Case management for unaccompanied and separated children in Diffa", "behavior": "single", "code": "HNER26-PRO-203418-1"}""");
        return flow;
    }
}
