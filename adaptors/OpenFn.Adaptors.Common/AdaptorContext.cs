using Microsoft.Extensions.Logging;

namespace OpenFn.Adaptors.Common;

/// <summary>What the runtime hands an adaptor session for one step run.</summary>
public sealed class AdaptorContext
{
    /// <summary>Adaptor log lines (OpenFn's <c>ADA</c> source). The runtime scrubs secrets from them.</summary>
    public required ILogger Logger { get; init; }

    /// <summary>Removes credential values from any text an adaptor puts into an error or a log line.</summary>
    public required SecretScrubber Scrubber { get; init; }

    /// <summary>Id of the step being run, for log lines and error messages.</summary>
    public string StepId { get; init; } = "job-1";

    /// <summary>Transport settings shared by HTTP-based adaptors.</summary>
    public HttpTransportOptions Http { get; init; } = new();
}

/// <summary>HTTP transport settings an adaptor session uses; tests swap the message handler.</summary>
public sealed class HttpTransportOptions
{
    /// <summary>When set, every request of the session goes through this handler (tests plug MockHttp in here).</summary>
    public Func<HttpMessageHandler>? MessageHandlerFactory { get; init; }

    /// <summary>Per-request timeout. OpenFn's default is 300 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Retries for idempotent requests on 429/502/503/504 and connection resets.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>Base delay of the exponential backoff (a server's Retry-After wins).</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>POST/PATCH are retried only when the step opts in.</summary>
    public bool RetryNonIdempotent { get; init; }

    /// <summary>Clock for retry delays and <c>Retry-After</c> dates; tests swap it to avoid real waits.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
