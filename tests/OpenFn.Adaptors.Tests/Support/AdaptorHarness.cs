using System.Text.Json.Nodes;
using OpenFn.Adaptors.Common;
using RichardSzalay.MockHttp;

namespace OpenFn.Adaptors.Tests.Support;

/// <summary>
/// Opens adaptor sessions whose every request goes to a MockHttp handler, with a capturing logger, a recording clock
/// and the scrubber built from the credential, exactly as the runtime would build the context.
/// </summary>
public sealed class AdaptorHarness
{
    public MockHttpMessageHandler Mock { get; } = new();

    public TestLogger Logger { get; } = new();

    public RecordingTimeProvider Clock { get; } = new();

    public List<HttpRequestMessage> Requests { get; } = [];

    public List<string?> Bodies { get; } = [];

    public int MaxRetries { get; set; } = 3;

    public bool RetryNonIdempotent { get; set; }

    public AdaptorContext Context(JsonObject configuration) => new()
    {
        Logger = Logger,
        Scrubber = SecretScrubber.FromConfigurations(configuration),
        StepId = "test-step",
        Http = new HttpTransportOptions
        {
            MessageHandlerFactory = () => new RecordingHandler(this) { InnerHandler = Mock },
            MaxRetries = MaxRetries,
            RetryBaseDelay = TimeSpan.FromMilliseconds(100),
            RetryNonIdempotent = RetryNonIdempotent,
            TimeProvider = Clock,
            RequestTimeout = TimeSpan.FromSeconds(30),
        },
    };

    public IAdaptorSession Open(IAdaptor adaptor, string? version, JsonObject configuration) =>
        adaptor.Resolve(version).OpenSession(Context(configuration));

    /// <summary>Records each request and its body text (read before MockHttp sees it).</summary>
    private sealed class RecordingHandler(AdaptorHarness harness) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            string? body = null;
            if (request.Content is not null)
            {
                body = await request.Content.ReadAsStringAsync(cancellationToken);
                var bytes = await request.Content.ReadAsByteArrayAsync(cancellationToken);
                var copy = new ByteArrayContent(bytes);
                foreach (var header in request.Content.Headers)
                    copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
                request.Content = copy;
            }
            lock (harness.Requests)
            {
                harness.Requests.Add(request);
                harness.Bodies.Add(body);
            }
            return await base.SendAsync(request, cancellationToken);
        }
    }
}

public static class RequestExtensions
{
    public static string? HeaderValue(this HttpRequestMessage request, string name)
    {
        if (request.Headers.TryGetValues(name, out var values))
            return string.Join(", ", values);
        if (request.Content is not null && request.Content.Headers.TryGetValues(name, out var contentValues))
            return string.Join(", ", contentValues);
        return null;
    }

    public static string Wire(this HttpRequestMessage request) => request.Method.Method + " " + request.RequestUri!.AbsoluteUri;
}
