using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OpenFn.Adaptors.Common;
using OpenFn.Adaptors.Http;
using OpenFn.Adaptors.Tests.Support;
using RichardSzalay.MockHttp;

namespace OpenFn.Adaptors.Tests.Http;

/// <summary>http 7.2.10 I/O (openfn-semantics §4.1), driven through <see cref="IAdaptorSession.InvokeAsync"/> as the module does.</summary>
public class CurrentHttpSessionTests
{
    private static readonly JsonObject Credential = new() { ["baseUrl"] = "https://h.example.org/api", ["username"] = "u", ["password"] = "p4ssw0rd!" };

    private static async Task<JsonNode?> Request(AdaptorHarness harness, string method, string? path, JsonObject? options = null, JsonObject? configuration = null)
    {
        configuration ??= (JsonObject)Credential.DeepClone();
        await using var session = harness.Open(new HttpAdaptor(), "7.2.10", configuration);
        return await session.InvokeAsync("request", new JsonArray(method, path, options ?? new JsonObject()), configuration, CancellationToken.None);
    }

    [Test]
    public async Task Get_joins_the_base_path_encodes_the_query_like_undici_and_sends_basic_auth_and_a_json_content_type()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When("*").Respond("application/json", """{"ok":true}""");

        var result = await Request(harness, "GET", "/a", new JsonObject { ["query"] = new JsonObject { ["x"] = 1, ["y"] = "z w:1", ["arr"] = new JsonArray(1, 2), ["o"] = new JsonObject() } });

        var request = harness.Requests.Single();
        Assert.That(request.Wire(), Is.EqualTo("GET https://h.example.org/api/a?x=1&y=z%20w%3A1&arr=1&arr=2&o="));
        Assert.That(request.HeaderValue("Authorization"), Is.EqualTo("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("u:p4ssw0rd!"))));
        Assert.That(request.HeaderValue("Content-Type"), Is.EqualTo("application/json"));
        Assert.That(request.HeaderValue("User-Agent"), Is.Null);
        Assert.That(harness.Bodies.Single(), Is.Empty);
        Assert.That(result!["statusCode"]!.GetValue<int>(), Is.EqualTo(200));
        Assert.That(result["statusMessage"]!.GetValue<string>(), Is.EqualTo("OK"));
        Assert.That(result["body"]!.ToJsonString(), Is.EqualTo("""{"ok":true}"""));
        Assert.That(result["url"]!.GetValue<string>(), Is.EqualTo("https://h.example.org/api/a"));
        Assert.That(result["query"]!.ToJsonString(), Is.EqualTo("""{"x":1,"y":"z w:1","arr":[1,2],"o":{}}"""));
        Assert.That(harness.Logger.Lines.Single(), Does.Match(@"^GET https://h\.example\.org/api/a\?x=1&y=z\+w%3A1&arr=1%2C2&o=%5Bobject\+Object%5D - 200 in \d+ms$"));
    }

    [Test]
    public async Task Post_sends_an_object_as_json_and_a_string_as_is()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When("*").Respond(HttpStatusCode.Created, "application/json", """{"id":7}""");

        await Request(harness, "POST", "b", new JsonObject { ["body"] = new JsonObject { ["email"] = "u" } });
        await Request(harness, "PATCH", "/e", new JsonObject { ["body"] = "rawstring" });

        Assert.That(harness.Requests[0].Wire(), Is.EqualTo("POST https://h.example.org/api/b"));
        Assert.That(harness.Bodies[0], Is.EqualTo("""{"email":"u"}"""));
        Assert.That(harness.Bodies[1], Is.EqualTo("rawstring"));
        Assert.That(harness.Requests[1].HeaderValue("Content-Type"), Is.EqualTo("application/json"));
    }

    [Test]
    public async Task The_query_string_of_the_path_wins_over_the_query_option()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When("*").Respond("application/json", "[]");

        await Request(harness, "GET", "/a?x=url&z=1", new JsonObject { ["query"] = new JsonObject { ["x"] = "option", ["y"] = "2" } });

        Assert.That(harness.Requests.Single().Wire(), Is.EqualTo("GET https://h.example.org/api/a?x=url&y=2&z=1"));
    }

    [Test]
    public async Task An_access_token_becomes_a_bearer_header_and_an_explicit_authorization_header_wins()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When("*").Respond("application/json", "{}");
        var oauth = new JsonObject { ["baseUrl"] = "https://h.example.org", ["access_token"] = "tok-123456" };

        await Request(harness, "GET", "/a", configuration: oauth);
        await Request(harness, "GET", "/a", new JsonObject { ["headers"] = new JsonObject { ["Authorization"] = "Token mine" } });

        Assert.That(harness.Requests[0].HeaderValue("Authorization"), Is.EqualTo("Bearer tok-123456"));
        Assert.That(harness.Requests[1].HeaderValue("Authorization"), Is.EqualTo("Token mine"));
    }

    [Test]
    public async Task Absolute_urls_without_a_base_url_carry_no_credentials()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When("*").Respond("application/json", "{}");

        await Request(harness, "GET", "https://other.example.org/x", configuration: new JsonObject { ["username"] = "u", ["password"] = "p4ssw0rd!" });

        Assert.That(harness.Requests.Single().HeaderValue("Authorization"), Is.Null);
    }

    [Test]
    public void A_different_origin_than_the_base_url_is_rejected()
    {
        var harness = new AdaptorHarness();

        var error = Assert.ThrowsAsync<AdaptorException>(() => Request(harness, "GET", "https://openfn.org/inbox/1"));

        Assert.That(error!.Message, Does.StartWith("BASE_URL_MISMATCH: Target origin does not match baseUrl origin"));
        Assert.That(harness.Requests, Is.Empty);
    }

    [Test]
    public void A_relative_path_without_a_base_url_is_rejected()
    {
        var harness = new AdaptorHarness();

        var error = Assert.ThrowsAsync<AdaptorException>(() => Request(harness, "GET", "/a", configuration: new JsonObject()));

        Assert.That(error!.Message, Does.StartWith("UNEXPECTED_RELATIVE_URL"));
    }

    [Test]
    public void A_404_fails_with_status_url_and_a_scrubbed_body_excerpt_and_logs_the_body()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When("*").Respond(HttpStatusCode.NotFound, "application/json", """{"error":"no such thing","echo":"p4ssw0rd!"}""");

        var error = Assert.ThrowsAsync<AdaptorException>(() => Request(harness, "GET", "/notfound"));

        Assert.That(error!.Message, Is.EqualTo("GET to https://h.example.org/api/notfound returned 404: Not Found"));
        Assert.That(error.Details!["statusCode"]!.GetValue<int>(), Is.EqualTo(404));
        Assert.That(error.Details["body"]!.ToJsonString(), Is.EqualTo("""{"error":"no such thing","echo":"****"}"""));
        Assert.That(harness.Logger.Lines[0], Does.StartWith("GET https://h.example.org/api/notfound - 404 in "));
        Assert.That(harness.Logger.Lines[1], Is.EqualTo("response body: "));
        Assert.That(harness.Logger.AllText, Does.Not.Contain("p4ssw0rd!"));
        Assert.That(error.Details.ToJsonString(), Does.Not.Contain("p4ssw0rd!"));
    }

    [Test]
    public async Task Errors_false_returns_the_error_response_as_data()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When("*").Respond(HttpStatusCode.NotFound, "application/json", """{"error":"gone"}""");

        var result = await Request(harness, "GET", "/notfound", new JsonObject { ["errors"] = false });

        Assert.That(result!["statusCode"]!.GetValue<int>(), Is.EqualTo(404));
        Assert.That(result["body"]!["error"]!.GetValue<string>(), Is.EqualTo("gone"));
    }

    [Test]
    public void An_errors_map_message_replaces_the_default_one()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When("*").Respond(HttpStatusCode.Conflict, "application/json", "{}");

        var error = Assert.ThrowsAsync<AdaptorException>(() => Request(harness, "POST", "/x", new JsonObject { ["errors"] = new JsonObject { ["409"] = "Already there" } }));

        Assert.That(error!.Message, Is.EqualTo("Already there"));
    }

    [Test]
    public async Task Empty_and_text_bodies_follow_parse_as_rules()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When("https://h.example.org/api/empty").Respond(HttpStatusCode.NoContent);
        harness.Mock.When("https://h.example.org/api/text").Respond("text/plain", "hello");

        var empty = await Request(harness, "DELETE", "/empty");
        var text = await Request(harness, "GET", "/text");
        var base64 = await Request(harness, "GET", "/text", new JsonObject { ["parseAs"] = "base64" });

        Assert.That(empty!.AsObject().ContainsKey("body"), Is.False);
        Assert.That(text!["body"]!.GetValue<string>(), Is.EqualTo("hello"));
        Assert.That(base64!["body"]!.GetValue<string>(), Is.EqualTo(Convert.ToBase64String("hello"u8.ToArray())));
    }

    [Test]
    public async Task A_form_body_is_multipart_without_the_json_content_type()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When("*").Respond("application/json", "{}");

        await Request(harness, "POST", "/form", new JsonObject
        {
            ["contentType"] = "form",
            ["body"] = new JsonObject { ["a"] = 1, ["b"] = new JsonObject { ["c"] = 2 }, ["skip"] = null },
        });

        Assert.That(harness.Requests.Single().HeaderValue("Content-Type"), Does.StartWith("multipart/form-data"));
        Assert.That(harness.Bodies.Single(), Does.Contain("name=a").And.Contain("{\"c\":2}").And.Not.Contain("skip"));
    }

    [Test]
    public async Task A_gzip_response_is_decoded()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When("*").Respond(_ =>
        {
            using var buffer = new MemoryStream();
            using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
                gzip.Write("""{"zipped":true}"""u8);
            var content = new ByteArrayContent(buffer.ToArray());
            content.Headers.ContentType = new("application/json");
            content.Headers.ContentEncoding.Add("gzip");
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        });

        var result = await Request(harness, "GET", "/z");

        Assert.That(result!["body"]!["zipped"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task Redirects_are_followed_unless_max_redirections_is_zero()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When("https://h.example.org/api/old").Respond(_ =>
            new HttpResponseMessage(HttpStatusCode.Found) { Headers = { Location = new Uri("/api/new", UriKind.Relative) } });
        harness.Mock.When("https://h.example.org/api/new").Respond("application/json", """{"moved":true}""");

        var followed = await Request(harness, "GET", "/old");
        var notFollowed = await Request(harness, "GET", "/old", new JsonObject { ["maxRedirections"] = 0 });

        Assert.That(followed!["body"]!["moved"]!.GetValue<bool>(), Is.True);
        Assert.That(followed["url"]!.GetValue<string>(), Is.EqualTo("https://h.example.org/api/old"));
        Assert.That(notFollowed!["statusCode"]!.GetValue<int>(), Is.EqualTo(302));
    }
}
