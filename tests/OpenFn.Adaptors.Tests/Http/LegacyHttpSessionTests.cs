using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OpenFn.Adaptors.Common;
using OpenFn.Adaptors.Http;
using OpenFn.Adaptors.Tests.Support;
using RichardSzalay.MockHttp;

namespace OpenFn.Adaptors.Tests.Http;

/// <summary>http 4.2.8 I/O (openfn-semantics §4.3): axios 1.1.3 wire format, Basic auth everywhere, the cookie jar.</summary>
public class LegacyHttpSessionTests
{
    private static readonly JsonObject Credential = new()
    {
        ["baseUrl"] = "https://oscar.example.org/",
        ["username"] = "primero-api@example.org",
        ["password"] = "S3cret!pw",
    };

    private static readonly string Basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("primero-api@example.org:S3cret!pw"));

    private static Task<JsonNode?> Invoke(IAdaptorSession session, string method, string path, JsonObject parameters, bool rawBody = false) =>
        session.InvokeAsync("request", new JsonArray(method, path, parameters, rawBody), (JsonObject)Credential.DeepClone(), CancellationToken.None);

    [Test]
    public async Task A_get_sends_axios_headers_basic_auth_an_empty_cookie_header_and_axios_query_encoding()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When("*").Respond("application/json", """{"data":[]}""");
        await using var session = harness.Open(new HttpAdaptor(), "4.2.8", Credential);

        await Invoke(session, "GET", "/api/v1/organizations/clients", new JsonObject
        {
            ["headers"] = new JsonObject { ["Content-Type"] = "application/json", ["access-token"] = "tok" },
            ["query"] = new JsonObject { ["since_date"] = "2022-12-19 00:00:00", ["arr"] = new JsonArray(1, 2), ["o"] = new JsonObject { ["a"] = 1 }, ["n"] = null },
        });

        var request = harness.Requests.Single();
        Assert.That(request.Wire(), Is.EqualTo(
            "GET https://oscar.example.org/api/v1/organizations/clients?since_date=2022-12-19+00:00:00&arr[]=1&arr[]=2&o[a]=1"));
        Assert.That(request.HeaderValue("Accept"), Is.EqualTo("application/json, text/plain, */*"));
        Assert.That(request.HeaderValue("User-Agent"), Is.EqualTo("axios/1.1.3"));
        Assert.That(request.HeaderValue("Accept-Encoding"), Is.EqualTo("gzip, deflate, br"));
        Assert.That(request.HeaderValue("Authorization"), Is.EqualTo(Basic));
        Assert.That(request.HeaderValue("access-token"), Is.EqualTo("tok"));
        Assert.That(request.Headers.Contains("cookie"), Is.True, "axios sent the jar's cookie header even when empty");
        Assert.That(harness.Bodies.Single(), Is.EqualTo("null"), "a GET with an explicit JSON content type sends the literal null");
    }

    [Test]
    public async Task Basic_auth_from_the_credential_replaces_an_explicit_authorization_header()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When("*").Respond("application/json", "{}");
        await using var session = harness.Open(new HttpAdaptor(), "4.2.8", Credential);

        await Invoke(session, "GET", "https://elsewhere.example.net/x", new JsonObject { ["headers"] = new JsonObject { ["Authorization"] = "Bearer mine" } });

        Assert.That(harness.Requests.Single().Wire(), Is.EqualTo("GET https://elsewhere.example.net/x"), "absolute URLs ignore baseUrl");
        Assert.That(harness.Requests.Single().HeaderValue("Authorization"), Is.EqualTo(Basic));
    }

    [Test]
    public async Task A_post_body_is_json_and_the_response_object_carries_no_credentials()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When("*").Respond(HttpStatusCode.OK, "application/json", """{"external_id":"x","message":"Record saved."}""");
        await using var session = harness.Open(new HttpAdaptor(), "4.2.8", Credential);

        var result = await Invoke(session, "POST", "api/v1/organizations/clients/upsert/", new JsonObject { ["body"] = new JsonObject { ["organization"] = new JsonObject { ["a"] = 1 } } });

        Assert.That(harness.Requests.Single().Wire(), Is.EqualTo("POST https://oscar.example.org/api/v1/organizations/clients/upsert/"));
        Assert.That(harness.Requests.Single().HeaderValue("Content-Type"), Is.EqualTo("application/json"));
        Assert.That(harness.Bodies.Single(), Is.EqualTo("""{"organization":{"a":1}}"""));
        Assert.That(result!["body"]!["message"]!.GetValue<string>(), Is.EqualTo("Record saved."));
        Assert.That(result["response"]!["status"]!.GetValue<int>(), Is.EqualTo(200));
        Assert.That(result["response"]!["config"]!["method"]!.GetValue<string>(), Is.EqualTo("post"));
        Assert.That(result.ToJsonString(), Does.Not.Contain("S3cret!pw").And.Not.Contain(Basic[6..]));
        Assert.That(harness.Logger.Lines.Single(), Is.EqualTo("POST request succeeded with 200 ✓"));
    }

    [Test]
    public async Task Keep_cookie_stores_cookies_that_later_requests_send_with_their_attributes()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When("https://oscar.example.org/api/v1/admin_auth/sign_in").Respond(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"data":{"id":1}}""", Encoding.UTF8, "application/json") };
            response.Headers.Add("Set-Cookie", "_cif-web_session=abc123; path=/; HttpOnly");
            response.Headers.Add("access-token", "kq3Xb0wR9uVtM1cZpL2yAg");
            return response;
        });
        harness.Mock.When("https://oscar.example.org/api/v1/organizations/clients").Respond("application/json", "[]");
        await using var session = harness.Open(new HttpAdaptor(), "4.2.8", Credential);

        var login = await Invoke(session, "POST", "/api/v1/admin_auth/sign_in", new JsonObject { ["keepCookie"] = true, ["body"] = new JsonObject { ["email"] = "e" } });
        await Invoke(session, "GET", "/api/v1/organizations/clients", new JsonObject());

        Assert.That(login!["cookies"]!.ToJsonString(), Is.EqualTo("""["_cif-web_session=abc123"]"""));
        Assert.That(login["response"]!["headers"]!["access-token"]!.GetValue<string>(), Is.EqualTo("kq3Xb0wR9uVtM1cZpL2yAg"));
        Assert.That(harness.Requests[0].HeaderValue("cookie"), Is.Empty);
        Assert.That(harness.Requests[1].HeaderValue("cookie"), Is.EqualTo("_cif-web_session=abc123; Path=/; HttpOnly"));
    }

    [Test]
    public async Task Cookies_are_not_stored_without_keep_cookie()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When("*").Respond(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
            response.Headers.Add("Set-Cookie", "sess=abc; Path=/");
            return response;
        });
        await using var session = harness.Open(new HttpAdaptor(), "4.2.8", Credential);

        var first = await Invoke(session, "GET", "/a", new JsonObject());
        await Invoke(session, "GET", "/b", new JsonObject());

        Assert.That(first!.AsObject().ContainsKey("cookies"), Is.False);
        Assert.That(harness.Requests[1].HeaderValue("cookie"), Is.Empty);
    }

    [Test]
    public async Task Text_bodies_stay_text_and_raw_body_skips_json_parsing()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When("*").Respond("application/json", """{"a":1}""");
        await using var session = harness.Open(new HttpAdaptor(), "4.2.8", Credential);

        var parsed = await Invoke(session, "GET", "/a", new JsonObject());
        var raw = await Invoke(session, "GET", "/a", new JsonObject(), rawBody: true);

        Assert.That(parsed!["body"]!["a"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(raw!["body"]!.GetValue<string>(), Is.EqualTo("""{"a":1}"""));
    }

    [Test]
    public async Task Success_codes_decide_what_counts_as_success()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When("*").Respond(HttpStatusCode.Created, "application/json", "{}");
        await using var session = harness.Open(new HttpAdaptor(), "4.2.8", Credential);

        await Invoke(session, "POST", "/a", new JsonObject());
        var error = Assert.ThrowsAsync<AdaptorException>(() =>
            Invoke(session, "POST", "/a", new JsonObject { ["options"] = new JsonObject { ["successCodes"] = new JsonArray(200) } }));

        Assert.That(error!.Message, Does.StartWith("Request failed with status code 201"));
    }

    [Test]
    public void A_422_fails_like_axios_with_the_response_in_the_details_and_no_secret()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When("*").Respond(HttpStatusCode.UnprocessableEntity, "application/json",
            """{"external_id":"d41e","message":"Record was found.","errors":{"global_id":"global_id must exist."}}""");

        var error = Assert.ThrowsAsync<AdaptorException>(async () =>
        {
            await using var session = harness.Open(new HttpAdaptor(), "4.2.8", Credential);
            await Invoke(session, "POST", "/api/v1/organizations/clients/upsert", new JsonObject { ["body"] = new JsonObject() });
        });

        Assert.That(error!.Message, Does.StartWith(
            "Request failed with status code 422 (POST https://oscar.example.org/api/v1/organizations/clients/upsert: {\"external_id\":\"d41e\",\"message\":\"Record was found."));
        Assert.That(error.Details!["response"]!["status"]!.GetValue<int>(), Is.EqualTo(422));
        Assert.That(error.Details["response"]!["data"]!["message"]!.GetValue<string>(), Is.EqualTo("Record was found."));
        Assert.That(error.Message + error.Details.ToJsonString() + harness.Logger.AllText, Does.Not.Contain("S3cret!pw"));
    }

    [Test]
    public async Task Form_data_is_sent_as_multipart_and_json_true_sets_the_content_type()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When("*").Respond("application/json", "{}");
        await using var session = harness.Open(new HttpAdaptor(), "4.2.8", Credential);

        await Invoke(session, "POST", "/form", new JsonObject { ["formData"] = new JsonObject { ["a"] = "1" } });
        await Invoke(session, "POST", "/json", new JsonObject { ["json"] = new JsonObject { ["x"] = 1 } });

        Assert.That(harness.Requests[0].HeaderValue("Content-Type"), Does.StartWith("multipart/form-data"));
        Assert.That(harness.Bodies[0], Does.Contain("name=a"));
        Assert.That(harness.Requests[1].HeaderValue("Content-Type"), Is.EqualTo("application/json"));
        Assert.That(harness.Bodies[1], Is.EqualTo("""{"x":1}"""));
    }
}
