using System.Text;

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

    public bool HasJsonContentType => ContentType?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true;
}
