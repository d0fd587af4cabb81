using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Extensions;
using OpenFn.Simulators.Infrastructure;

namespace OpenFn.Simulators.Hpc;

public sealed class HpcOptions
{
    /// <summary>Registered clients (HTTP Basic); anonymous calls are allowed too, but a wrong pair is refused.</summary>
    public Dictionary<string, string> Clients { get; init; } = new(StringComparer.Ordinal)
    {
        [SimulatorDefaults.HpcUser] = SimulatorDefaults.HpcPassword,
    };

    /// <summary>Anonymous requests allowed per second before 429 (the real API: about 1; null: no limit).</summary>
    public int? AnonymousRequestsPerSecond { get; init; }

    /// <summary>FTS page size when the caller gives no <c>limit</c>.</summary>
    public int DefaultFlowLimit { get; init; } = 1000;

    /// <summary>Reproduce the known quirk of <c>meta.nextLink</c> carrying a doubled <c>/v1/v1/</c> segment.</summary>
    public bool DoubledVersionInNextLink { get; init; }
}

/// <summary>
/// OCHA's HPC Tools API (api.hpc.tools): plans with entities and attachments (v1 rpm and v2), plan lists,
/// projects and their attachments, FTS flows paged with <c>meta.nextLink</c>, organisations, global clusters,
/// disaggregation groups and locations, all in the <c>{"status": "ok", "data": …}</c> envelope (system-apis §4).
/// </summary>
public sealed class HpcSimulator : SimulatorServer
{
    private readonly object gate = new();
    private readonly Queue<DateTime> anonymousCalls = new();

    public HpcSimulator(HpcOptions options, TimeProvider clock) : base("hpc", clock)
    {
        Options = options;
        Store = new HpcStore();
    }

    public HpcOptions Options { get; }

    public HpcStore Store { get; }

    protected override void ResetState()
    {
        Store.Reset();
        lock (gate) anonymousCalls.Clear();
    }

    protected override void WriteStore(Utf8JsonWriter writer, bool summary)
    {
        writer.WriteStartObject();
        writer.WriteNumber("plan_count", Store.Plans().Count);
        writer.WriteNumber("project_count", Store.Projects().Count);
        writer.WriteNumber("flow_count", Store.Flows().Count);
        if (!summary)
        {
            writer.WritePropertyName("plans");
            new JsonArray(Store.Plans().Select(p => (JsonNode?)p).ToArray()).WriteTo(writer);
            writer.WritePropertyName("projects");
            new JsonArray(Store.Projects().Select(p => (JsonNode?)p).ToArray()).WriteTo(writer);
            writer.WritePropertyName("flows");
            new JsonArray(Store.Flows().Select(p => (JsonNode?)p).ToArray()).WriteTo(writer);
        }
        writer.WriteEndObject();
    }

    /// <summary>Gateway errors (502, 504) come from nginx as HTML; the API's own errors are JSON with a non-"ok" status.</summary>
    protected override Task WriteErrorAsync(HttpContext ctx, int status) => status is 502 or 504
        ? HttpJson.WriteTextAsync(ctx, status, $"<html><head><title>{status} {ReasonPhrase(status)}</title></head><body><center><h1>{status} {ReasonPhrase(status)}</h1></center><hr><center>nginx</center></body></html>", "text/html")
        : Error(ctx, status, ReasonPhrase(status));

    private static Task Error(HttpContext ctx, int status, string message) =>
        HttpJson.WriteAsync(ctx, status, new JsonObject { ["status"] = "error", ["statusCode"] = status, ["message"] = message });

    private static Task Ok(HttpContext ctx, JsonNode? data, JsonObject? meta = null)
    {
        var body = new JsonObject { ["status"] = "ok", ["data"] = data };
        if (meta is not null) body["meta"] = meta;
        return HttpJson.WriteAsync(ctx, 200, body);
    }

    protected override void MapRoutes(WebApplication web)
    {
        web.MapGet("/v2/public/plan/{id:int}", Api(ctx => PlanAsync(ctx, "entities")));
        web.MapGet("/v1/public/rpm/plan/id/{id:int}", Api(ctx => PlanAsync(ctx, ctx.Request.Query["content"].ToString() is { Length: > 0 } c ? c : "basic")));
        web.MapGet("/v1/public/plan/id/{id:int}", Api(ctx => PlanAsync(ctx, "basic")));
        web.MapGet("/v1/public/plan/year/{year}", Api(ctx => PlanListAsync(ctx, p => Years(p).Contains(Route(ctx, "year")))));
        web.MapGet("/v2/public/plan/year/{year}", Api(ctx => PlanListAsync(ctx, p => Years(p).Contains(Route(ctx, "year")))));
        web.MapGet("/v2/public/plan", Api(ctx => PlanListAsync(ctx, p => ctx.Request.Query["year"].ToString() is not { Length: > 0 } year || Years(p).Contains(year))));
        web.MapGet("/v1/public/plan/country/{iso3}", Api(ctx => PlanListAsync(ctx, p =>
            p["locations"]?.AsArray().Any(l => string.Equals((string?)l!["iso3"], Route(ctx, "iso3"), StringComparison.OrdinalIgnoreCase)) == true)));
        web.MapGet("/v2/public/project/{id:int}", Api(ctx =>
            Store.Project(int.Parse(Route(ctx, "id"), CultureInfo.InvariantCulture)) is { } project ? Ok(ctx, project) : Error(ctx, 404, "Project not found")));
        web.MapGet("/v2/public/project/{id:int}/attachments", Api(ctx => ProjectAttachmentsAsync(ctx)));
        web.MapGet("/v1/public/project/plan/{planId:int}", Api(ctx => ProjectsOfPlanAsync(ctx)));
        web.MapGet("/v1/public/fts/flow", Api(ctx => FlowsAsync(ctx)));
        web.MapGet("/v2/public/disaggregation-category-group", Api(ctx => Ok(ctx, HpcStore.DisaggregationGroups.DeepClone())));
        web.MapGet("/v1/public/global-cluster", Api(ctx => Ok(ctx, HpcStore.GlobalClusters.DeepClone())));
        web.MapGet("/v1/public/organization", Api(ctx => Ok(ctx, new JsonArray(Store.Organizations().Select(o => (JsonNode?)o).ToArray()))));
        web.MapGet("/v2/public/location/{id:int}", Api(ctx =>
            Store.Location(int.Parse(Route(ctx, "id"), CultureInfo.InvariantCulture)) is { } location ? Ok(ctx, location) : Error(ctx, 404, "Location not found")));
        web.MapFallback(ctx => Error(ctx, 404, "Not found"));
    }

    private static string Route(HttpContext ctx, string name) => (string)ctx.Request.RouteValues[name]!;

    /// <summary>Optional Basic auth (a wrong pair is 401) and the anonymous throttle.</summary>
    private RequestDelegate Api(RequestDelegate handler) => async ctx =>
    {
        var header = ctx.Request.Headers.Authorization.ToString();
        if (header.Length > 0)
        {
            var (user, password) = BasicCredentials.Decode(header);
            if (user is null || !Options.Clients.TryGetValue(user, out var expected) || expected != password)
            {
                await Error(ctx, 401, "Invalid client credentials");
                return;
            }
        }
        else if (Options.AnonymousRequestsPerSecond is { } limit && !TryCountAnonymous(limit))
        {
            ctx.Response.Headers.RetryAfter = "1";
            await Error(ctx, 429, "Too many requests for anonymous clients; register a client or slow down.");
            return;
        }
        await handler(ctx);
    };

    private bool TryCountAnonymous(int limit)
    {
        lock (gate)
        {
            while (anonymousCalls.Count > 0 && anonymousCalls.Peek() <= UtcNow.AddSeconds(-1)) anonymousCalls.Dequeue();
            if (anonymousCalls.Count >= limit) return false;
            anonymousCalls.Enqueue(UtcNow);
            return true;
        }
    }

    private static IEnumerable<string> Years(JsonObject plan) => plan["years"]?.AsArray().Select(y => (string?)y!["year"]).OfType<string>() ?? [];

    private Task PlanAsync(HttpContext ctx, string content)
    {
        if (Store.Plan(int.Parse(Route(ctx, "id"), CultureInfo.InvariantCulture)) is not { } plan) return Error(ctx, 404, "Plan not found");
        if (content == "basic")
        {
            foreach (var key in new[] { "governingEntities", "planEntities", "attachments", "monitoringPeriods" }) plan.Remove(key);
        }
        if (string.Equals(ctx.Request.Query["disaggregation"], "false", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var attachment in HpcStore.Attachments(plan))
                (attachment["attachmentVersion"]?["value"]?["metrics"]?["values"] as JsonObject)?.Remove("disaggregated");
        }
        return Ok(ctx, plan);
    }

    private Task PlanListAsync(HttpContext ctx, Func<JsonObject, bool> filter)
    {
        var list = Store.Plans().Where(filter).Select(p => (JsonNode?)new JsonObject
        {
            ["id"] = p["id"]!.DeepClone(),
            ["planVersion"] = p["planVersion"]!.DeepClone(),
            ["years"] = p["years"]?.DeepClone(),
            ["locations"] = p["locations"]?.DeepClone(),
            ["emergencies"] = p["emergencies"]?.DeepClone(),
            ["categories"] = p["categories"]?.DeepClone(),
            ["origRequirements"] = p["origRequirements"]?.DeepClone(),
            ["revisedRequirements"] = p["revisedRequirements"]?.DeepClone(),
        }).ToArray();
        return Ok(ctx, new JsonArray(list));
    }

    /// <summary>The project's indicator attachments, with totals named by <c>name.en</c> as PRP reads them here.</summary>
    private Task ProjectAttachmentsAsync(HttpContext ctx)
    {
        if (Store.Project(int.Parse(Route(ctx, "id"), CultureInfo.InvariantCulture)) is not { } project) return Error(ctx, 404, "Project not found");
        var version = HpcStore.PublishedVersion(project);
        var planAttachments = Store.Plans().SelectMany(HpcStore.Attachments).ToList();
        var result = new JsonArray();
        foreach (var reference in version?["attachments"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            var attachment = planAttachments.FirstOrDefault(a => (int?)a["id"] == (int?)reference["attachmentId"]);
            if (attachment is not null) result.Add(new JsonObject { ["attachment"] = attachment.DeepClone() });
        }
        return Ok(ctx, result);
    }

    private Task ProjectsOfPlanAsync(HttpContext ctx)
    {
        var planId = int.Parse(Route(ctx, "planId"), CultureInfo.InvariantCulture);
        var list = Store.Projects()
            .Where(p => HpcStore.PublishedVersion(p)?["plans"]?.AsArray().Any(pl => (int?)pl!["id"] == planId) == true)
            .Select(p => (JsonNode?)new JsonObject
            {
                ["id"] = p["id"]!.DeepClone(),
                ["name"] = HpcStore.PublishedVersion(p)!["name"]!.DeepClone(),
                ["currentPublishedVersionId"] = p["currentPublishedVersionId"]!.DeepClone(),
                ["projectVersions"] = new JsonArray(new JsonObject { ["organizations"] = HpcStore.PublishedVersion(p)!["organizations"]!.DeepClone() }),
            }).ToArray();
        return Ok(ctx, new JsonArray(list));
    }

    /// <summary>
    /// FTS flows for a boundary (projectId, projectCode, planId, year, organizationAbbrev…): same type → OR, types
    /// → AND; incoming/outgoing/internal summaries over all matches; <c>limit</c>-sized pages linked by meta.nextLink.
    /// </summary>
    private Task FlowsAsync(HttpContext ctx)
    {
        var q = ctx.Request.Query;
        var conditions = new List<Func<JsonObject, bool>>();
        void Boundary(string parameter, string objectType, Func<JsonObject, string?> value)
        {
            if (q[parameter].ToString() is not { Length: > 0 } text) return;
            var wanted = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
            conditions.Add(flow => (flow["destinationObjects"]?.AsArray() ?? []).Concat(flow["sourceObjects"]?.AsArray() ?? [])
                .OfType<JsonObject>().Any(o => (string?)o["type"] == objectType && value(o) is { } v && wanted.Contains(v)));
        }
        Boundary("projectId", "Project", o => (string?)o["id"]);
        Boundary("projectCode", "Project", o => (string?)o["code"]);
        Boundary("planId", "Plan", o => (string?)o["id"]);
        Boundary("emergencyId", "Emergency", o => (string?)o["id"]);
        Boundary("globalClusterId", "GlobalCluster", o => (string?)o["id"]);
        Boundary("year", "UsageYear", o => (string?)o["name"]);
        Boundary("organizationAbbrev", "Organization", o => (string?)o["abbreviation"] ?? (string?)o["name"]);
        var matches = Store.Flows().Where(f => conditions.All(c => c(f))).ToList();
        var limit = int.TryParse(q["limit"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) && l > 0 ? l : Options.DefaultFlowLimit;
        var page = int.TryParse(q["page"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
        decimal Total(string boundary, string? status = null) => matches
            .Where(f => (string?)f["boundary"] == boundary && (status is null ? (string?)f["status"] != "pledge" : (string?)f["status"] == status))
            .Sum(f => f["amountUSD"] is { } amount ? decimal.Parse(amount.ToJsonString(), CultureInfo.InvariantCulture) : 0);
        var data = new JsonObject
        {
            ["incoming"] = new JsonObject { ["flowCount"] = matches.Count(f => (string?)f["boundary"] == "incoming"), ["fundingTotal"] = Total("incoming"), ["pledgeTotal"] = Total("incoming", "pledge") },
            ["outgoing"] = new JsonObject { ["flowCount"] = matches.Count(f => (string?)f["boundary"] == "outgoing"), ["fundingTotal"] = Total("outgoing"), ["pledgeTotal"] = Total("outgoing", "pledge") },
            ["internal"] = new JsonObject { ["flowCount"] = matches.Count(f => (string?)f["boundary"] == "internal") },
            ["flows"] = new JsonArray(matches.Skip((page - 1) * limit).Take(limit).Select(f => (JsonNode?)f).ToArray()),
        };
        var meta = new JsonObject { ["language"] = "en", ["count"] = matches.Count };
        if ((long)page * limit < matches.Count)
        {
            var next = new QueryBuilder(q.Where(kv => kv.Key != "page").SelectMany(kv => kv.Value.Select(v => KeyValuePair.Create(kv.Key, v ?? ""))))
            {
                { "page", (page + 1).ToString(CultureInfo.InvariantCulture) },
            };
            var path = Options.DoubledVersionInNextLink ? "v1/v1/public/fts/flow" : "v1/public/fts/flow";
            meta["nextLink"] = new Uri(BaseUrl, path).ToString() + next.ToQueryString();
        }
        return Ok(ctx, data, meta);
    }
}
