using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace OpenFn.Simulators.Tests;

/// <summary>A clock the tests move by hand.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}

/// <summary>Starts one simulator host per test class (free ports) and resets it before each test.</summary>
public abstract class SimulatorTestBase
{
    /// <summary>Where <see cref="Clock"/> stands at the start of every test.</summary>
    protected static readonly DateTimeOffset ClockStart = new(2025, 9, 1, 8, 0, 0, TimeSpan.Zero);

    protected SimulatorHost Sims { get; private set; } = null!;

    /// <summary>A clock the test moves by hand; pass it as SimulatorOptions.Clock to use it.</summary>
    protected ManualClock Clock { get; } = new(ClockStart);

    /// <summary>A plain client: no cookie container, no redirects, no base address.</summary>
    protected HttpClient Http { get; private set; } = null!;

    protected abstract SimulatorOptions CreateOptions();

    [OneTimeSetUp]
    public async Task StartSimulatorsAsync()
    {
        Sims = await SimulatorHost.StartAsync(CreateOptions());
        Http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };
    }

    [OneTimeTearDown]
    public async Task StopSimulatorsAsync()
    {
        Http.Dispose();
        await Sims.DisposeAsync();
    }

    [SetUp]
    public void ResetSimulators()
    {
        Sims.ResetAll();
        Clock.Now = ClockStart;
    }

    protected static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    protected static StringContent Json(JsonNode node) => Json(node.ToJsonString());

    protected static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));

    protected async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(
        HttpMethod method, Uri url, HttpContent? content = null, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        configure?.Invoke(request);
        var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? body = null;
        if (text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true)
            body = JsonNode.Parse(text);
        return ((int)response.StatusCode, body, response);
    }
}
