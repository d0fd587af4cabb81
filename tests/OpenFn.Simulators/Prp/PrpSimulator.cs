using System.Text.Json;
using System.Text.Json.Nodes;
using OpenFn.Simulators.Infrastructure;

namespace OpenFn.Simulators.Prp;

/// <summary>One PRP collection: its required fields and the fields that name a parent by OCHA id.</summary>
public sealed record PrpCollection(string Name, string[] Required, IReadOnlyDictionary<string, string> Parents, bool ParentKeyIsRoute = false)
{
    /// <summary>The collections of the simulated PRP API (documented in the project's README.md).</summary>
    public static readonly IReadOnlyList<PrpCollection> All =
    [
        new("response-plans", ["title", "start", "end", "plan_type"], new Dictionary<string, string>()),
        new("clusters", ["response_plan", "title"], new Dictionary<string, string> { ["response_plan"] = "response-plans" }),
        new("objectives", ["cluster", "title"], new Dictionary<string, string> { ["cluster"] = "clusters" }),
        new("activities", ["objective", "title"], new Dictionary<string, string> { ["objective"] = "objectives", ["cluster"] = "clusters" }),
        new("partner-projects", ["response_plan", "title", "start", "end"], new Dictionary<string, string> { ["response_plan"] = "response-plans" }),
        new("indicators", ["parent_type", "parent", "title"], new Dictionary<string, string>()),
        new("funding", ["total_budget", "currency"], new Dictionary<string, string>(), ParentKeyIsRoute: true),
    ];

    /// <summary>indicators.parent_type → the collection its <c>parent</c> id lives in.</summary>
    public static readonly IReadOnlyDictionary<string, string> IndicatorParents = new Dictionary<string, string>
    {
        ["response_plan"] = "response-plans", ["cluster"] = "clusters", ["objective"] = "objectives",
        ["activity"] = "activities", ["partner_project"] = "partner-projects",
    };
}

/// <summary>
/// UNICEF's Partner Reporting Portal as the target of the OCHA import: a small REST API where every record is
/// created or updated with <c>PUT /api/v1/{collection}/{external_id}</c>, keyed (idempotently) by its OCHA id.
/// Errors follow Django REST framework (<c>{"field": ["message"]}</c>, <c>{"detail": "…"}</c>). See README.md.
/// </summary>
public sealed class PrpSimulator : SimulatorServer
{
    private readonly object gate = new();
    private readonly Dictionary<string, Dictionary<string, JsonObject>> collections = [];
    private int nextId = 1;

    public PrpSimulator(string token, TimeProvider clock) : base("prp", clock)
    {
        Token = token;
        ResetState();
    }

    /// <summary>The API token (<c>Authorization: Token …</c>).</summary>
    public string Token { get; }

    /// <summary>A copy of one record, or null.</summary>
    public JsonObject? Get(string collection, string externalId)
    {
        lock (gate) return collections.GetValueOrDefault(collection)?.GetValueOrDefault(externalId)?.DeepClone().AsObject();
    }

    /// <summary>Copies of every record of a collection, in creation order.</summary>
    public IReadOnlyList<JsonObject> List(string collection)
    {
        lock (gate)
        {
            return collections.GetValueOrDefault(collection)?.Values.OrderBy(r => (int)r["id"]!).Select(r => r.DeepClone().AsObject()).ToList() ?? [];
        }
    }

    protected override void ResetState()
    {
        lock (gate)
        {
            collections.Clear();
            foreach (var collection in PrpCollection.All) collections[collection.Name] = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            nextId = 1;
        }
    }

    protected override void WriteStore(Utf8JsonWriter writer, bool summary)
    {
        lock (gate)
        {
            writer.WriteStartObject();
            foreach (var (name, records) in collections)
            {
                if (summary)
                {
                    writer.WriteNumber(name, records.Count);
                    continue;
                }
                writer.WriteStartArray(name);
                foreach (var record in records.Values.OrderBy(r => (int)r["id"]!)) record.WriteTo(writer);
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
    }

    protected override Task WriteErrorAsync(HttpContext ctx, int status) =>
        HttpJson.WriteAsync(ctx, status, new JsonObject { ["detail"] = ReasonPhrase(status) + "." });

    protected override Task WriteTokenExpiredAsync(HttpContext ctx) =>
        HttpJson.WriteAsync(ctx, 401, new JsonObject { ["detail"] = "Invalid token." });

    protected override void MapRoutes(WebApplication web)
    {
        foreach (var collection in PrpCollection.All)
        {
            web.MapGet($"/api/v1/{collection.Name}", Authed(ctx => ListAsync(ctx, collection)));
            web.MapGet($"/api/v1/{collection.Name}/{{externalId}}", Authed(ctx => GetAsync(ctx, collection)));
            web.MapPut($"/api/v1/{collection.Name}/{{externalId}}", Authed(ctx => PutAsync(ctx, collection)));
        }
        web.MapFallback(ctx => HttpJson.WriteAsync(ctx, 404, new JsonObject { ["detail"] = "Not found." }));
    }

    private RequestDelegate Authed(RequestDelegate handler) => async ctx =>
    {
        var header = ctx.Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            await HttpJson.WriteAsync(ctx, 401, new JsonObject { ["detail"] = "Authentication credentials were not provided." });
            return;
        }
        if (header != "Token " + Token)
        {
            await WriteTokenExpiredAsync(ctx);
            return;
        }
        await handler(ctx);
    };

    private Task ListAsync(HttpContext ctx, PrpCollection collection)
    {
        var records = List(collection.Name).Where(r => ctx.Request.Query.All(q => r[q.Key] is JsonValue v && v.ToString() == q.Value.ToString())).ToList();
        return HttpJson.WriteAsync(ctx, 200, new JsonObject
        {
            ["count"] = records.Count,
            ["results"] = new JsonArray(records.Select(r => (JsonNode?)r).ToArray()),
        });
    }

    private Task GetAsync(HttpContext ctx, PrpCollection collection) =>
        Get(collection.Name, (string)ctx.Request.RouteValues["externalId"]!) is { } record
            ? HttpJson.WriteAsync(ctx, 200, record)
            : HttpJson.WriteAsync(ctx, 404, new JsonObject { ["detail"] = "Not found." });

    /// <summary>Creates (201) or updates (200) the record with this OCHA id; an identical PUT changes nothing.</summary>
    private async Task PutAsync(HttpContext ctx, PrpCollection collection)
    {
        var externalId = (string)ctx.Request.RouteValues["externalId"]!;
        var (body, error) = await HttpJson.ReadAsync(ctx);
        if (body is not JsonObject fields)
        {
            await HttpJson.WriteAsync(ctx, 400, new JsonObject { ["detail"] = "JSON parse error - " + (error ?? "expected an object") });
            return;
        }
        foreach (var key in new[] { "id", "external_id", "created", "modified" }) fields.Remove(key);
        var (status, answer) = Upsert(collection, externalId, fields);
        await HttpJson.WriteAsync(ctx, status, answer);
    }

    private (int Status, JsonObject Answer) Upsert(PrpCollection collection, string externalId, JsonObject fields)
    {
        lock (gate)
        {
            var errors = Validate(collection, externalId, fields);
            if (errors.Count > 0) return (400, errors);
            var records = collections[collection.Name];
            var now = PrimeroTime();
            if (records.TryGetValue(externalId, out var existing))
            {
                var changed = fields.Any(f => !JsonNode.DeepEquals(existing[f.Key], f.Value));
                foreach (var (key, value) in fields) existing[key] = value?.DeepClone();
                if (changed) existing["modified"] = now;
                return (200, existing.DeepClone().AsObject());
            }
            var record = new JsonObject { ["id"] = nextId++, ["external_id"] = externalId };
            foreach (var (key, value) in fields) record[key] = value?.DeepClone();
            record["created"] = now;
            record["modified"] = now;
            records[externalId] = record;
            return (201, record.DeepClone().AsObject());
        }
    }

    private string PrimeroTime() => Primero.PrimeroStore.FormatTime(UtcNow);

    private JsonObject Validate(PrpCollection collection, string externalId, JsonObject fields)
    {
        var errors = new JsonObject();
        foreach (var required in collection.Required)
        {
            if (fields[required] is null || (fields[required] is JsonValue v && v.ToString().Length == 0))
                errors[required] = new JsonArray("This field is required.");
        }
        foreach (var (field, parent) in collection.Parents)
        {
            if (fields[field] is JsonValue value && !collections[parent].ContainsKey(value.ToString()))
                errors[field] = new JsonArray($"Invalid external_id \"{value}\" - object does not exist.");
        }
        if (collection.Name == "indicators" && (string?)fields["parent_type"] is { } parentType)
        {
            if (!PrpCollection.IndicatorParents.TryGetValue(parentType, out var parentCollection))
                errors["parent_type"] = new JsonArray($"\"{parentType}\" is not a valid choice.");
            else if (fields["parent"] is JsonValue parentId && !collections[parentCollection].ContainsKey(parentId.ToString()))
                errors["parent"] = new JsonArray($"Invalid external_id \"{parentId}\" - object does not exist.");
        }
        if (collection.ParentKeyIsRoute && !collections["partner-projects"].ContainsKey(externalId))
            errors["partner_project"] = new JsonArray($"Invalid external_id \"{externalId}\" - object does not exist.");
        if (collection.Name == "partner-projects" && fields["clusters"] is JsonArray clusters)
        {
            var unknown = clusters.Select(c => c?.ToString()).Where(c => c is null || !collections["clusters"].ContainsKey(c)).ToList();
            if (unknown.Count > 0) errors["clusters"] = new JsonArray($"Invalid external_id \"{unknown[0]}\" - object does not exist.");
        }
        return errors;
    }
}
