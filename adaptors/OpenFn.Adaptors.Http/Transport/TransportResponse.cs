using System.Text;
using System.Text.Json.Nodes;

namespace OpenFn.Adaptors.Http.Transport;

/// <summary>A fully read (and decompressed) HTTP response.</summary>
public sealed class TransportResponse
{
    public required int StatusCode { get; init; }

    /// <summary>The URL that answered (after redirects).</summary>
    public required string Url { get; init; }

    public required string Method { get; init; }

    /// <summary>Response headers with lower-cased names, in arrival order; repeated headers appear once per value.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }

    public required byte[] Body { get; init; }

    public required TimeSpan Duration { get; init; }

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? ContentType => Header("content-type");

    public string? Header(string name) =>
        Headers.Where(h => h.Key == name.ToLowerInvariant()).Select(h => h.Value).FirstOrDefault();

    public IEnumerable<string> HeaderValues(string name) =>
        Headers.Where(h => h.Key == name.ToLowerInvariant()).Select(h => h.Value);

    /// <summary>Headers as node exposes them: lower-case names, repeated headers as arrays.</summary>
    public JsonObject HeadersAsJson()
    {
        var headers = new JsonObject();
        foreach (var group in Headers.GroupBy(h => h.Key))
        {
            headers[group.Key] = group.Count() == 1
                ? JsonValue.Create(group.First().Value)
                : new JsonArray(group.Select(g => (JsonNode?)JsonValue.Create(g.Value)).ToArray());
        }
        return headers;
    }

    public bool HasJsonContentType => ContentType?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true;
}
