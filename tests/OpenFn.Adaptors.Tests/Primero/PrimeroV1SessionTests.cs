using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OpenFn.Adaptors.Common;
using OpenFn.Adaptors.Primero;
using OpenFn.Adaptors.Tests.Support;
using RichardSzalay.MockHttp;

namespace OpenFn.Adaptors.Tests.Primero;

/// <summary>Primero API v1.1 calls of language-primero 1.x (openfn-semantics §5.3, system-apis §1.5).</summary>
public class PrimeroV1SessionTests
{
    private const string Host = "https://primero-v1.example.org";
    private const string Password = "V1-S3cret!";

    private static JsonObject Credential() => new() { ["url"] = Host, ["user"] = "primero_api", ["password"] = Password };

    private static void ServeLogin(AdaptorHarness harness) =>
        harness.Mock.When(HttpMethod.Post, Host + "/api/login").Respond(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.Created)
            {
                Content = new StringContent("""{"session":{"token":"3f9c"}}""", Encoding.UTF8, "application/json"),
            };
            response.Headers.Add("Set-Cookie", "_primero_session=sess-v1-cookie-value; path=/; HttpOnly");
            return response;
        });

    private static string CaseList(int from, int count) =>
        new JsonArray(Enumerable.Range(from, count).Select(i => (JsonNode?)new JsonObject { ["_id"] = $"id{i}", ["case_id"] = $"c{i}" }).ToArray()).ToJsonString();

    private static async Task<JsonNode?> Invoke(AdaptorHarness harness, string name, JsonArray args)
    {
        var configuration = Credential();
        await using var session = harness.Open(new PrimeroAdaptor(), "1", configuration);
        return await session.InvokeAsync(name, args, configuration, CancellationToken.None);
    }

    [Test]
    public async Task Login_keeps_a_session_cookie_and_scope_filters_are_qs_encoded()
    {
        var harness = new AdaptorHarness();
        ServeLogin(harness);
        harness.Mock.When(HttpMethod.Get, Host + "/api/cases").Respond("application/json", CaseList(1, 3));

        var result = await Invoke(harness, "getCases", new JsonArray(new JsonObject
        {
            ["remote"] = true,
            ["scope"] = new JsonObject
            {
                ["transitions_changed_at"] = "date_range||01-01-2020.01-01-4000",
                ["service_response_types"] = "list||referral_to_oscar",
            },
        }));

        Assert.That(harness.Bodies[0], Is.EqualTo("""{"user_name":"primero_api","password":"V1-S3cret!"}"""));
        Assert.That(harness.Requests[1].Wire(), Is.EqualTo("GET " + Host + "/api/cases?remote=true"
            + "&scope%5Btransitions_changed_at%5D=date_range%7C%7C01-01-2020.01-01-4000"
            + "&scope%5Bservice_response_types%5D=list%7C%7Creferral_to_oscar"));
        Assert.That(harness.Requests[1].HeaderValue("Cookie"), Is.EqualTo("_primero_session=sess-v1-cookie-value"));
        Assert.That(harness.Requests[1].HeaderValue("Authorization"), Is.Null);
        Assert.That(result!["data"]!.AsArray(), Has.Count.EqualTo(3));
        Assert.That(harness.Logger.AllText, Does.Not.Contain(Password).And.Not.Contain("sess-v1-cookie-value"));
    }

    [Test]
    public async Task Full_pages_are_followed_until_a_short_one()
    {
        var harness = new AdaptorHarness();
        ServeLogin(harness);
        harness.Mock.When(Host + "/api/cases?remote=true&page=3&per=20").Respond("application/json", CaseList(40, 5));
        harness.Mock.When(Host + "/api/cases?remote=true&page=2&per=20").Respond("application/json", CaseList(20, 20));
        harness.Mock.When(Host + "/api/cases?remote=true").Respond("application/json", CaseList(0, 20));

        var result = await Invoke(harness, "getCases", new JsonArray(new JsonObject { ["remote"] = true }));

        Assert.That(harness.Requests.Skip(1).Select(r => r.RequestUri!.Query), Is.EqualTo(new[] { "?remote=true", "?remote=true&page=2&per=20", "?remote=true&page=3&per=20" }));
        Assert.That(result!["data"]!.AsArray(), Has.Count.EqualTo(45));
        Assert.That(harness.Logger.Lines, Does.Contain("45 cases retrieved from /api/cases in 3 pages"));
    }

    [Test]
    public async Task Create_and_update_send_the_data_itself_without_an_envelope()
    {
        var harness = new AdaptorHarness();
        ServeLogin(harness);
        harness.Mock.When(HttpMethod.Post, Host + "/api/cases").Respond(HttpStatusCode.Created, "application/json", """{"_id":"new1"}""");
        harness.Mock.When(HttpMethod.Patch, Host + "/api/cases/id7").Respond("application/json", """{"_id":"id7"}""");
        var child = new JsonObject { ["remote"] = true, ["child"] = new JsonObject { ["name"] = "x" } };

        var created = await Invoke(harness, "createCase", new JsonArray(child));
        var updated = await Invoke(harness, "updateCase", new JsonArray("id7", child.DeepClone()));

        Assert.That(harness.Bodies[1], Is.EqualTo("""{"remote":true,"child":{"name":"x"}}"""));
        Assert.That(created!["data"]!["_id"]!.GetValue<string>(), Is.EqualTo("new1"));
        Assert.That(updated!["data"]!["_id"]!.GetValue<string>(), Is.EqualTo("id7"));
    }

    [Test]
    public async Task Upsert_searches_with_scope_or_and_appends_only_new_services()
    {
        var harness = new AdaptorHarness();
        ServeLogin(harness);
        harness.Mock.When(HttpMethod.Get, Host + "/api/cases").Respond("application/json",
            """[{"_id":"id7","services_section":[{"unique_id":"s1","service_type":"old"}]}]""");
        harness.Mock.When(HttpMethod.Patch, Host + "/api/cases/id7").Respond("application/json", """{"_id":"id7"}""");

        await Invoke(harness, "upsertCase", new JsonArray(new JsonObject
        {
            ["externalIds"] = new JsonArray("oscar_number", "case_id"),
            ["data"] = new JsonObject
            {
                ["oscar_number"] = "01HZ",
                ["child"] = new JsonObject { ["services_section"] = new JsonArray(new JsonObject { ["unique_id"] = "s1" }, new JsonObject { ["unique_id"] = "s2" }) },
            },
        }));

        Assert.That(harness.Requests[1].Wire(), Is.EqualTo("GET " + Host + "/api/cases?remote=true&scope%5Bor%5D%5Boscar_number%5D=or_op%7C%7C01HZ"));
        Assert.That(harness.Bodies[2], Is.EqualTo(
            """{"oscar_number":"01HZ","child":{"services_section":[{"unique_id":"s1","service_type":"old"},{"unique_id":"s2"}]}}"""));
    }

    [Test]
    public void Upsert_with_several_matches_fails()
    {
        var harness = new AdaptorHarness();
        ServeLogin(harness);
        harness.Mock.When(HttpMethod.Get, Host + "/api/cases").Respond("application/json", CaseList(1, 2));

        var error = Assert.ThrowsAsync<AdaptorException>(() => Invoke(harness, "upsertCase", new JsonArray(new JsonObject
        {
            ["externalIds"] = new JsonArray("case_id"),
            ["data"] = new JsonObject { ["case_id"] = "c1" },
        })));

        Assert.That(error!.Message, Is.EqualTo("Multiple cases found. Try using another externalId and ensure that it is unique."));
    }

    [Test]
    public void A_rejected_login_fails_clearly()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When(HttpMethod.Post, Host + "/api/login").Respond(HttpStatusCode.Unauthorized);

        var error = Assert.ThrowsAsync<AdaptorException>(() => Invoke(harness, "getCases", new JsonArray(new JsonObject())));

        Assert.That(error!.Message, Is.EqualTo("Primero login failed: POST https://primero-v1.example.org/api/login returned 401 Unauthorized"));
    }
}
