using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Flurl.Http;
using Flurl.Http.Configuration;
using Microsoft.Extensions.Logging;
using OpenFn.Adaptors.Common;
using Polly;
using Polly.Retry;

namespace OpenFn.Adaptors.Http.Transport;

/// <summary>
/// The one place adaptors send HTTP from: a Flurl client built from <see cref="HttpTransportOptions"/> (timeouts,
/// the test handler hook), redirects and gzip/deflate/br decoding done here so they behave the same with any handler,
/// and Polly retries for idempotent requests on 429/502/503/504 and connection resets, honouring <c>Retry-After</c>.
/// Every URL it logs or puts into an error is scrubbed of secrets.
/// </summary>
public sealed class HttpTransport : IDisposable
{
    private static readonly HttpMessageHandler SharedNetworkHandler = NewNetworkHandler();

    private static readonly HashSet<int> RetryableStatuses = [429, 502, 503, 504];
    private static readonly HashSet<int> RedirectStatuses = [301, 302, 303, 307, 308];

    private static readonly ResiliencePropertyKey<TransportRequest> RequestKey = new("openfn.request");

    private readonly AdaptorContext _context;
    private readonly HttpTransportOptions _options;
    private readonly ResiliencePipeline<TransportResponse> _retrying;
    private FlurlClient _client;
    private SocketsHttpHandler? _tlsHandler;

    public HttpTransport(AdaptorContext context)
    {
        _context = context;
        _options = context.Http;
        Scrubber = context.Scrubber;
        _client = NewClient(_options.MessageHandlerFactory);
        _retrying = BuildRetryPipeline();
    }

    /// <summary>The step's scrubber plus any secret learnt during the session (tokens, session headers).</summary>
    public SecretScrubber Scrubber { get; private set; }

    public ILogger Logger => _context.Logger;

    /// <summary>Adds credential values (a configuration seen in a call, or a token received at run time) to the scrubber.</summary>
    public void AddSecrets(params string?[] secrets)
    {
        var real = secrets.Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).ToArray();
        if (real.Length > 0)
            Scrubber = Scrubber.With(new SecretScrubber(real));
    }

    public void AddSecrets(System.Text.Json.Nodes.JsonObject? configuration)
    {
        if (configuration is not null)
            Scrubber = Scrubber.With(SecretScrubber.FromConfigurations(configuration));
    }

    public string Scrub(string? text) => Scrubber.Scrub(text);

    public void LogInformation(string line) => Logger.LogInformation("{Line}", Scrub(line));

    public void LogWarning(string line) => Logger.LogWarning("{Line}", Scrub(line));

    public void LogError(string line) => Logger.LogError("{Line}", Scrub(line));

    /// <summary>Sends a request (following redirects, retrying when allowed) and reads the whole response.</summary>
    public async Task<TransportResponse> SendAsync(TransportRequest request, CancellationToken cancellationToken)
    {
        var pipeline = IsRetryable(request.Method) ? _retrying : ResiliencePipeline<TransportResponse>.Empty;
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RequestKey, request);
        try
        {
            return await pipeline.ExecuteAsync(
                static async (context, state) => await state.Transport.SendFollowingRedirectsAsync(state.Request, context.CancellationToken).ConfigureAwait(false),
                context, (Transport: this, Request: request)).ConfigureAwait(false);
        }
        catch (TransportTimeoutException timeout)
        {
            throw new AdaptorException(
                Scrub($"{request.Method} {request.Url} timed out after {timeout.Timeout.TotalSeconds:0.###} s"),
                Details(request), timeout);
        }
        catch (HttpRequestException failure) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AdaptorException(
                Scrub($"{request.Method} {request.Url} failed: {ConnectionFailureText(failure)}"),
                Details(request), failure);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// Mutual TLS: later requests of this session go through a connection pool of their own that presents
    /// <paramref name="clientCertificate"/> and, when <paramref name="trustedAuthorities"/> are given, also accepts a
    /// server certificate issued by one of them (a private CA). The test handler hook, when set, still receives the requests.
    /// </summary>
    public void UseClientTls(X509Certificate2 clientCertificate, X509Certificate2Collection? trustedAuthorities = null)
    {
        if (_options.MessageHandlerFactory is not null)
            return;
        var handler = NewNetworkHandler();
        handler.SslOptions.ClientCertificates = [clientCertificate];
        handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate;
        if (trustedAuthorities is { Count: > 0 })
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == SslPolicyErrors.None || IssuedByTrustedAuthority(certificate, errors, trustedAuthorities);
        _client.Dispose();
        _tlsHandler?.Dispose();
        _tlsHandler = handler;
        _client = NewClient(() => handler);
    }

    public void Dispose()
    {
        _client.Dispose();
        _tlsHandler?.Dispose();
    }

    private static SocketsHttpHandler NewNetworkHandler() => new()
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(30),
    };

    private static FlurlClient NewClient(Func<HttpMessageHandler>? handlerFactory)
    {
        var client = new FlurlClient();
        client.Settings.HttpClientFactory = new TransportHttpClientFactory(handlerFactory);
        client.Settings.AllowedHttpStatusRange = "*";
        return client;
    }

    /// <summary>A server certificate that chains to one of the given authorities and matches the host name.</summary>
    private static bool IssuedByTrustedAuthority(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection authorities)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }

    private ResiliencePipeline<TransportResponse> BuildRetryPipeline()
    {
        var retries = _options.MaxRetries;
        if (retries <= 0)
            return ResiliencePipeline<TransportResponse>.Empty;

        return new ResiliencePipelineBuilder<TransportResponse> { TimeProvider = _options.TimeProvider }
            .AddRetry(new RetryStrategyOptions<TransportResponse>
            {
                MaxRetryAttempts = retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                Delay = _options.RetryBaseDelay,
                MaxDelay = _options.RequestTimeout,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
                OnRetry = args =>
                {
                    var request = args.Context.Properties.GetValue(RequestKey, null!);
                    var reason = args.Outcome.Result is { } response
                        ? $"returned {response.StatusCode}"
                        : $"failed ({ConnectionFailureText(args.Outcome.Exception)})";
                    LogWarning($"{request.Method} {request.Url} {reason}; retry {args.AttemptNumber + 1} of {retries} in {args.RetryDelay.TotalSeconds:0.###} s");
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    private bool IsRetryable(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options || method == HttpMethod.Put
        || method == HttpMethod.Delete || _options.RetryNonIdempotent;

    private static bool ShouldRetry(Outcome<TransportResponse> outcome) =>
        outcome.Result is { } response ? RetryableStatuses.Contains(response.StatusCode) : IsConnectionReset(outcome.Exception);

    private static bool IsConnectionReset(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted })
                return true;
            if (current is HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded })
                return true;
            if (current is IOException && current.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
                return true;
        }
        return false;
    }

    /// <summary>A server's <c>Retry-After</c> (seconds or an HTTP date), capped at the request timeout; null = backoff.</summary>
    private TimeSpan? RetryAfter(TransportResponse? response)
    {
        var header = response?.Header("retry-after")?.Trim();
        if (string.IsNullOrEmpty(header))
            return null;
        TimeSpan delay;
        if (double.TryParse(header, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            delay = TimeSpan.FromSeconds(Math.Max(0, seconds));
        else if (DateTimeOffset.TryParse(header, System.Globalization.CultureInfo.InvariantCulture,
                     System.Globalization.DateTimeStyles.AssumeUniversal, out var date))
            delay = date - _options.TimeProvider.GetUtcNow();
        else
            return null;
        if (delay < TimeSpan.Zero)
            delay = TimeSpan.Zero;
        return delay > _options.RequestTimeout ? _options.RequestTimeout : delay;
    }

    private async Task<TransportResponse> SendFollowingRedirectsAsync(TransportRequest request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var method = request.Method;
        var url = request.Url;
        var headers = request.Headers.ToList();
        var body = request.Body;
        for (var redirects = 0; ; redirects++)
        {
            var (status, responseHeaders, bytes) = await SendOnceAsync(method, url, headers, body, request.Timeout, cancellationToken)
                .ConfigureAwait(false);
            var location = responseHeaders.FirstOrDefault(h => h.Key == "location").Value;
            if (!RedirectStatuses.Contains(status) || location is null || request.MaxRedirects == 0)
            {
                return new TransportResponse
                {
                    StatusCode = status,
                    Url = url,
                    Method = method.Method,
                    Headers = responseHeaders,
                    Body = bytes,
                    Duration = Stopwatch.GetElapsedTime(started),
                };
            }
            if (redirects >= request.MaxRedirects)
                throw new AdaptorException(Scrub($"{request.Method} {request.Url}: more than {request.MaxRedirects} redirects"), Details(request));

            var next = new Uri(new Uri(url), location);
            if (!SameOrigin(new Uri(url), next))
                headers.RemoveAll(h => h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)
                                       || h.Key.Equals("Cookie", StringComparison.OrdinalIgnoreCase));
            if (status is 301 or 302 or 303 && method != HttpMethod.Head)
            {
                method = HttpMethod.Get;
                body = null;
                headers.RemoveAll(h => h.Key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase));
            }
            url = next.AbsoluteUri;
        }
    }

    private async Task<(int Status, List<KeyValuePair<string, string>> Headers, byte[] Body)> SendOnceAsync(
        HttpMethod method, string url, List<KeyValuePair<string, string>> headers, Func<HttpContent>? body,
        TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var effectiveTimeout = timeout ?? _options.RequestTimeout;
        var content = body?.Invoke();
        var contentHeaders = headers.Where(h => IsContentHeader(h.Key)).ToList();
        if (content is null && contentHeaders.Any(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
            content = new ByteArrayContent([]);
        if (content is not null)
        {
            foreach (var (name, value) in contentHeaders)
            {
                content.Headers.Remove(name);
                content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        var flurlRequest = new FlurlRequest(url).WithClient(_client).WithTimeout(effectiveTimeout);
        flurlRequest.Settings.BeforeCall = call =>
        {
            foreach (var (name, value) in headers.Where(h => !IsContentHeader(h.Key)))
                call.Request.Headers.TryAddWithoutValidation(name, value);
        };
        HttpResponseMessage response;
        try
        {
            response = await flurlRequest.SendAsync(method, content, cancellationToken, HttpCompletionOption.ResponseContentRead)
                .ConfigureAwait(false);
        }
        catch (FlurlHttpException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (FlurlHttpTimeoutException)
        {
            throw new TransportTimeoutException(effectiveTimeout);
        }
        catch (FlurlHttpException flurl) when (flurl.InnerException is HttpRequestException inner)
        {
            throw inner;
        }
        catch (FlurlHttpException flurl) when (flurl.InnerException is not null)
        {
            throw new HttpRequestException(flurl.InnerException.Message, flurl.InnerException);
        }

        using (response)
        {
            var responseHeaders = response.Headers.Concat(response.Content.Headers)
                .SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key.ToLowerInvariant(), v)))
                .ToList();
            var raw = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var bytes = ContentDecoding.Decode(raw, responseHeaders);
            return ((int)response.StatusCode, responseHeaders, bytes);
        }
    }

    private static bool IsContentHeader(string name) => name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase);

    private static bool SameOrigin(Uri a, Uri b) =>
        a.Scheme == b.Scheme && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;

    private static string ConnectionFailureText(Exception? exception)
    {
        var innermost = exception;
        while (innermost?.InnerException is not null)
            innermost = innermost.InnerException;
        return innermost?.Message ?? "unknown error";
    }

    private System.Text.Json.Nodes.JsonObject Details(TransportRequest request) => new()
    {
        ["url"] = Scrub(request.Url),
        ["method"] = request.Method.Method,
    };

    private sealed class TransportTimeoutException(TimeSpan timeout) : Exception($"timed out after {timeout}")
    {
        public TimeSpan Timeout { get; } = timeout;
    }

    /// <summary>
    /// Plugs the test handler, the session's mutual-TLS handler or the shared network handler into Flurl; none is
    /// disposed with the Flurl client (the transport disposes its own TLS handler).
    /// </summary>
    private sealed class TransportHttpClientFactory(Func<HttpMessageHandler>? handlerFactory) : DefaultHttpClientFactory
    {
        public override HttpMessageHandler CreateMessageHandler() =>
            new KeepAliveHandler(handlerFactory?.Invoke() ?? SharedNetworkHandler);
    }

    private sealed class KeepAliveHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override void Dispose(bool disposing)
        {
            // The inner handler outlives the session: it is shared (network) or owned by a test.
        }
    }
}
