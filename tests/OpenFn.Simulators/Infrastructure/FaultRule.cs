namespace OpenFn.Simulators.Infrastructure;

/// <summary>
/// One way an endpoint misbehaves on purpose. A rule applies to requests whose method and path match;
/// several rules can match one request (latencies add up, the first failure wins).
/// </summary>
public sealed record FaultRule
{
    /// <summary>HTTP method to match (GET, POST, ...); null matches every method.</summary>
    public string? Method { get; init; }

    /// <summary>Request path to match; <c>*</c> matches any run of characters (<c>/api/v2/cases/*/referrals</c>, <c>*</c>).</summary>
    public string Path { get; init; } = "*";

    /// <summary>Delay added before the request is handled (JSON: <c>"latency": "00:00:00.250"</c>).</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Share of matching requests (0..1) answered with <see cref="ErrorStatus"/> instead of being handled.</summary>
    public double ErrorRate { get; init; }

    /// <summary>Status of injected errors (500, 502, 503, 429, ...).</summary>
    public int ErrorStatus { get; init; } = 500;

    /// <summary>Body of injected errors; null uses the simulated system's own error body for that status.</summary>
    public string? ErrorBody { get; init; }

    /// <summary>Content type of <see cref="ErrorBody"/> (default application/json).</summary>
    public string? ErrorContentType { get; init; }

    /// <summary>Adds a <c>Retry-After</c> header (seconds) to injected errors, as 429 and 503 answers carry.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>
    /// Token expiry: each credential (bearer token, OSCaR access-token, Basic pair, ...) is answered 401 once it
    /// has made this many matching requests. Signing in again gives a new token and a fresh count.
    /// </summary>
    public int? UnauthorizedAfterRequests { get; init; }

    /// <summary>Share of matching requests whose (successful) JSON answer is cut in half.</summary>
    public double MalformedJsonRate { get; init; }

    /// <summary>Share of matching requests whose connection is dropped without an answer.</summary>
    public double DropConnectionRate { get; init; }

    /// <summary>With <see cref="DropConnectionRate"/>: drop after the request was handled (its effect stays), not before.</summary>
    public bool DropAfterHandling { get; init; }

    /// <summary>The rule affects only the first N matching requests, then lets everything through.</summary>
    public int? Times { get; init; }

    /// <summary>Every matching request waits <paramref name="latency"/>.</summary>
    public static FaultRule Slow(string path, TimeSpan latency, string? method = null) =>
        new() { Path = path, Method = method, Latency = latency };

    /// <summary>A share of matching requests fails with <paramref name="status"/>.</summary>
    public static FaultRule Error(string path, int status, double rate = 1.0, string? method = null) =>
        new() { Path = path, Method = method, ErrorStatus = status, ErrorRate = rate };

    /// <summary>The next <paramref name="times"/> matching requests get 429 with a Retry-After header.</summary>
    public static FaultRule TooManyRequests(string path, int retryAfterSeconds, int times, string? method = null) =>
        new() { Path = path, Method = method, ErrorStatus = 429, ErrorRate = 1.0, RetryAfterSeconds = retryAfterSeconds, Times = times };

    /// <summary>Tokens expire after <paramref name="requests"/> matching requests each.</summary>
    public static FaultRule TokenExpiresAfter(int requests, string path = "*") =>
        new() { Path = path, UnauthorizedAfterRequests = requests };

    /// <summary>Matching answers arrive as truncated JSON.</summary>
    public static FaultRule MalformedJson(string path, double rate = 1.0, string? method = null) =>
        new() { Path = path, Method = method, MalformedJsonRate = rate };

    /// <summary>Matching requests lose their connection.</summary>
    public static FaultRule DroppedConnection(string path, double rate = 1.0, bool afterHandling = false, string? method = null) =>
        new() { Path = path, Method = method, DropConnectionRate = rate, DropAfterHandling = afterHandling };
}
