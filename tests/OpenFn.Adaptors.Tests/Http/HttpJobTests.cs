using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OpenFn.Adaptors.Http;
using OpenFn.Adaptors.Tests.Support;
using RichardSzalay.MockHttp;

namespace OpenFn.Adaptors.Tests.Http;

/// <summary>Jobs run through the runtime against the http modules: the same old-style job on 4.2.8 and 7.2.10 (§4.5).</summary>
public class HttpJobTests
{
    private const string OldStyleJob = """
        post('/api/v1/admin_auth/sign_in',
             { keepCookie: true, body: { email: 'u', password: state.configuration.password } },
             get('/api/v1/organizations/clients',
                 { headers: s => ({ 'access-token': s.data.__headers['access-token'] }), query: { since_date: '2025-08-02 00:00:00' } }));
        """;

    private static JsonObject Input() => new()
    {
        ["configuration"] = new JsonObject { ["baseUrl"] = "https://oscar.example.org", ["username"] = "u", ["password"] = "S3cret!pw" },
        ["data"] = new JsonObject(),
    };

    private static void ServeOscar(AdaptorHarness harness)
    {
        harness.Mock.When(HttpMethod.Post, "https://oscar.example.org/api/v1/admin_auth/sign_in").Respond(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"data":{"id":1}}""", Encoding.UTF8, "application/json") };
            response.Headers.Add("access-token", "kq3Xb0wR9uVtM1cZpL2yAg");
            response.Headers.Add("Set-Cookie", "_cif-web_session=abc; path=/");
            return response;
        });
        harness.Mock.When(HttpMethod.Get, "https://oscar.example.org/api/v1/organizations/clients").Respond("application/json", """{"data":[{"global_id":"01J1"}]}""");
    }

    [Test]
    public async Task On_4_2_8_the_callback_get_runs_with_the_login_headers()
    {
        var harness = new AdaptorHarness();
        ServeOscar(harness);

        var outcome = await JobRunner.RunAsync(harness, new HttpAdaptor(), "http@4.2.8", OldStyleJob, Input());

        Assert.That(outcome.Error, Is.Null);
        Assert.That(harness.Requests.Select(r => r.Wire()), Is.EqualTo(new[]
        {
            "POST https://oscar.example.org/api/v1/admin_auth/sign_in",
            "GET https://oscar.example.org/api/v1/organizations/clients?since_date=2025-08-02+00:00:00",
        }));
        Assert.That(harness.Bodies[0], Is.EqualTo("""{"email":"u","password":"S3cret!pw"}"""));
        Assert.That(harness.Requests[1].HeaderValue("access-token"), Is.EqualTo("kq3Xb0wR9uVtM1cZpL2yAg"));
        Assert.That(harness.Requests[1].HeaderValue("cookie"), Is.EqualTo("_cif-web_session=abc; Path=/"));
        Assert.That(outcome.Output!["data"]!["data"]![0]!["global_id"]!.GetValue<string>(), Is.EqualTo("01J1"));
        Assert.That(outcome.Output["references"]![1]!["__cookie"]!.GetValue<string>(), Is.EqualTo("_cif-web_session=abc"));
    }

    [Test]
    public async Task On_7_2_10_the_params_become_the_payload_and_the_get_never_runs()
    {
        var harness = new AdaptorHarness();
        ServeOscar(harness);

        var outcome = await JobRunner.RunAsync(harness, new HttpAdaptor(), "http@7.2.10", OldStyleJob, Input());

        Assert.That(outcome.Error, Is.Null);
        Assert.That(harness.Requests.Select(r => r.Wire()), Is.EqualTo(new[] { "POST https://oscar.example.org/api/v1/admin_auth/sign_in" }));
        Assert.That(harness.Bodies[0], Is.EqualTo("""{"keepCookie":true,"body":{"email":"u","password":"S3cret!pw"}}"""));
        Assert.That(outcome.Output!["data"]!["data"]!["id"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(outcome.Output["response"]!["headers"]!["access-token"]!.GetValue<string>(), Is.EqualTo("kq3Xb0wR9uVtM1cZpL2yAg"));
    }

    [Test]
    public async Task On_4_2_8_query_functions_are_not_resolved_but_header_and_body_functions_are()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When("*").Respond("application/json", "{}");
        const string job = """
            post('/x', {
              headers: s => ({ 'x-id': s.id }),
              body: s => ({ id: s.id, nested: { at: n => n.at } }),
              query: { lazy: s => s.id, plain: 'yes' },
            });
            """;
        var input = Input();
        input["id"] = "abc";
        input["at"] = "2025";

        var outcome = await JobRunner.RunAsync(harness, new HttpAdaptor(), "http@4", job, input);

        Assert.That(outcome.Error, Is.Null);
        Assert.That(harness.Requests.Single().Wire(), Is.EqualTo("POST https://oscar.example.org/x?plain=yes"));
        Assert.That(harness.Requests.Single().HeaderValue("x-id"), Is.EqualTo("abc"));
        Assert.That(harness.Bodies.Single(), Is.EqualTo("""{"id":"abc","nested":{"at":"2025"}}"""));
    }

    [Test]
    public async Task On_4_2_8_transform_response_sees_the_raw_text_and_the_result_is_still_parsed()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When("*").Respond("application/json", """{"message":"Record saved."}""");
        const string job = """
            post('/upsert', { body: {}, transformResponse: [data => { if (typeof data !== 'string') throw new Error('not raw'); return data; }] });
            """;

        var outcome = await JobRunner.RunAsync(harness, new HttpAdaptor(), "http@4.2.8", job, Input());

        Assert.That(outcome.Error, Is.Null);
        Assert.That(outcome.Output!["data"]!["message"]!.GetValue<string>(), Is.EqualTo("Record saved."));
    }

    [Test]
    public async Task On_7_2_10_functions_inside_options_are_resolved_against_the_current_state()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When("*").Respond("application/json", """{"n":2}""");
        const string job = """
            get('/a', { query: { id: s => s.id } });
            post('/b', s => ({ previous: s.data.n }), { headers: { 'x-trace': s => s.id } });
            """;
        var input = Input();
        input["id"] = "42";

        var outcome = await JobRunner.RunAsync(harness, new HttpAdaptor(), "http@7", job, input);

        Assert.That(outcome.Error, Is.Null);
        Assert.That(harness.Requests[0].Wire(), Is.EqualTo("GET https://oscar.example.org/a?id=42"));
        Assert.That(harness.Bodies[1], Is.EqualTo("""{"previous":2}"""));
        Assert.That(harness.Requests[1].HeaderValue("x-trace"), Is.EqualTo("42"));
        Assert.That(outcome.Output!["references"]!.AsArray(), Has.Count.EqualTo(2));
    }
}
