using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using OpenFn.Simulators.Primero;

namespace OpenFn.Simulators.Tests.Primero;

public sealed class PrimeroAuthTests : SimulatorTestBase
{

    protected override SimulatorOptions CreateOptions() => new()
    {
        Systems = SimulatorSystems.Primero,
        Clock = Clock,
        Primero = new PrimeroOptions { V1FailedLoginDelay = TimeSpan.Zero },
    };

    private Uri Url(string path) => new(Sims.Primero.BaseUrl, path);

    private Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> LoginAsync(string password = SimulatorDefaults.PrimeroPassword) =>
        SendAsync(HttpMethod.Post, Url("api/v2/tokens"),
            Json(new JsonObject { ["user"] = new JsonObject { ["user_name"] = SimulatorDefaults.PrimeroUser, ["password"] = password } }));

    private Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> GetCasesAsync(AuthenticationHeaderValue? auth) =>
        SendAsync(HttpMethod.Get, Url("api/v2/cases?per=1"), configure: r => r.Headers.Authorization = auth);

    [Test]
    public async Task Token_login_returns_the_token_in_the_body_and_the_authorization_header()
    {
        var (status, body, response) = await LoginAsync();

        Assert.That(status, Is.EqualTo(200));
        var token = (string)body!["token"]!;
        Assert.That(token.Split('.'), Has.Length.EqualTo(3), "a JWT-looking token");
        Assert.That(body["user_name"]!.GetValue<string>(), Is.EqualTo(SimulatorDefaults.PrimeroUser));
        Assert.That(response.Headers.GetValues("Authorization").Single(), Is.EqualTo("Bearer " + token));
        Assert.That((await GetCasesAsync(new AuthenticationHeaderValue("Bearer", token))).Status, Is.EqualTo(200));
    }

    [Test]
    public async Task Wrong_password_gets_the_paranoid_devise_message()
    {
        var (status, body, _) = await LoginAsync("wrong");

        Assert.That(status, Is.EqualTo(401));
        Assert.That((string?)body!["error"], Is.EqualTo("Invalid User name or password."));
    }

    [Test]
    public async Task A_request_without_credentials_is_asked_to_sign_in()
    {
        var (status, body, response) = await GetCasesAsync(null);

        Assert.That(status, Is.EqualTo(401));
        Assert.That((string?)body!["error"], Is.EqualTo("You need to sign in or sign up before continuing."));
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Basic realm=\"Primero\""));
    }

    [Test]
    public async Task Basic_auth_works_on_every_request_and_a_wrong_pair_is_refused()
    {
        Assert.That((await GetCasesAsync(Basic(SimulatorDefaults.PrimeroUser, SimulatorDefaults.PrimeroPassword))).Status, Is.EqualTo(200));
        Assert.That((await GetCasesAsync(Basic(SimulatorDefaults.PrimeroUser, "nope"))).Status, Is.EqualTo(401));
    }

    [Test]
    public async Task A_token_expires_after_an_hour_with_the_error_envelope_and_a_new_login_works()
    {
        var token = (string)(await LoginAsync()).Body!["token"]!;
        Clock.Advance(TimeSpan.FromMinutes(61));

        var (status, body, _) = await GetCasesAsync(new AuthenticationHeaderValue("Bearer", token));

        Assert.That(status, Is.EqualTo(401));
        Assert.That((int)body!["errors"]![0]!["status"]!, Is.EqualTo(401));
        Assert.That((string?)body["errors"]![0]!["message"], Is.EqualTo("Signature has expired"));
        var fresh = (string)(await LoginAsync()).Body!["token"]!;
        Assert.That((await GetCasesAsync(new AuthenticationHeaderValue("Bearer", fresh))).Status, Is.EqualTo(200));
    }

    [Test]
    public async Task Posting_to_tokens_with_a_valid_bearer_and_no_body_renews_the_token()
    {
        var token = (string)(await LoginAsync()).Body!["token"]!;

        var (status, body, _) = await SendAsync(HttpMethod.Post, Url("api/v2/tokens"),
            configure: r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token));

        Assert.That(status, Is.EqualTo(200));
        Assert.That((string?)body!["token"], Is.Not.EqualTo(token).And.Not.Null);
    }

    [Test]
    public async Task Deleting_the_token_revokes_it()
    {
        var token = (string)(await LoginAsync()).Body!["token"]!;
        var bearer = new AuthenticationHeaderValue("Bearer", token);

        var (status, _, _) = await SendAsync(HttpMethod.Delete, Url("api/v2/tokens"), configure: r => r.Headers.Authorization = bearer);

        Assert.That(status, Is.EqualTo(200));
        Assert.That((await GetCasesAsync(bearer)).Status, Is.EqualTo(401));
    }

    [Test]
    public async Task The_seventh_login_within_a_minute_is_throttled_with_429()
    {
        for (var i = 0; i < 6; i++) Assert.That((await LoginAsync()).Status, Is.EqualTo(200), $"login {i + 1}");

        Assert.That((await LoginAsync()).Status, Is.EqualTo(429));
        Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.That((await LoginAsync()).Status, Is.EqualTo(200));
    }

    [Test]
    public async Task V1_login_sets_a_session_cookie_that_the_case_list_requires()
    {
        Assert.That((await SendAsync(HttpMethod.Get, Url("api/cases"))).Status, Is.EqualTo(401));
        var (status, body, response) = await SendAsync(HttpMethod.Post, Url("api/login"),
            Json(new JsonObject { ["user_name"] = SimulatorDefaults.PrimeroUser, ["password"] = SimulatorDefaults.PrimeroPassword }));
        Assert.That(status, Is.EqualTo(201));
        Assert.That(body!["session"]!["token"], Is.Not.Null);
        var cookie = response.Headers.GetValues("Set-Cookie").Single().Split(';')[0];

        var list = await SendAsync(HttpMethod.Get, Url("api/cases"), configure: r => r.Headers.Add("Cookie", cookie));

        Assert.That(list.Status, Is.EqualTo(200));
        Assert.That(list.Body, Is.InstanceOf<JsonArray>(), "v1 answers a bare array");
        var bad = await SendAsync(HttpMethod.Post, Url("api/login"), Json("""{"user_name":"openfn_api","password":"x"}"""));
        Assert.That(bad.Status, Is.EqualTo(401));
    }
}

public sealed class PrimeroSessionLoginTests : SimulatorTestBase
{
    protected override SimulatorOptions CreateOptions() => new()
    {
        Systems = SimulatorSystems.Primero,
        Primero = new PrimeroOptions { LoginMode = PrimeroLoginMode.SessionCookie },
    };

    [Test]
    public async Task Since_2_11_login_gives_a_session_cookie_and_writes_need_the_csrf_header()
    {
        var (status, body, response) = await SendAsync(HttpMethod.Post, new Uri(Sims.Primero.BaseUrl, "api/v2/tokens"),
            Json("""{"user":{"user_name":"openfn_api","password":"S3cret!"}}"""));
        Assert.That(status, Is.EqualTo(200));
        Assert.That(body!["token"], Is.Null, "no token in the body since 2.11");
        Assert.That((string?)body["group_permission"], Is.EqualTo("all"));
        var cookies = response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).ToList();
        var csrf = cookies.Single(c => c.StartsWith("CSRF-TOKEN=", StringComparison.Ordinal))["CSRF-TOKEN=".Length..];
        var cookieHeader = string.Join("; ", cookies);
        var caseUrl = new Uri(Sims.Primero.BaseUrl, "api/v2/cases/757f3dd3-c4ca-4e18-be60-19054d848dfe");

        var read = await SendAsync(HttpMethod.Get, caseUrl, configure: r => r.Headers.Add("Cookie", cookieHeader));
        var writeWithoutCsrf = await SendAsync(HttpMethod.Patch, caseUrl, Json("""{"data":{"risk_level":"high"}}"""),
            r => r.Headers.Add("Cookie", cookieHeader));
        var writeWithCsrf = await SendAsync(HttpMethod.Patch, caseUrl, Json("""{"data":{"risk_level":"high"}}"""), r =>
        {
            r.Headers.Add("Cookie", cookieHeader);
            r.Headers.Add("X-CSRF-Token", csrf);
        });

        Assert.That(read.Status, Is.EqualTo(200));
        Assert.That(writeWithoutCsrf.Status, Is.EqualTo(403));
        Assert.That(writeWithCsrf.Status, Is.EqualTo(200));
        Assert.That((string?)Sims.Primero.Store.GetCase("757f3dd3-c4ca-4e18-be60-19054d848dfe")!["risk_level"], Is.EqualTo("high"));
    }
}
