using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenFn.Adaptors.Common;
using OpenFn.Adaptors.Http.Transport;

namespace OpenFn.Adaptors.Hpc;

/// <summary>
/// The import target, UNICEF's Partner Reporting Portal (API documented in tests/OpenFn.Simulators/README.md): every
/// record is written with <c>PUT /api/v1/{collection}/{external_id}</c>, keyed by its OCHA id, so a re-run updates and
/// never duplicates (201 = created, 200 = updated or unchanged). Auth: <c>Authorization: Token …</c>.
/// </summary>
internal sealed partial class PrpApi(HttpTransport transport)
{
    public sealed record Endpoint(string Url, string Token);

    [GeneratedRegex("^[a-z][a-z-]*$")]
    private static partial Regex CollectionName();

    /// <summary><c>getPrp(collection, externalId)</c>: the record, or null when PRP has none with that id.</summary>
    public async Task<JsonNode?> GetAsync(Endpoint endpoint, JsonNode? collectionArg, JsonNode? externalIdArg, CancellationToken cancellationToken)
    {
        var collection = Collection(collectionArg, "getPrp");
        var externalId = ExternalId(externalIdArg, $"getPrp('{collection}')");
        var response = await SendAsync(endpoint, HttpMethod.Get, collection, externalId, null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == 404)
            return new JsonObject { ["data"] = null };
        if (!response.IsSuccess)
            throw Failure(response, $"PRP GET {collection}/{externalId}");
        return new JsonObject { ["data"] = Json(response) };
    }

    /// <summary>
    /// <c>upsertPrp(collection, records)</c>: one PUT per record (an object or an array), each keyed by its
    /// <c>external_id</c>; stops at the first refusal, naming the record and PRP's field errors. The result lists each
    /// record's <c>external_id</c>, whether it was <c>created</c>, and PRP's stored record.
    /// </summary>
    public async Task<JsonNode?> UpsertAsync(Endpoint endpoint, JsonNode? collectionArg, JsonNode? recordsArg, CancellationToken cancellationToken)
    {
        var collection = Collection(collectionArg, "upsertPrp");
        var records = recordsArg switch
        {
            JsonArray list => list.ToList(),
            JsonObject single => [single],
            _ => throw new AdaptorException($"upsertPrp('{collection}'): pass a record or an array of records, each with an external_id"),
        };
        var results = new JsonArray();
        var created = 0;
        for (var i = 0; i < records.Count; i++)
        {
            if (records[i] is not JsonObject record)
                throw new AdaptorException($"upsertPrp('{collection}'): record {i + 1} of {records.Count} is not an object");
            var externalId = ExternalId(record["external_id"], $"upsertPrp('{collection}') record {i + 1} of {records.Count}");
            var body = (JsonObject)record.DeepClone();
            body.Remove("external_id");
            var response = await SendAsync(endpoint, HttpMethod.Put, collection, externalId, body, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccess)
                throw Failure(response, $"PRP refused {collection}/{externalId} (record {i + 1} of {records.Count}; {i} written before it): PUT");
            var isNew = response.StatusCode == 201;
            created += isNew ? 1 : 0;
            results.Add(new JsonObject { ["external_id"] = externalId, ["created"] = isNew, ["record"] = Json(response) });
        }
        transport.LogInformation($"PRP {collection}: {records.Count} written ({created} created, {records.Count - created} updated or unchanged)");
        return new JsonObject { ["data"] = results };
    }

    private Task<TransportResponse> SendAsync(Endpoint endpoint, HttpMethod method, string collection, string externalId, JsonNode? body,
        CancellationToken cancellationToken)
    {
        var request = new TransportRequest(method, $"{endpoint.Url}/api/v1/{collection}/{Uri.EscapeDataString(externalId)}");
        request.Header("Authorization", "Token " + endpoint.Token).Header("Accept", "application/json");
        if (body is not null)
        {
            request.Header("Content-Type", "application/json");
            request.Body = TransportRequest.TextBody(body.ToJsonString());
        }
        return transport.SendAsync(request, cancellationToken);
    }

    private AdaptorException Failure(TransportResponse response, string action)
    {
        var text = ErrorText(response);
        var message = $"{action} {response.Url} returned {response.StatusCode} {StatusPhrases.For(response.StatusCode)}" + (text.Length > 0 ? ": " + text : "");
        transport.LogError(message);
        return HttpFailures.StatusError(transport, response, message);
    }

    /// <summary>Django REST framework errors: <c>{"detail": "…"}</c> or <c>{"field": ["message", …]}</c>, as "field: message; …".</summary>
    private static string ErrorText(TransportResponse response)
    {
        var json = JsValues.TryParse(response.BodyText, out var parsed);
        if (!parsed || json is not JsonObject errors)
            return HttpFailures.Summary(response);
        return string.Join("; ", errors.Select(e => e.Key == "detail"
            ? JsValues.ToJsString(e.Value)
            : $"{e.Key}: {(e.Value is JsonArray list ? string.Join(" ", list.Select(JsValues.ToJsString)) : JsValues.ToJsString(e.Value))}"));
    }

    private static JsonNode? Json(TransportResponse response)
    {
        var json = JsValues.TryParse(response.BodyText, out var parsed);
        return parsed ? json : throw new AdaptorException($"PRP {response.Method} {response.Url} answered {response.StatusCode} with a body that is not JSON: {HttpFailures.Summary(response)}");
    }

    private static string Collection(JsonNode? value, string operation)
    {
        var name = value is null ? "" : JsValues.ToJsString(value);
        return CollectionName().IsMatch(name)
            ? name
            : throw new AdaptorException($"{operation}: '{name}' is not a PRP collection name (e.g. response-plans, clusters, indicators)");
    }

    private static string ExternalId(JsonNode? value, string where)
    {
        var text = value is JsonValue v && v.GetValueKind() is JsonValueKind.String or JsonValueKind.Number ? JsValues.ToJsString(v).Trim() : "";
        return text.Length > 0 ? text : throw new AdaptorException($"{where}: no external_id (the OCHA id the record is keyed by)");
    }
}
