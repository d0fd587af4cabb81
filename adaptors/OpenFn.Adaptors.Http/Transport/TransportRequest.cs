namespace OpenFn.Adaptors.Http.Transport;

/// <summary>One HTTP request as an adaptor wants it sent: exact URL, headers in order, and a body factory (one body per attempt).</summary>
public sealed class TransportRequest(HttpMethod method, string url)
{
    public HttpMethod Method { get; } = method;

    /// <summary>Absolute URL, already encoded exactly as it must appear on the wire.</summary>
    public string Url { get; } = url;

    /// <summary>Headers in the order they were added; a <c>Content-*</c> header goes onto the body.</summary>
    public List<KeyValuePair<string, string>> Headers { get; } = [];

    /// <summary>Builds the body for one attempt (retries and redirects need a fresh one); null means no body.</summary>
    public Func<HttpContent>? Body { get; set; }

    /// <summary>Overrides the session's per-request timeout.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Redirects followed before giving up; 0 returns a 3xx response as is.</summary>
    public int MaxRedirects { get; set; } = 5;

    public TransportRequest Header(string name, string value)
    {
        Headers.Add(new(name, value));
        return this;
    }

    public bool HasHeader(string name) => Headers.Any(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));

    public void RemoveHeader(string name) => Headers.RemoveAll(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Replaces any header of that name (any case) with one value.</summary>
    public void SetHeader(string name, string value)
    {
        RemoveHeader(name);
        Header(name, value);
    }

    public string? GetHeader(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    public static Func<HttpContent> BytesBody(byte[] bytes) => () => new ByteArrayContent(bytes);

    public static Func<HttpContent> TextBody(string text) => BytesBody(System.Text.Encoding.UTF8.GetBytes(text));
}
