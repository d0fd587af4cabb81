using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OpenFn.Adaptors.Common;
using OpenFn.Adaptors.Oscar;
using OpenFn.Adaptors.Tests.Support;
using RichardSzalay.MockHttp;

namespace OpenFn.Adaptors.Tests.Oscar;

/// <summary>OSCaR interop calls (system-apis §2) through the session.</summary>
public class OscarSessionTests
{
    private const string Host = "https://oscar.example.org";
    private const string Password = "Oscar-S3cret!";
    private const string AccessToken = "kq3Xb0wR9uVtM1cZpL2yAg";
    private const string ClientId = "7HfTq2mN0sPz8eRk4wYcVw";

    private static JsonObject Credential() => new() { ["baseUrl"] = Host + "/", ["username"] = "primero-api@example.org", ["password"] = Password };

    private static void ServeSignIn(AdaptorHarness harness, string token = AccessToken) =>
        harness.Mock.When(HttpMethod.Post, Host + "/api/v1/admin_auth/sign_in").Respond(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"data":{"id":3}}""", Encoding.UTF8, "application/json") };
            response.Headers.Add("access-token", token);
            response.Headers.Add("client", ClientId);
            response.Headers.Add("uid", "primero-api@example.org");
            response.Headers.Add("token-type", "Bearer");
            return response;
        });

    private static async Task<(JsonNode? Result, Exception? Error)> Run(AdaptorHarness harness, params (string Name, JsonArray Args)[] calls)
    {
        var configuration = Credential();
        await using var session = harness.Open(new OscarAdaptor(), null, configuration);
        JsonNode? result = null;
        try
        {
            foreach (var (name, args) in calls)
                result = await session.InvokeAsync(name, args, configuration, CancellationToken.None);
            return (result, null);
        }
        catch (AdaptorException error)
        {
            return (result, error);
        }
    }

    private static void AssertNoSecrets(AdaptorHarness harness, Exception? error)
    {
        var text = harness.Logger.AllText + error?.Message + (error as AdaptorException)?.Details?.ToJsonString();
        Assert.That(text, Does.Not.Contain(Password).And.Not.Contain(AccessToken).And.Not.Contain(ClientId));
    }

    [Test]
    public async Task Sign_in_once_and_get_clients_since_a_day_with_the_session_headers()
    {
        var harness = new AdaptorHarness();
        ServeSignIn(harness);
        var clients = Fixtures.Load("cambodia/getOscarNew.json")["data"]!["data"]!.ToJsonString();
        harness.Mock.When(HttpMethod.Get, Host + "/api/v1/organizations/clients").Respond("application/json", $$"""{"data":{{clients}}}""");

        var (result, error) = await Run(harness,
            ("getClients", new JsonArray("2025-08-02")),
            ("getClients", new JsonArray("2025-08-02T14:03:00.000Z", new JsonObject { ["end_date"] = "2025-08-20" })));

        Assert.That(error, Is.Null);
        Assert.That(harness.Requests.Select(r => r.Wire()), Is.EqualTo(new[]
        {
            "POST https://oscar.example.org/api/v1/admin_auth/sign_in",
            "GET https://oscar.example.org/api/v1/organizations/clients?since_date=2025-08-02+00:00:00",
            "GET https://oscar.example.org/api/v1/organizations/clients?since_date=2025-08-02+00:00:00&end_date=2025-08-20+00:00:00",
        }));
        Assert.That(harness.Bodies[0], Is.EqualTo("""{"email":"primero-api@example.org","password":"Oscar-S3cret!"}"""));
        var get = harness.Requests[1];
        Assert.That(get.HeaderValue("access-token"), Is.EqualTo(AccessToken));
        Assert.That(get.HeaderValue("client"), Is.EqualTo(ClientId));
        Assert.That(get.HeaderValue("uid"), Is.EqualTo("primero-api@example.org"));
        Assert.That(get.HeaderValue("Content-Type"), Is.EqualTo("application/json"));
        Assert.That(result!["data"]!.AsArray(), Has.Count.EqualTo(5));
        Assert.That(harness.Logger.Lines, Does.Contain("getClients: since_date 2025-08-02T14:03:00.000Z rounded down to 2025-08-02 00:00:00 (OSCaR filters by day)"));
        Assert.That(harness.Logger.Lines, Does.Contain("Fetched 5 clients from OSCaR since 2025-08-02 00:00:00"));
        AssertNoSecrets(harness, error);
    }

    [Test]
    public async Task A_401_signs_in_again_once()
    {
        var harness = new AdaptorHarness();
        harness.Mock.Expect(HttpMethod.Post, Host + "/api/v1/admin_auth/sign_in").Respond(_ => SignedIn("old-token-1"));
        harness.Mock.Expect(HttpMethod.Get, Host + "/api/v1/organizations/clients").Respond(HttpStatusCode.Unauthorized, "application/json", """{"errors":["Authorized users only."]}""");
        harness.Mock.Expect(HttpMethod.Post, Host + "/api/v1/admin_auth/sign_in").Respond(_ => SignedIn("new-token-2"));
        harness.Mock.Expect(HttpMethod.Get, Host + "/api/v1/organizations/clients").Respond("application/json", """{"data":[]}""");

        var (_, error) = await Run(harness, ("getClients", new JsonArray("2025-08-02")));

        Assert.That(error, Is.Null);
        harness.Mock.VerifyNoOutstandingExpectation();
        Assert.That(harness.Requests[3].HeaderValue("access-token"), Is.EqualTo("new-token-2"));

        static HttpResponseMessage SignedIn(string token)
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
            response.Headers.Add("access-token", token);
            response.Headers.Add("client", ClientId);
            return response;
        }
    }

    [Test]
    public async Task Bad_credentials_fail_with_oscars_wording_and_no_secret()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When(HttpMethod.Post, Host + "/api/v1/admin_auth/sign_in")
            .Respond(HttpStatusCode.Unauthorized, "application/json", """{"errors":["Invalid login credentials. Please try again."]}""");

        var (_, error) = await Run(harness, ("getClients", new JsonArray("2025-08-02")));

        Assert.That(error!.Message, Is.EqualTo(
            "OSCaR sign-in failed: POST https://oscar.example.org/api/v1/admin_auth/sign_in returned 401: Invalid login credentials. Please try again."));
        AssertNoSecrets(harness, error);
    }

    [Test]
    public async Task Not_a_date_is_rejected_before_any_request()
    {
        var harness = new AdaptorHarness();

        var (_, error) = await Run(harness, ("getClients", new JsonArray("last tuesday")));

        Assert.That(error!.Message, Is.EqualTo("getClients: since_date 'last tuesday' is not a date (expected YYYY-MM-DD or YYYY-MM-DD 00:00:00)"));
        Assert.That(harness.Requests, Is.Empty);
    }

    [Test]
    public async Task Upsert_posts_each_client_wrapped_with_nulls_as_empty_strings()
    {
        var harness = new AdaptorHarness();
        ServeSignIn(harness);
        harness.Mock.When(HttpMethod.Post, Host + "/api/v1/organizations/clients/upsert").Respond("application/json", """{"external_id":"x","message":"Record saved."}""");
        var fixture = Fixtures.Load("cambodia/primero_2referrals_to_oscar.json");
        var bare = new JsonObject { ["external_id"] = "e2", ["global_id"] = null, ["services"] = new JsonArray(new JsonObject { ["uuid"] = null, ["name"] = "Kinship care" }) };

        var (result, error) = await Run(harness, ("upsertClients", new JsonArray(new JsonArray(fixture, bare))));

        Assert.That(error, Is.Null);
        Assert.That(harness.Requests.Skip(1).Select(r => r.Wire()), Is.All.EqualTo("POST https://oscar.example.org/api/v1/organizations/clients/upsert"));
        Assert.That(JsonNode.Parse(harness.Bodies[1]!)!["organization"]!["external_id"]!.GetValue<string>(), Is.EqualTo("aac935f2-5e01-450b-8575-423915a04e68"));
        Assert.That(harness.Bodies[2], Is.EqualTo("""{"organization":{"external_id":"e2","global_id":"","services":[{"uuid":"","name":"Kinship care"}]}}"""));
        Assert.That(result!["data"]!.AsArray().Select(r => r!["message"]!.GetValue<string>()), Is.All.EqualTo("Record saved."));
        Assert.That(harness.Logger.Lines, Does.Contain("Upserted 2 of 2 clients in OSCaR"));
    }

    [Test]
    public async Task A_rejected_upsert_stops_the_batch_unless_continue_on_error()
    {
        const string found = """{"external_id":"e1","message":"Record was found.","errors":{"global_id":"global_id must exist."}}""";
        var stopping = new AdaptorHarness();
        ServeSignIn(stopping);
        stopping.Mock.When(HttpMethod.Post, Host + "/api/v1/organizations/clients/upsert").Respond(HttpStatusCode.UnprocessableEntity, "application/json", found);
        var collecting = new AdaptorHarness();
        ServeSignIn(collecting);
        collecting.Mock.When(HttpMethod.Post, Host + "/api/v1/organizations/clients/upsert").Respond(HttpStatusCode.UnprocessableEntity, "application/json", found);
        var clients = new JsonArray(new JsonObject { ["external_id"] = "e1" }, new JsonObject { ["external_id"] = "e2" });

        var (_, error) = await Run(stopping, ("upsertClients", new JsonArray(clients.DeepClone())));
        var (result, noError) = await Run(collecting, ("upsertClients", new JsonArray(clients.DeepClone(), new JsonObject { ["continueOnError"] = true })));

        Assert.That(error!.Message, Is.EqualTo(
            "OSCaR rejected client e1 (1 of 2; 0 saved before it): POST https://oscar.example.org/api/v1/organizations/clients/upsert returned 422: Record was found. — global_id must exist."));
        Assert.That(stopping.Requests, Has.Count.EqualTo(2));
        Assert.That(noError, Is.Null);
        Assert.That(collecting.Requests, Has.Count.EqualTo(3));
        Assert.That(result!["data"]![1]!["ok"]!.GetValue<bool>(), Is.False);
        Assert.That(result["data"]![1]!["errors"]!["global_id"]!.GetValue<string>(), Is.EqualTo("global_id must exist."));
    }

    [Test]
    public async Task Update_links_and_statuses_put_a_data_batch()
    {
        var harness = new AdaptorHarness();
        ServeSignIn(harness);
        harness.Mock.When(HttpMethod.Put, Host + "/api/v1/organizations/clients/update_links").Respond("application/json", """{"message":"Record saved."}""");
        harness.Mock.When(HttpMethod.Put, Host + "/api/v1/organizations/referrals/update_statuses").Respond(HttpStatusCode.UnprocessableEntity, "application/json",
            """{"error":"Referral not found: 1187","message":"Record error. Please check OSCaR logs for details."}""");

        var (links, _) = await Run(harness, ("updateLinks", new JsonArray(new JsonArray(new JsonObject
            { ["global_id"] = "01J1", ["external_id"] = "c2f0", ["external_id_display"] = null, ["is_referred"] = false }))));
        var (_, error) = await Run(harness, ("updateStatuses", new JsonArray(new JsonObject { ["referral_status"] = "Accepted", ["referral_id"] = 1187 })));

        Assert.That(harness.Bodies[1], Is.EqualTo("""{"data":[{"global_id":"01J1","external_id":"c2f0","external_id_display":"","is_referred":false}]}"""));
        Assert.That(links!["data"]!["message"]!.GetValue<string>(), Is.EqualTo("Record saved."));
        Assert.That(harness.Bodies[3], Is.EqualTo("""{"data":[{"referral_status":"Accepted","referral_id":1187}]}"""));
        Assert.That(error!.Message, Is.EqualTo(
            "OSCaR PUT https://oscar.example.org/api/v1/organizations/referrals/update_statuses returned 422: Record error. Please check OSCaR logs for details. — Referral not found: 1187"));
    }

    [Test]
    public async Task An_html_error_page_is_reported_as_such()
    {
        var harness = new AdaptorHarness();
        ServeSignIn(harness);
        harness.Mock.When(HttpMethod.Post, Host + "/api/v1/organizations/clients/upsert").Respond(HttpStatusCode.InternalServerError, "text/html",
            "<!DOCTYPE html><html><body>We're sorry, but something went wrong.</body></html>");

        var (_, error) = await Run(harness, ("upsertClients", new JsonArray(new JsonObject { ["external_id"] = "e1" })));

        Assert.That(error!.Message, Does.EndWith("returned 500: (an HTML page)"));
        Assert.That(((AdaptorException)error).Details!["body"]!.GetValue<string>(), Does.Contain("something went wrong"));
    }
}
