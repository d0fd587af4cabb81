using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OpenFn.Adaptors.Common;
using OpenFn.Adaptors.Primero;
using OpenFn.Adaptors.Tests.Support;
using RichardSzalay.MockHttp;

namespace OpenFn.Adaptors.Tests.Primero;

/// <summary>Primero API v2 calls of language-primero 2.x/4.x (openfn-semantics §5.1-5.2), through the session.</summary>
public class PrimeroV2SessionTests
{
    private const string Host = "https://primero.example.org";
    private const string Password = "S3cret!pass";
    private const string Token = "eyJhbGciOiJIUzI1NiJ9.tok.sig";

    private static JsonObject Credential(bool basicAuth = false) => new()
    {
        ["url"] = Host + "/",
        ["user"] = "openfn_api",
        ["password"] = Password,
        ["basicAuth"] = basicAuth,
    };

    private static void ServeLogin(AdaptorHarness harness, string token = Token) =>
        harness.Mock.When(HttpMethod.Post, Host + "/api/v2/tokens")
            .Respond("application/json", $$"""{"id":17,"user_name":"openfn_api","token":"{{token}}"}""");

    private static string Cases(int from, int count, int total, int per, int page) =>
        new JsonObject
        {
            ["data"] = new JsonArray(Enumerable.Range(from, count).Select(i => (JsonNode?)new JsonObject { ["id"] = $"rec-{i}", ["case_id"] = $"case-{i}" }).ToArray()),
            ["metadata"] = new JsonObject { ["total"] = total, ["per"] = per, ["page"] = page },
        }.ToJsonString();

    private static async Task<JsonNode?> Invoke(AdaptorHarness harness, string name, JsonArray args, string version = "4.1.1", JsonObject? configuration = null)
    {
        configuration ??= Credential();
        await using var session = harness.Open(new PrimeroAdaptor(), version, configuration);
        return await session.InvokeAsync(name, args, configuration, CancellationToken.None);
    }

    private static string Secretless(AdaptorHarness harness, Exception? error = null) =>
        harness.Logger.AllText + (error?.Message ?? "") + ((error as AdaptorException)?.Details?.ToJsonString() ?? "");

    [Test]
    public async Task Login_once_then_get_cases_with_qs_encoding_and_the_bearer_token()
    {
        var harness = new AdaptorHarness();
        ServeLogin(harness);
        harness.Mock.When(HttpMethod.Get, Host + "/api/v2/cases").Respond("application/json", Cases(1, 2, 2, 20, 1));

        var result = await Invoke(harness, "getCases", new JsonArray(
            new JsonObject { ["remote"] = true, ["last_updated_at"] = "2025-08-02T00:00:04.400Z..", ["workflow"] = "referral_to_oscar", ["scope"] = new JsonObject() },
            new JsonObject()));

        Assert.That(harness.Requests.Select(r => r.Wire()), Is.EqualTo(new[]
        {
            "POST https://primero.example.org/api/v2/tokens",
            "GET https://primero.example.org/api/v2/cases?remote=true&last_updated_at=2025-08-02T00%3A00%3A04.400Z..&workflow=referral_to_oscar",
        }));
        Assert.That(harness.Bodies[0], Is.EqualTo("""{"user":{"user_name":"openfn_api","password":"S3cret!pass"}}"""));
        Assert.That(harness.Requests[1].HeaderValue("Authorization"), Is.EqualTo("Bearer " + Token));
        Assert.That(harness.Requests[1].HeaderValue("Content-Type"), Is.EqualTo("application/json"));
        Assert.That(result!["data"]!.AsArray(), Has.Count.EqualTo(2));
        Assert.That(result["metadata"]!["total"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(harness.Logger.Lines, Does.Contain("Primero says: '200 OK'"));
        Assert.That(Secretless(harness), Does.Not.Contain(Password).And.Not.Contain(Token));
    }

    [Test]
    public async Task Every_page_is_fetched_with_the_page_size_the_server_used()
    {
        var harness = new AdaptorHarness();
        ServeLogin(harness);
        harness.Mock.When(Host + "/api/v2/cases?remote=true&per=10000").Respond("application/json", Cases(0, 1000, 2500, 10000, 1));
        harness.Mock.When(Host + "/api/v2/cases?remote=true&per=1000&page=2").Respond("application/json", Cases(1000, 1000, 2500, 1000, 2));
        harness.Mock.When(Host + "/api/v2/cases?remote=true&per=1000&page=3").Respond("application/json", Cases(2000, 500, 2500, 1000, 3));

        var result = await Invoke(harness, "getCases", new JsonArray(new JsonObject { ["remote"] = true, ["per"] = 10000 }, new JsonObject()));

        Assert.That(harness.Requests.Skip(1).Select(r => r.RequestUri!.Query), Is.EqualTo(new[]
        {
            "?remote=true&per=10000", "?remote=true&per=1000&page=2", "?remote=true&per=1000&page=3",
        }));
        var ids = result!["data"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()).ToList();
        Assert.That(ids, Has.Count.EqualTo(2500));
        Assert.That(ids, Is.Unique);
        Assert.That(harness.Logger.Lines, Does.Contain("2500 of 2500 cases retrieved from /api/v2/cases in 3 pages"));
    }

    [Test]
    public async Task A_query_that_names_a_page_gets_that_page_only()
    {
        var harness = new AdaptorHarness();
        ServeLogin(harness);
        harness.Mock.When(HttpMethod.Get, Host + "/api/v2/cases").Respond("application/json", Cases(20, 20, 100, 20, 2));

        var result = await Invoke(harness, "getCases", new JsonArray(new JsonObject { ["page"] = 2 }, new JsonObject()));

        Assert.That(harness.Requests, Has.Count.EqualTo(2));
        Assert.That(result!["data"]!.AsArray(), Has.Count.EqualTo(20));
    }

    [Test]
    public async Task With_referrals_each_case_gets_its_referrals_and_a_failure_leaves_them_out()
    {
        var harness = new AdaptorHarness();
        ServeLogin(harness);
        harness.Mock.When(HttpMethod.Get, Host + "/api/v2/cases").Respond("application/json", Cases(1, 2, 2, 20, 1));
        harness.Mock.When(Host + "/api/v2/cases/rec-1/referrals").Respond("application/json", """{"data":[{"id":"ref-1","status":"in_progress"}]}""");
        harness.Mock.When(Host + "/api/v2/cases/rec-2/referrals").Respond(HttpStatusCode.Forbidden, "application/json", """{"errors":[{"status":403,"message":"Forbidden"}]}""");

        var result = await Invoke(harness, "getCases", new JsonArray(new JsonObject(), new JsonObject { ["withReferrals"] = true }));

        var cases = result!["data"]!.AsArray();
        Assert.That(cases[0]!["referrals"]![0]!["id"]!.GetValue<string>(), Is.EqualTo("ref-1"));
        Assert.That(cases[1]!.AsObject().ContainsKey("referrals"), Is.False);
        Assert.That(harness.Logger.Lines, Does.Contain("Fetching referrals for 2 cases..."));
    }

    [Test]
    public async Task A_401_triggers_exactly_one_new_login_and_a_second_401_fails()
    {
        var harness = new AdaptorHarness();
        harness.Mock.Expect(HttpMethod.Post, Host + "/api/v2/tokens").Respond("application/json", """{"token":"first-token-1"}""");
        harness.Mock.Expect(HttpMethod.Get, Host + "/api/v2/cases").Respond(HttpStatusCode.Unauthorized, "application/json", """{"error":"expired"}""");
        harness.Mock.Expect(HttpMethod.Post, Host + "/api/v2/tokens").Respond("application/json", """{"token":"second-token-2"}""");
        harness.Mock.Expect(HttpMethod.Get, Host + "/api/v2/cases").Respond("application/json", Cases(1, 1, 1, 20, 1));

        await Invoke(harness, "getCases", new JsonArray(new JsonObject(), new JsonObject()));

        harness.Mock.VerifyNoOutstandingExpectation();
        Assert.That(harness.Requests[3].HeaderValue("Authorization"), Is.EqualTo("Bearer second-token-2"));

        var stubborn = new AdaptorHarness();
        stubborn.Mock.When(HttpMethod.Post, Host + "/api/v2/tokens").Respond("application/json", """{"token":"any-token-3"}""");
        stubborn.Mock.When(HttpMethod.Get, Host + "/api/v2/cases").Respond(HttpStatusCode.Unauthorized, "application/json", """{"error":"You need to sign in or sign up before continuing."}""");
        var error = Assert.ThrowsAsync<AdaptorException>(() => Invoke(stubborn, "getCases", new JsonArray(new JsonObject(), new JsonObject())));
        Assert.That(stubborn.Requests.Count(r => r.RequestUri!.AbsolutePath == "/api/v2/tokens"), Is.EqualTo(2));
        Assert.That(error!.Message, Is.EqualTo("Primero GET https://primero.example.org/api/v2/cases returned 401 Unauthorized: You need to sign in or sign up before continuing."));
    }

    [Test]
    public async Task Basic_auth_makes_no_login_call_and_a_401_is_not_retried()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When(HttpMethod.Get, Host + "/api/v2/cases").Respond("application/json", Cases(1, 1, 1, 20, 1));

        await Invoke(harness, "getCases", new JsonArray(new JsonObject(), new JsonObject()), configuration: Credential(basicAuth: true));

        Assert.That(harness.Requests.Single().HeaderValue("Authorization"),
            Is.EqualTo("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("openfn_api:" + Password))));
    }

    [Test]
    public void A_rejected_login_names_the_reason_without_the_password()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When(HttpMethod.Post, Host + "/api/v2/tokens").Respond(HttpStatusCode.Unauthorized, "application/json", """{"error":"Invalid User name or password."}""");

        var error = Assert.ThrowsAsync<AdaptorException>(() => Invoke(harness, "login", []));

        Assert.That(error!.Message, Is.EqualTo("Primero login failed: POST https://primero.example.org/api/v2/tokens returned 401 Unauthorized: Invalid User name or password."));
        Assert.That(Secretless(harness, error), Does.Not.Contain(Password));
    }

    [Test]
    public void A_login_without_a_token_points_to_basic_auth()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When(HttpMethod.Post, Host + "/api/v2/tokens").Respond("application/json", """{"id":17,"user_name":"openfn_api","group_permission":"all"}""");

        var error = Assert.ThrowsAsync<AdaptorException>(() => Invoke(harness, "login", []));

        Assert.That(error!.Message, Does.Contain("Set basicAuth: true"));
    }

    [Test]
    public void Upsert_without_any_id_value_fails_before_touching_primero()
    {
        var harness = new AdaptorHarness();

        var error = Assert.ThrowsAsync<AdaptorException>(() => Invoke(harness, "upsertCase", new JsonArray(new JsonObject
        {
            ["externalIds"] = new JsonArray("case_id", "oscar_number"),
            ["data"] = new JsonObject { ["case_id"] = "", ["oscar_number"] = null, ["name"] = "x" },
        })));

        Assert.That(error!.Message, Does.StartWith("upsertCase: none of the externalIds [case_id, oscar_number] has a value in data"));
        Assert.That(harness.Requests, Is.Empty);
    }

    [Test]
    public async Task Upsert_creates_when_nothing_matches_and_drops_record_id()
    {
        var harness = new AdaptorHarness();
        ServeLogin(harness);
        harness.Mock.When(HttpMethod.Get, Host + "/api/v2/cases").Respond("application/json", """{"data":[],"metadata":{"total":0,"per":20,"page":1}}""");
        harness.Mock.When(HttpMethod.Post, Host + "/api/v2/cases").Respond("application/json", """{"data":{"id":"new-rec","case_id":"c-9"}}""");

        var result = await Invoke(harness, "upsertCase", new JsonArray(new JsonObject
        {
            ["externalIds"] = new JsonArray("case_id", "oscar_number"),
            ["data"] = new JsonObject { ["oscar_number"] = "01HZX4Q8M2", ["record_id"] = "r", ["name_first"] = "Dara" },
        }), version: "2.7.0");

        Assert.That(harness.Requests.Skip(1).Select(r => r.Wire()), Is.EqualTo(new[]
        {
            "GET https://primero.example.org/api/v2/cases?remote=true&oscar_number=01HZX4Q8M2",
            "POST https://primero.example.org/api/v2/cases",
        }));
        Assert.That(harness.Bodies[2], Is.EqualTo("""{"data":{"oscar_number":"01HZX4Q8M2","name_first":"Dara"}}"""));
        Assert.That(result!["data"]!["id"]!.GetValue<string>(), Is.EqualTo("new-rec"));
        Assert.That(harness.Logger.Lines, Does.Contain("No case found. Performing create."));
    }

    [Test]
    public async Task Upsert_updates_the_first_match()
    {
        var harness = new AdaptorHarness();
        ServeLogin(harness);
        harness.Mock.When(HttpMethod.Get, Host + "/api/v2/cases").Respond("application/json", Cases(7, 1, 1, 20, 1));
        harness.Mock.When(HttpMethod.Patch, Host + "/api/v2/cases/rec-7").Respond("application/json", """{"data":{"id":"rec-7"}}""");

        var result = await Invoke(harness, "upsertCase", new JsonArray(new JsonObject
        {
            ["externalIds"] = new JsonArray("case_id"),
            ["data"] = new JsonObject { ["case_id"] = "case-7", ["sex"] = "female" },
        }));

        Assert.That(harness.Requests[1].Wire(), Is.EqualTo("GET https://primero.example.org/api/v2/cases?remote=true&case_id=case-7"));
        Assert.That(harness.Requests[2].Wire(), Is.EqualTo("PATCH https://primero.example.org/api/v2/cases/rec-7"));
        Assert.That(harness.Bodies[2], Is.EqualTo("""{"data":{"case_id":"case-7","sex":"female"}}"""));
        Assert.That(result!["data"]!["id"]!.GetValue<string>(), Is.EqualTo("rec-7"));
        Assert.That(harness.Logger.Lines, Does.Contain("Case found. Performing update."));
    }

    [Test]
    public async Task Get_referrals_by_case_id_finds_the_record_first_and_refuses_ambiguity()
    {
        var harness = new AdaptorHarness();
        ServeLogin(harness);
        harness.Mock.When(Host + "/api/v2/cases?case_id=case-1").Respond("application/json", Cases(1, 1, 1, 20, 1));
        harness.Mock.When(Host + "/api/v2/cases?case_id=twins").Respond("application/json", Cases(1, 2, 2, 20, 1));
        harness.Mock.When(Host + "/api/v2/cases?case_id=nobody").Respond("application/json", """{"data":[]}""");
        harness.Mock.When(Host + "/api/v2/cases/rec-1/referrals").Respond("application/json", """{"data":[{"id":"ref-1"}]}""");

        var byCaseId = await Invoke(harness, "getReferrals", new JsonArray(new JsonObject { ["id"] = "case-1" }));
        var byRecord = await Invoke(harness, "getReferrals", new JsonArray(new JsonObject { ["externalId"] = "record_id", ["id"] = "rec-1" }));
        var none = Assert.ThrowsAsync<AdaptorException>(() => Invoke(harness, "getReferrals", new JsonArray(new JsonObject { ["id"] = "nobody" })));
        var many = Assert.ThrowsAsync<AdaptorException>(() => Invoke(harness, "getReferrals", new JsonArray(new JsonObject { ["id"] = "twins" })));

        Assert.That(byCaseId!["data"]![0]!["id"]!.GetValue<string>(), Is.EqualTo("ref-1"));
        Assert.That(byRecord!["data"]![0]!["id"]!.GetValue<string>(), Is.EqualTo("ref-1"));
        Assert.That(none!.Message, Is.EqualTo("No case found (case_id nobody)"));
        Assert.That(many!.Message, Is.EqualTo("Multiple cases found. Try using another externalId and ensure that it is unique."));
    }

    [Test]
    public async Task Update_referral_patches_the_referral_and_leaves_state_alone_when_the_case_is_unknown()
    {
        var harness = new AdaptorHarness();
        ServeLogin(harness);
        harness.Mock.When(HttpMethod.Patch, Host + "/api/v2/cases/rec-1/referrals/ref-9").Respond("application/json", """{"data":{"id":"ref-9","status":"accepted"}}""");
        harness.Mock.When(Host + "/api/v2/cases?case_id=nobody").Respond("application/json", """{"data":[]}""");
        var data = new JsonObject { ["status"] = "accepted" };

        var updated = await Invoke(harness, "updateReferral", new JsonArray(new JsonObject
            { ["caseExternalId"] = "record_id", ["caseId"] = "rec-1", ["id"] = "ref-9", ["data"] = data }));
        var unknown = await Invoke(harness, "updateReferral", new JsonArray(new JsonObject
            { ["caseId"] = "nobody", ["id"] = "ref-9", ["data"] = data.DeepClone() }));

        Assert.That(harness.Bodies[1], Is.EqualTo("""{"data":{"status":"accepted"}}"""));
        Assert.That(updated!["data"]!["body"]!["data"]!["status"]!.GetValue<string>(), Is.EqualTo("accepted"), "tryJson quirk: { body: answer }");
        Assert.That(unknown!["unchanged"]!.GetValue<bool>(), Is.True);
        Assert.That(harness.Logger.Lines, Does.Contain("No case found."));
    }

    [Test]
    public async Task Create_referrals_posts_the_bulk_envelope()
    {
        var harness = new AdaptorHarness();
        ServeLogin(harness);
        harness.Mock.When(HttpMethod.Post, Host + "/api/v2/cases/referrals").Respond("application/json", """{"data":[{"id":"ref-1"}]}""");

        var result = await Invoke(harness, "createReferrals", new JsonArray(new JsonObject { ["ids"] = new JsonArray("rec-1"), ["transitioned_to"] = "primero_cp" }));

        Assert.That(harness.Bodies[1], Is.EqualTo("""{"data":{"ids":["rec-1"],"transitioned_to":"primero_cp"}}"""));
        Assert.That(result!["data"]![0]!["id"]!.GetValue<string>(), Is.EqualTo("ref-1"));
    }

    [Test]
    public async Task Forms_lookups_and_locations_use_their_endpoints()
    {
        var harness = new AdaptorHarness();
        ServeLogin(harness);
        harness.Mock.When(Host + "/api/v2/forms?record_type=case").Respond("application/json", """{"data":[{"id":1}]}""");
        harness.Mock.When(Host + "/api/v2/lookups?per=1&page=2").Respond("application/json", """{"data":[{"id":2}],"metadata":{"total":2,"per":1,"page":2}}""");
        harness.Mock.When(Host + "/api/v2/lookups?per=1").Respond("application/json", """{"data":[{"id":1}],"metadata":{"total":2,"per":1,"page":1}}""");
        harness.Mock.When(Host + "/api/v2/locations?hierarchy=true").Respond("application/json", """{"data":[{"id":3}]}""");

        var forms = await Invoke(harness, "getForms", new JsonArray(new JsonObject { ["record_type"] = "case" }));
        var lookups = await Invoke(harness, "getLookups", new JsonArray(new JsonObject { ["per"] = 1 }));
        var locations = await Invoke(harness, "getLocations", new JsonArray(new JsonObject { ["hierarchy"] = true }));

        Assert.That(forms!["data"]!.AsArray(), Has.Count.EqualTo(1));
        Assert.That(lookups!["data"]!.AsArray().Select(l => l!["id"]!.GetValue<int>()), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(locations!["data"]![0]!["id"]!.GetValue<int>(), Is.EqualTo(3));
    }

    [Test]
    public void A_422_carries_primeros_error_message_and_detail()
    {
        var harness = new AdaptorHarness();
        ServeLogin(harness);
        harness.Mock.When(HttpMethod.Post, Host + "/api/v2/cases").Respond(HttpStatusCode.UnprocessableEntity, "application/json",
            """{"errors":[{"status":422,"resource":"/api/v2/cases","message":"errors.models.child.registration_date","detail":"registration_date"}]}""");

        var error = Assert.ThrowsAsync<AdaptorException>(() => Invoke(harness, "createCase", new JsonArray(new JsonObject { ["name"] = "x" })));

        Assert.That(error!.Message, Is.EqualTo(
            "Primero POST https://primero.example.org/api/v2/cases returned 422 Unprocessable Entity: errors.models.child.registration_date (registration_date)"));
        Assert.That(error.Details!["statusCode"]!.GetValue<int>(), Is.EqualTo(422));
        Assert.That(error.Details["body"]!["errors"]![0]!["detail"]!.GetValue<string>(), Is.EqualTo("registration_date"));
        Assert.That(Secretless(harness, error), Does.Not.Contain(Password).And.Not.Contain(Token));
    }

    [Test]
    public async Task The_http_namespace_sends_basic_auth_and_a_data_envelope_even_on_get()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When("*").Respond("application/json", """{"data":[{"user_name":"unhcr_cw"}]}""");

        var result = await Invoke(harness, "http", new JsonArray("GET", "users", null, new JsonObject { ["query"] = new JsonObject { ["per"] = 1 } }));

        var request = harness.Requests.Single();
        Assert.That(request.Wire(), Is.EqualTo("GET https://primero.example.org/api/v2/users?per=1"));
        Assert.That(request.HeaderValue("Authorization"), Does.StartWith("Basic "));
        Assert.That(harness.Bodies.Single(), Is.EqualTo("""{"data":{}}"""));
        Assert.That(result!["body"]!["data"]![0]!["user_name"]!.GetValue<string>(), Is.EqualTo("unhcr_cw"));
    }
}
