using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenFn.Simulators.Infrastructure;

namespace OpenFn.Simulators.Tests;

/// <summary>The shared fault layer, request log and admin endpoints, exercised through the Primero simulator.</summary>
public sealed class FaultLayerTests : SimulatorTestBase
{
    private const string GambellaCase = "406b539a-e662-425e-810b-47e4fa7da496";

    protected override SimulatorOptions CreateOptions() => new() { Systems = SimulatorSystems.Primero };

    private Uri Url(string path) => new(Sims.Primero.BaseUrl, path);

    private Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> GetCases(AuthenticationHeaderValue? auth = null) =>
        SendAsync(HttpMethod.Get, Url("api/v2/cases?per=2"),
            configure: r => r.Headers.Authorization = auth ?? Basic(SimulatorDefaults.PrimeroUser, SimulatorDefaults.PrimeroPassword));

    private async Task<AuthenticationHeaderValue> LoginAsync()
    {
        var (_, body, _) = await SendAsync(HttpMethod.Post, Url("api/v2/tokens"),
            Json("""{"user":{"user_name":"openfn_api","password":"S3cret!"}}"""));
        return new AuthenticationHeaderValue("Bearer", (string)body!["token"]!);
    }

    [Test]
    public async Task Latency_delays_matching_requests()
    {
        Sims.Primero.Faults.Add(FaultRule.Slow("/api/v2/cases", TimeSpan.FromMilliseconds(300)));
        var watch = Stopwatch.StartNew();

        var (status, _, _) = await GetCases();

        Assert.That(status, Is.EqualTo(200));
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(290)));
        Assert.That(Sims.Primero.Log.Entries.Last().Faults, Is.EqualTo("latency 300ms"));
    }

    [Test]
    public async Task Too_many_requests_carries_retry_after_for_the_first_n_requests_only()
    {
        Sims.Primero.Faults.Add(FaultRule.TooManyRequests("/api/v2/cases", retryAfterSeconds: 7, times: 2));

        var first = await GetCases();
        var second = await GetCases();
        var third = await GetCases();

        Assert.That(first.Status, Is.EqualTo(429));
        Assert.That(first.Response.Headers.RetryAfter!.Delta, Is.EqualTo(TimeSpan.FromSeconds(7)));
        Assert.That((int)first.Body!["errors"]![0]!["status"]!, Is.EqualTo(429), "the system's own error envelope");
        Assert.That(second.Status, Is.EqualTo(429));
        Assert.That(third.Status, Is.EqualTo(200));
    }

    [Test]
    public async Task A_503_configuration_lock_names_the_retry_delay_in_the_detail()
    {
        Sims.Primero.Faults.Add(new FaultRule { Path = "/api/v2/*", ErrorRate = 1, ErrorStatus = 503, RetryAfterSeconds = 30 });

        var (status, body, _) = await GetCases();

        Assert.That(status, Is.EqualTo(503));
        Assert.That((string?)body!["errors"]![0]!["detail"], Is.EqualTo("Retry-After: 30"));
    }

    [Test]
    public async Task An_error_rate_fails_a_share_of_requests_in_the_same_order_after_every_reset()
    {
        async Task<List<int>> RunAsync()
        {
            Sims.Primero.Faults.Add(FaultRule.Error("/api/v2/cases", 500, rate: 0.5));
            var statuses = new List<int>();
            for (var i = 0; i < 30; i++) statuses.Add((await GetCases()).Status);
            return statuses;
        }

        var first = await RunAsync();
        Sims.Primero.Reset();
        var second = await RunAsync();

        Assert.That(first, Does.Contain(500).And.Contains(200));
        Assert.That(first.Count(s => s == 500), Is.InRange(5, 25));
        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public async Task Tokens_expire_after_n_requests_and_a_new_login_gets_a_fresh_budget()
    {
        Sims.Primero.Faults.Add(FaultRule.TokenExpiresAfter(3, "/api/v2/cases*"));
        var token = await LoginAsync();

        var statuses = new List<int>();
        for (var i = 0; i < 4; i++) statuses.Add((await GetCases(token)).Status);
        var expired = await GetCases(token);
        var renewed = await GetCases(await LoginAsync());

        Assert.That(statuses, Is.EqualTo(new[] { 200, 200, 200, 401 }));
        Assert.That((string?)expired.Body!["errors"]![0]!["message"], Is.EqualTo("Signature has expired"));
        Assert.That(renewed.Status, Is.EqualTo(200));
    }

    [Test]
    public async Task Malformed_json_is_a_truncated_200_answer()
    {
        Sims.Primero.Faults.Add(FaultRule.MalformedJson("/api/v2/cases"));
        using var request = new HttpRequestMessage(HttpMethod.Get, Url("api/v2/cases?per=2"));
        request.Headers.Authorization = Basic(SimulatorDefaults.PrimeroUser, SimulatorDefaults.PrimeroPassword);

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        Assert.That(text, Does.StartWith("{\"data\":["));
        Assert.Throws(Is.InstanceOf<JsonException>(), () => JsonNode.Parse(text));
    }

    [Test]
    public void A_dropped_connection_fails_the_client_without_an_answer()
    {
        Sims.Primero.Faults.Add(FaultRule.DroppedConnection("/api/v2/cases"));

        Assert.ThrowsAsync<HttpRequestException>(() => GetCases());
        Assert.That(Sims.Primero.Log.Entries.Last().Status, Is.EqualTo(0));
    }

    [Test]
    public void A_connection_dropped_after_handling_still_applies_the_write()
    {
        Sims.Primero.Faults.Add(FaultRule.DroppedConnection("/api/v2/cases/*", afterHandling: true, method: "PATCH"));

        Assert.ThrowsAsync<HttpRequestException>(() => SendAsync(HttpMethod.Patch, Url("api/v2/cases/" + GambellaCase),
            Json("""{"data":{"risk_level":"high"}}"""), r => r.Headers.Authorization = Basic("openfn_api", "S3cret!")));
        Assert.That((string?)Sims.Primero.Store.GetCase(GambellaCase)!["risk_level"], Is.EqualTo("high"));
    }

    [Test]
    public async Task Faults_can_be_set_listed_and_removed_over_http()
    {
        var (created, body, _) = await SendAsync(HttpMethod.Post, Url("__admin/faults"),
            Json("""{"path":"/api/v2/cases","method":"GET","errorStatus":502,"errorRate":1,"errorBody":"<html>Bad Gateway</html>","errorContentType":"text/html"}"""));
        var id = (int)body!["id"]!;
        var failing = await SendAsync(HttpMethod.Get, Url("api/v2/cases"), configure: r => r.Headers.Authorization = Basic("openfn_api", "S3cret!"));
        var listed = await SendAsync(HttpMethod.Get, Url("__admin/faults"));
        var removed = await SendAsync(HttpMethod.Delete, Url($"__admin/faults/{id}"));
        var healthy = await GetCases();

        Assert.That(created, Is.EqualTo(201));
        Assert.That(failing.Status, Is.EqualTo(502));
        Assert.That(await failing.Response.Content.ReadAsStringAsync(), Is.EqualTo("<html>Bad Gateway</html>"));
        Assert.That((int)listed.Body![0]!["rule"]!["errorStatus"]!, Is.EqualTo(502));
        Assert.That((int)listed.Body[0]!["id"]!, Is.EqualTo(id));
        Assert.That(removed.Status, Is.EqualTo(204));
        Assert.That(healthy.Status, Is.EqualTo(200));
        var bad = await SendAsync(HttpMethod.Post, Url("__admin/faults"), Json("""{"errorRate":2}"""));
        Assert.That(bad.Status, Is.EqualTo(400));
    }

    [Test]
    public async Task Latency_is_given_as_a_time_span_over_http()
    {
        var (created, _, _) = await SendAsync(HttpMethod.Post, Url("__admin/faults"), Json("""{"path":"/api/v2/cases","latency":"00:00:00.250","times":1}"""));

        Assert.That(created, Is.EqualTo(201));
        Assert.That(Sims.Primero.Faults.Rules.Single().Rule.Latency, Is.EqualTo(TimeSpan.FromMilliseconds(250)));
    }

    [Test]
    public async Task The_request_log_records_requests_but_not_admin_calls()
    {
        await SendAsync(HttpMethod.Patch, Url("api/v2/cases/" + GambellaCase), Json("""{"data":{"risk_level":"low"}}"""),
            r => r.Headers.Authorization = Basic("openfn_api", "S3cret!"));
        await SendAsync(HttpMethod.Get, Url("__admin/store?summary=true"));

        var entry = Sims.Primero.Log.Entries.Single();
        Assert.That(entry.Method, Is.EqualTo("PATCH"));
        Assert.That(entry.Path, Is.EqualTo("/api/v2/cases/" + GambellaCase));
        Assert.That(entry.Body, Does.Contain("risk_level"));
        Assert.That(entry.Status, Is.EqualTo(200));
        Assert.That(entry.Header("authorization"), Does.StartWith("Basic "));
        var (_, log, _) = await SendAsync(HttpMethod.Get, Url("__admin/log"));
        Assert.That((string?)log![0]!["path"], Is.EqualTo("/api/v2/cases/" + GambellaCase));
        Assert.That((await SendAsync(HttpMethod.Delete, Url("__admin/log"))).Status, Is.EqualTo(204));
        Assert.That(Sims.Primero.Log.Count, Is.Zero);
    }

    [Test]
    public async Task Admin_reads_the_store_and_reset_restores_the_seed()
    {
        Sims.Primero.Store.UpdateCase(GambellaCase, new JsonObject { ["risk_level"] = "high" });

        var (_, summary, _) = await SendAsync(HttpMethod.Get, Url("__admin/store?summary=true"));
        var (_, full, _) = await SendAsync(HttpMethod.Get, Url("__admin/store"));
        var (reset, _, _) = await SendAsync(HttpMethod.Post, Url("__admin/reset"));

        Assert.That((int)summary!["case_count"]!, Is.EqualTo(5));
        Assert.That(full!["cases"]!.AsArray().Single(c => (string?)c!["id"] == GambellaCase)!["risk_level"]!.GetValue<string>(), Is.EqualTo("high"));
        Assert.That(reset, Is.EqualTo(200));
        Assert.That((string?)Sims.Primero.Store.GetCase(GambellaCase)!["risk_level"], Is.EqualTo("medium"));
    }
}
