using System.Globalization;
using System.Text.Json.Nodes;
using OpenFn.Integrations.Tests.Support;
using OpenFn.Runner.History;
using OpenFn.Runner.Tests;
using OpenFn.Simulators;
using OpenFn.Simulators.Hpc;

namespace OpenFn.Integrations.Tests.Ocha;

/// <summary>
/// OCHA HPC → PRP through <c>openfn serve</c>: imports asked for on <c>POST /inbox/ocha-plan</c> and
/// <c>/inbox/ocha-project</c> run the project.yaml workflows against the HPC and PRP simulators. FTS answers two flows a
/// page with the doubled <c>/v1/v1/</c> nextLink, so the funding needs every page.
/// </summary>
[NonParallelizable]
public class OchaImportTests
{
    private static readonly string[] Collections = ["response-plans", "clusters", "objectives", "activities", "indicators", "partner-projects", "funding"];

    private IntegrationEnvironment _environment = null!;
    private ServeProcess _serve = null!;

    private SimulatorHost Sims => _environment.Simulators;

    [SetUp]
    public async Task StartAsync()
    {
        _environment = await IntegrationEnvironment.StartAsync(new SimulatorOptions
        {
            Systems = SimulatorSystems.Hpc | SimulatorSystems.Prp,
            Hpc = new HpcOptions { DefaultFlowLimit = 2, DoubledVersionInNextLink = true },
        });
        _serve = await _environment.ServeAsync();
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _serve.DisposeAsync();
        await _environment.DisposeAsync();
    }

    private async Task<string> ImportAsync(string inbox, JsonObject body)
    {
        var runId = await IntegrationEnvironment.PostToInboxAsync(_serve, inbox, body);
        var (run, log) = await IntegrationEnvironment.WaitForRunAsync(_serve, runId);
        Assert.That(run.Status, Is.EqualTo(RunState.Success), run.Error + "\n" + log);
        return log;
    }

    private static IEnumerable<JsonObject> Entities(JsonObject plan, params string[] refCodes) =>
        plan["planEntities"]!.AsArray().OfType<JsonObject>().Where(e => refCodes.Contains((string?)e["entityPrototype"]!["refCode"]));

    private static string Id(JsonNode? node) => node?.ToJsonString().Trim('"') ?? "";

    private static void AssertJson(JsonNode? actual, string expected, string message = "") =>
        Assert.That(JsonNode.DeepEquals(actual, JsonNode.Parse(expected)), Is.True, $"{message} expected {expected}, got {actual?.ToJsonString()}");

    private static decimal Number(JsonNode? node) => decimal.Parse(node!.ToJsonString(), CultureInfo.InvariantCulture);

    [Test]
    public async Task A_plan_import_fills_prp_with_every_cluster_objective_activity_and_indicator_of_the_plan()
    {
        var log = await ImportAsync("ocha-plan", new JsonObject { ["planId"] = 1290 });

        var plan = Sims.Hpc.Store.Plan(1290)!;
        var responsePlan = Sims.Prp.Get("response-plans", "1290")!;
        Assert.That((string?)responsePlan["title"], Is.EqualTo("Niger Humanitarian Response Plan 2026"));
        Assert.That((string?)responsePlan["start"], Is.EqualTo("2026-01-01"));
        Assert.That((string?)responsePlan["end"], Is.EqualTo("2026-12-31"));
        Assert.That((string?)responsePlan["plan_type"], Is.EqualTo("HRP"));
        AssertJson(responsePlan["workspace"], """{"external_id":"1021","title":"Central Sahel crisis 2026","code":"EM1021"}""");

        var clusters = plan["governingEntities"]!.AsArray().OfType<JsonObject>().Where(g => (string?)g["entityPrototype"]!["refCode"] == "CL").ToList();
        Assert.That(Sims.Prp.List("clusters").Select(c => (string?)c["external_id"]), Is.EquivalentTo(clusters.Select(c => Id(c["id"]))));
        Assert.That(Sims.Prp.List("clusters").Select(c => (string?)c["title"]), Is.EquivalentTo(clusters.Select(c => (string?)c["governingEntityVersion"]!["name"])));

        // PRP keeps an objective only under a cluster; the plan's strategic objective hangs under none and is skipped, as PRP does.
        var clusterIds = clusters.Select(c => Id(c["id"])).ToHashSet();
        var objectives = Entities(plan, "CO", "SO").Where(o => clusterIds.Contains(Id(o["parentId"]))).ToList();
        Assert.That(Sims.Prp.List("objectives").Select(o => (string?)o["external_id"]), Is.EquivalentTo(objectives.Select(o => Id(o["id"]))));
        foreach (var strategic in Entities(plan, "SO").Where(o => !clusterIds.Contains(Id(o["parentId"]))))
            Assert.That(log, Does.Contain($"Skipped objective {Id(strategic["id"])}: no cluster"));
        Assert.That(Sims.Prp.Get("objectives", "20101")!["cluster"]!.GetValue<string>(), Is.EqualTo("11201"));

        var activities = Entities(plan, "CA").ToList();
        Assert.That(Sims.Prp.List("activities").Select(a => (string?)a["external_id"]), Is.EquivalentTo(activities.Select(a => Id(a["id"]))));
        Assert.That((string?)Sims.Prp.Get("activities", "20202")!["objective"], Is.EqualTo("20102"), "support given as a keyed object");

        var indicatorIds = HpcStore.Attachments(plan).Where(a => (string?)a["type"] == "indicator").Select(a => Id(a["id"])).ToList();
        Assert.That(indicatorIds, Has.Count.GreaterThan(0));
        Assert.That(Sims.Prp.List("indicators").Select(i => (string?)i["external_id"]), Is.EquivalentTo(indicatorIds));
        var indicator = Sims.Prp.Get("indicators", "303001")!;
        Assert.That((string?)indicator["parent_type"], Is.EqualTo("activity"));
        Assert.That((string?)indicator["parent"], Is.EqualTo("20201"));
        AssertJson(indicator["target"], """{"v":410000,"d":1}""");
        AssertJson(indicator["baseline"], """{"v":1250,"d":1}""", "\"1,250\" read as a number");
        AssertJson(indicator["in_need"], """{"v":480000,"d":1}""");
        AssertJson(indicator["disaggregations"], """[{"name":"Age","values":["<18 years"]},{"name":"Sex","values":["Female","Male"]}]""");
        Assert.That(indicator["locations"]!.AsArray().Select(l => (string?)l!["name"]), Is.EqualTo(new[] { "Tillabéri", "Maradi" }));
    }

    [Test]
    public async Task A_project_import_carries_the_funding_total_from_every_fts_page()
    {
        await ImportAsync("ocha-project", new JsonObject { ["projectId"] = 203417 });

        var flows = Sims.Hpc.Store.Flows()
            .Where(f => f["destinationObjects"]!.AsArray().Any(o => (string?)o!["type"] == "Project" && (string?)o["id"] == "203417")).ToList();
        Assert.That(flows, Has.Count.GreaterThan(2), "more flows than one FTS page holds");
        var funding = Sims.Prp.Get("funding", "203417")!;
        Assert.That(Number(funding["total_budget"]), Is.EqualTo(flows.Sum(f => Number(f["amountUSD"]))));
        Assert.That(Number(funding["total_budget"]), Is.EqualTo(2_234_600m));
        Assert.That((string?)funding["currency"], Is.EqualTo("USD"));
        var byCurrency = flows.GroupBy(f => (string)f["originalCurrency"]!).ToDictionary(g => g.Key, g => g.Sum(f => Number(f["originalAmount"])));
        Assert.That(funding["original_amounts"]!.AsObject().ToDictionary(p => p.Key, p => Number(p.Value)), Is.EquivalentTo(byCurrency));
        Assert.That(funding["flows"]!.AsArray().Select(f => (string?)f!["external_id"]), Is.EquivalentTo(flows.Select(f => (string?)f["id"])));

        var project = Sims.Prp.Get("partner-projects", "203417")!;
        Assert.That((string?)project["title"], Is.EqualTo("Community management of acute malnutrition in Maradi and Tillabéri"));
        Assert.That((string?)project["code"], Is.EqualTo("HNER26-NUT-203417-1"));
        Assert.That((string?)project["response_plan"], Is.EqualTo("1290"));
        Assert.That((string?)project["start"], Is.EqualTo("2026-01-01"));
        AssertJson(project["partner"], """{"external_id":"7312","name":"Action Santé Sahel"}""");
        AssertJson(project["clusters"], """["11201"]""");
        Assert.That(project["locations"]!.AsArray().Select(l => (string?)l!["name"]), Is.EqualTo(new[] { "Niger", "Maradi", "Tillabéri" }));
        Assert.That(Sims.Prp.Get("response-plans", "1290"), Is.Not.Null, "the project's plan is imported first");
        Assert.That((string?)Sims.Prp.Get("indicators", "203417-303001")!["parent"], Is.EqualTo("203417"));
    }

    [Test]
    public async Task A_second_import_changes_nothing()
    {
        await ImportAsync("ocha-plan", new JsonObject { ["planId"] = 1290 });
        await ImportAsync("ocha-project", new JsonObject { ["projectId"] = 203417 });
        var first = Snapshot();
        Assert.That(first.Values.Sum(records => records.Count), Is.GreaterThan(10));

        await ImportAsync("ocha-plan", new JsonObject { ["planId"] = 1290 });
        await ImportAsync("ocha-project", new JsonObject { ["projectId"] = 203417 });

        var second = Snapshot();
        foreach (var collection in Collections)
            Assert.That(second[collection], Is.EqualTo(first[collection]), $"{collection}: same records, same values, same modified time");
    }

    private Dictionary<string, List<string>> Snapshot() =>
        Collections.ToDictionary(c => c, c => Sims.Prp.List(c).Select(r => r.ToJsonString()).ToList());
}
