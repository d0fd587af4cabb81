using System.Globalization;
using System.Text.Json.Nodes;
using OpenFn.Simulators.Infrastructure;
using OpenFn.Simulators.Oscar;

namespace OpenFn.Simulators.Tests.Oscar;

public sealed class OscarTests : SimulatorTestBase
{
    private const int Synthetic = 60;
    private (string Token, string Client, string Uid) session;

    protected override SimulatorOptions CreateOptions() => new()
    {
        Systems = SimulatorSystems.Oscar,
        Clock = Clock,
        Oscar = new OscarOptions { SyntheticClients = Synthetic },
    };

    [SetUp]
    public async Task SignInAsync()
    {
        var (status, _, response) = await SignIn(SimulatorDefaults.OscarPassword);
        Assert.That(status, Is.EqualTo(200));
        session = (Header(response, "access-token"), Header(response, "client"), Header(response, "uid"));
    }

    private Uri Url(string path) => new(Sims.Oscar.BaseUrl, path);

    private static string Header(HttpResponseMessage response, string name) => response.Headers.GetValues(name).Single();

    private Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> SignIn(string password) =>
        SendAsync(HttpMethod.Post, Url("api/v1/admin_auth/sign_in"),
            Json(new JsonObject { ["email"] = SimulatorDefaults.OscarEmail, ["password"] = password }));

    private Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> Api(HttpMethod method, string path, JsonNode? body = null) =>
        SendAsync(method, Url(path), body is null ? null : Json(body), r =>
        {
            r.Headers.Add("access-token", session.Token);
            r.Headers.Add("client", session.Client);
            r.Headers.Add("uid", session.Uid);
        });

    private static JsonObject Referral(string externalId, string? globalId = null, string service = "Trauma counselling", string tenant = "cif")
    {
        var organization = new JsonObject
        {
            ["external_id"] = externalId,
            ["external_id_display"] = externalId.Length > 7 ? externalId[^7..] : externalId,
            ["mosvy_number"] = "",
            ["given_name"] = "Sopheap",
            ["family_name"] = "Chan",
            ["gender"] = "female",
            ["date_of_birth"] = "2014-03-09",
            ["location_current_village_code"] = "02040302",
            ["address_current_village_code"] = "02040302",
            ["reason_for_referral"] = "Needs trauma counselling",
            ["external_case_worker_name"] = "cp_worker_btb",
            ["external_case_worker_id"] = "",
            ["external_case_worker_mobile"] = "000000000",
            ["level_of_risk"] = "medium",
            ["is_referred"] = true,
            ["organization_name"] = tenant,
            ["organization_id"] = "agency-unicef",
            ["services"] = new JsonArray(new JsonObject { ["uuid"] = "5e0c2a1b-7d44-4f0e-b3a9-1c8d2e6f9a77", ["name"] = service }),
            ["date_of_referral"] = "2025-08-03",
            ["resource"] = "Primero",
            ["transaction_id"] = null,
        };
        if (globalId is not null) organization["global_id"] = globalId;
        return new JsonObject { ["organization"] = organization };
    }

    private async Task<JsonArray> ClientsAsync(string query = "")
    {
        var (status, body, _) = await Api(HttpMethod.Get, "api/v1/organizations/clients" + query);
        Assert.That(status, Is.EqualTo(200));
        return body!["data"]!.AsArray();
    }

    [Test]
    public async Task Sign_in_returns_the_token_headers_valid_for_a_week()
    {
        var (status, body, response) = await SignIn(SimulatorDefaults.OscarPassword);

        Assert.That(status, Is.EqualTo(200));
        Assert.That(Header(response, "token-type"), Is.EqualTo("Bearer"));
        Assert.That(Header(response, "uid"), Is.EqualTo(SimulatorDefaults.OscarEmail));
        Assert.That(Header(response, "access-token"), Is.Not.Empty);
        Assert.That(long.Parse(Header(response, "expiry"), CultureInfo.InvariantCulture), Is.EqualTo(ClockStart.AddDays(7).ToUnixTimeSeconds()));
        Assert.That((string?)body!["data"]!["email"], Is.EqualTo(SimulatorDefaults.OscarEmail));
    }

    [Test]
    public async Task Bad_credentials_and_missing_or_wrong_tokens_get_401_with_devise_wording()
    {
        var (status, body, _) = await SignIn("wrong");
        var (noHeaders, noHeadersBody, _) = await SendAsync(HttpMethod.Get, Url("api/v1/organizations/clients"));
        var wrong = await SendAsync(HttpMethod.Get, Url("api/v1/organizations/clients"), configure: r =>
        {
            r.Headers.Add("access-token", "forged");
            r.Headers.Add("client", session.Client);
            r.Headers.Add("uid", session.Uid);
        });

        Assert.That(status, Is.EqualTo(401));
        Assert.That((string?)body!["errors"]![0], Is.EqualTo("Invalid login credentials. Please try again."));
        Assert.That(noHeaders, Is.EqualTo(401));
        Assert.That((string?)noHeadersBody!["errors"]![0], Is.EqualTo("You need to sign in or sign up before continuing."));
        Assert.That(wrong.Status, Is.EqualTo(401));
    }

    [Test]
    public async Task A_token_expires_after_a_week()
    {
        Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));

        Assert.That((await Api(HttpMethod.Get, "api/v1/organizations/clients")).Status, Is.EqualTo(401));
    }

    [Test]
    public async Task Clients_come_as_referred_rows_and_light_rows_with_the_captured_quirks()
    {
        var clients = await ClientsAsync();

        var referred = clients.Single(c => (string?)c!["global_id"] == "01EDB4PA6B9D0P8C9B119SM02R")!;
        Assert.That((bool)referred["is_referred"]!, Is.True);
        Assert.That((int)referred["organization_id"]!, Is.EqualTo(46));
        Assert.That(referred["services"]!.AsArray().Select(s => (string?)s!["name"]), Is.EquivalentTo(new[] { "Long term foster care", "Domestic adoption support" }));
        Assert.That((string?)referred["services"]![0]!["uuid"], Is.EqualTo("11226c6d-d7b8-4272-b45e-85cf635b9fba"));
        var light = clients.Single(c => (string?)c!["global_id"] == "01E6AT3BEAFMQDVBHTJHZZ8Y00")!;
        Assert.That((bool)light["is_referred"]!, Is.False);
        Assert.That((string?)light["local_given_name"], Is.EqualTo("ទី"));
        var nulls = clients.Single(c => (string?)c!["global_id"] == "01E6AT3ANS1PFSR6S00VPX8PVR")!;
        Assert.That(nulls.AsObject().ContainsKey("external_id") && nulls["external_id"] is null, "null kept where OSCaR sends null");
        Assert.That(clients, Has.Count.EqualTo(Synthetic + 12), "12 captured clients (one per global_id) and the synthetic ones");
    }

    [Test]
    public async Task Since_date_keeps_clients_created_or_updated_since_that_day()
    {
        var since = new DateTime(2025, 1, 2, 0, 0, 0, DateTimeKind.Utc);
        var expected = Sims.Oscar.Store.AllClients().Where(c => c.CreatedAt >= since || c.UpdatedAt >= since).Select(c => c.GlobalId);

        var clients = await ClientsAsync("?since_date=2025-01-02%2000:00:00");

        Assert.That(clients.Select(c => (string?)c!["global_id"]), Is.EquivalentTo(expected));
        Assert.That(clients, Is.Not.Empty.And.Count.LessThan(Synthetic));
    }

    [Test]
    public async Task End_date_lists_clients_created_in_the_window_oldest_first()
    {
        var from = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var to = new DateTime(2025, 1, 1, 1, 0, 0, DateTimeKind.Utc);
        var expected = Sims.Oscar.Store.AllClients().Where(c => c.CreatedAt >= from && c.CreatedAt <= to).OrderBy(c => c.CreatedAt)
            .Select(c => c.GlobalId).ToList();

        var clients = await ClientsAsync("?since_date=2025-01-01%2000:00:00&end_date=2025-01-01%2001:00:00");

        Assert.That(expected, Is.Not.Empty);
        Assert.That(clients.Select(c => (string?)c!["global_id"]), Is.EquivalentTo(expected));
    }

    [Test]
    public async Task Upsert_creates_a_referral_and_the_client_appears_only_once_the_ngo_accepts_it()
    {
        const string caseId = "d41e8b0a-93a7-4c37-8f1e-5b20c6a7e3f9";

        var first = await Api(HttpMethod.Post, "api/v1/organizations/clients/upsert/", Referral(caseId));
        var again = await Api(HttpMethod.Post, "api/v1/organizations/clients/upsert", Referral(caseId));

        Assert.That(first.Status, Is.EqualTo(200));
        Assert.That((string?)first.Body!["message"], Is.EqualTo("Record saved."));
        Assert.That((string?)first.Body["external_id"], Is.EqualTo(caseId));
        Assert.That(again.Status, Is.EqualTo(200), "not yet accepted: another referral");
        var referrals = Sims.Oscar.Store.FindReferrals(caseId);
        Assert.That(referrals, Has.Count.EqualTo(2));
        Assert.That(referrals[0].Services, Is.EqualTo(new[] { "Trauma counselling" }));
        Assert.That(referrals[0].ReferredFrom, Is.EqualTo(SimulatorDefaults.OscarExternalSystemName));
        Assert.That((await ClientsAsync()).Any(c => (string?)c!["external_id"] == caseId), Is.False);

        var accepted = await SendAsync(HttpMethod.Post, Url($"__admin/referrals/{referrals[1].Id}/accept"));
        var globalId = (string)accepted.Body!["global_id"]!;
        var row = (await ClientsAsync()).Single(c => (string?)c!["external_id"] == caseId)!;

        Assert.That((string?)row["global_id"], Is.EqualTo(globalId).And.Length.EqualTo(26));
        Assert.That((bool)row["is_referred"]!, Is.True);
        Assert.That((string?)row["resource"], Is.EqualTo("primero"));
        Assert.That(row["services"]!.AsArray().Select(s => (int?)s!["referral_id"]), Does.Contain(referrals[1].Id));
    }

    [Test]
    public async Task A_second_referral_without_the_global_id_is_refused_with_record_was_found()
    {
        const string caseId = "aac935f2-5e01-450b-8575-423915a04e68";
        await Api(HttpMethod.Post, "api/v1/organizations/clients/upsert", Referral(caseId));
        var globalId = Sims.Oscar.Store.AcceptReferral(Sims.Oscar.Store.FindReferrals(caseId).Single().Id).GlobalId;

        var refused = await Api(HttpMethod.Post, "api/v1/organizations/clients/upsert", Referral(caseId, service: "Kinship care"));
        var withGlobalId = Referral(caseId, globalId, "Kinship care");
        withGlobalId["organization"]!["given_name"] = "Sophea";
        var saved = await Api(HttpMethod.Post, "api/v1/organizations/clients/upsert", withGlobalId);

        Assert.That(refused.Status, Is.EqualTo(422));
        Assert.That((string?)refused.Body!["message"], Is.EqualTo("Record was found."));
        Assert.That((string?)refused.Body["errors"]!["global_id"], Is.EqualTo("global_id must exist."));
        Assert.That(saved.Status, Is.EqualTo(200));
        Assert.That((string?)saved.Body!["message"], Is.EqualTo("Record saved."));
        Assert.That(Sims.Oscar.Store.GetClient(globalId)!.GivenName, Is.EqualTo("Sophea"));
        Assert.That(Sims.Oscar.Store.FindReferrals(caseId).Select(r => r.Services.Single()), Is.EqualTo(new[] { "Trauma counselling", "Kinship care" }),
            "the 2nd referral is added to the existing client");
    }

    [Test]
    public async Task Services_are_resolved_by_exact_name_and_unknown_names_leave_them_blank()
    {
        var (status, body, _) = await Api(HttpMethod.Post, "api/v1/organizations/clients/upsert", Referral("c1", service: "Not Specified"));

        Assert.That(status, Is.EqualTo(422));
        Assert.That((string?)body!["message"]!["services"]![0], Is.EqualTo("can't be blank"));
        Assert.That(Sims.Oscar.Store.FindReferrals("c1"), Is.Empty);
    }

    [Test]
    public async Task Referral_validation_lists_every_bad_field()
    {
        var body = Referral("c2");
        body["organization"]!["external_case_worker_mobile"] = "";
        body["organization"]!["level_of_risk"] = "no_action";

        var (status, answer, _) = await Api(HttpMethod.Post, "api/v1/organizations/clients/upsert", body);

        Assert.That(status, Is.EqualTo(422));
        Assert.That(answer!["message"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "referral_phone", "level_of_risk" }));
    }

    [Test]
    public async Task Nulls_in_string_fields_are_refused_where_empty_strings_pass()
    {
        var withNull = Referral("c3");
        withNull["organization"]!["mosvy_number"] = null;

        var (status, body, _) = await Api(HttpMethod.Post, "api/v1/organizations/clients/upsert", withNull);

        Assert.That(status, Is.EqualTo(422));
        Assert.That(body!["message"]!["mosvy_number"], Is.Not.Null);
        Assert.That((await Api(HttpMethod.Post, "api/v1/organizations/clients/upsert", Referral("c3"))).Status, Is.EqualTo(200));
    }

    [Test]
    public async Task Missing_organization_or_name_is_a_record_error_and_an_unknown_tenant_an_html_500()
    {
        var missing = await Api(HttpMethod.Post, "api/v1/organizations/clients/upsert", new JsonObject { ["client"] = new JsonObject() });
        var blankName = Referral("c4", tenant: "");
        var unknown = await Api(HttpMethod.Post, "api/v1/organizations/clients/upsert", Referral("c4", tenant: "nosuchngo"));

        Assert.That(missing.Status, Is.EqualTo(422));
        Assert.That((string?)missing.Body!["message"], Is.EqualTo("Record error. Please check OSCaR logs for details."));
        Assert.That((await Api(HttpMethod.Post, "api/v1/organizations/clients/upsert", blankName)).Status, Is.EqualTo(422));
        Assert.That(unknown.Status, Is.EqualTo(500));
        Assert.That(unknown.Response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/html"));
    }

    [Test]
    public async Task A_known_global_id_without_an_accepted_client_is_not_found()
    {
        await Api(HttpMethod.Post, "api/v1/organizations/clients/upsert", Referral("c5", "01J1AB2CD3EF4GH5JK6MN7PQ8R"));

        var (status, body, _) = await Api(HttpMethod.Post, "api/v1/organizations/clients/upsert", Referral("c5", "01J1AB2CD3EF4GH5JK6MN7PQ8R"));

        Assert.That(status, Is.EqualTo(404));
        Assert.That((string?)body!["message"], Is.EqualTo("Record not found."));
        Assert.That((string?)body["global_id"], Is.EqualTo("01J1AB2CD3EF4GH5JK6MN7PQ8R"));
    }

    [Test]
    public async Task Referral_status_must_be_a_client_status_and_is_written_to_the_latest_referral()
    {
        await Api(HttpMethod.Post, "api/v1/organizations/clients/upsert", Referral("c6"));
        var referral = Sims.Oscar.Store.FindReferrals("c6").Single();
        var globalId = Sims.Oscar.Store.AcceptReferral(referral.Id).GlobalId;
        var bad = Referral("c6", globalId);
        bad["organization"]!["referral_status"] = "Accetped";
        var good = Referral("c6", globalId);
        good["organization"]!["referral_status"] = "Exited";

        var refused = await Api(HttpMethod.Post, "api/v1/organizations/clients/upsert", bad);
        var saved = await Api(HttpMethod.Post, "api/v1/organizations/clients/upsert", good);

        Assert.That(refused.Status, Is.EqualTo(422));
        Assert.That(saved.Status, Is.EqualTo(200));
        Assert.That(Sims.Oscar.Store.GetReferral(referral.Id)!.Status, Is.EqualTo("Exited"));
    }

    [Test]
    public async Task The_captured_two_service_upsert_body_is_accepted()
    {
        var body = SharedFixtures.Json("cambodia/primero_2referrals_to_oscar.json");

        var (status, answer, _) = await Api(HttpMethod.Post, "api/v1/organizations/clients/upsert/", body);

        Assert.That(status, Is.EqualTo(200), answer?.ToJsonString());
        Assert.That(Sims.Oscar.Store.FindReferrals("aac935f2-5e01-450b-8575-423915a04e68").Single().Services,
            Is.EqualTo(new[] { "Community social work", "Emergency foster care" }));
    }

    [Test]
    public async Task Update_links_writes_external_ids_and_skips_unknown_global_ids()
    {
        var (status, body, _) = await Api(HttpMethod.Put, "api/v1/organizations/clients/update_links", JsonNode.Parse("""
            {"data":[{"global_id":"01E6AT3BEAFMQDVBHTJHZZ8Y00","external_id":"c2f0a1b2-0000-4000-8000-00000f0a1b2c","external_id_display":"f0a1b2c","is_referred":false},
                     {"global_id":"01UNKNOWN0000000000000000","external_id":"x","external_id_display":"x"}]}
            """));
        var missing = await Api(HttpMethod.Put, "api/v1/organizations/clients/update_links", new JsonObject());

        Assert.That(status, Is.EqualTo(200));
        Assert.That((string?)body!["message"], Is.EqualTo("Record saved."));
        var client = Sims.Oscar.Store.GetClient("01E6AT3BEAFMQDVBHTJHZZ8Y00")!;
        Assert.That(client.ExternalId, Is.EqualTo("c2f0a1b2-0000-4000-8000-00000f0a1b2c"));
        Assert.That(client.SyncedDate, Is.EqualTo(ClockStart.UtcDateTime));
        Assert.That(missing.Status, Is.EqualTo(422));
    }

    [Test]
    public async Task Update_statuses_applies_items_in_order_and_stops_at_the_first_bad_one()
    {
        var linked = Sims.Population.OscarChild(0);
        var other = Sims.Population.OscarChild(1);
        static string Another(string status) => status == "Exited" ? "Accepted" : "Exited";
        var body = new JsonObject
        {
            ["data"] = new JsonArray(
                new JsonObject { ["external_id"] = linked.CaseId, ["client_global_id"] = linked.GlobalId, ["referral_status"] = Another(linked.OscarReferralStatus), ["referral_id"] = linked.OscarReferralId },
                new JsonObject { ["client_global_id"] = linked.GlobalId, ["referral_status"] = "Accepted", ["referral_id"] = 999 },
                new JsonObject { ["client_global_id"] = other.GlobalId, ["referral_status"] = Another(other.OscarReferralStatus), ["referral_id"] = other.OscarReferralId }),
        };

        var (status, answer, _) = await Api(HttpMethod.Put, "api/v1/organizations/referrals/update_statuses", body);

        Assert.That(status, Is.EqualTo(422));
        Assert.That((string?)answer!["message"], Is.EqualTo("Record error. Please check OSCaR logs for details."));
        Assert.That((string?)answer["error"], Does.Contain("999"));
        Assert.That(Sims.Oscar.Store.GetReferral(linked.OscarReferralId)!.Status, Is.EqualTo(Another(linked.OscarReferralStatus)));
        Assert.That(Sims.Oscar.Store.GetReferral(other.OscarReferralId)!.Status, Is.EqualTo(other.OscarReferralStatus), "not reached");
    }

    [Test]
    public async Task An_injected_500_is_the_rails_html_page_and_an_expired_token_the_devise_json()
    {
        Sims.Oscar.Faults.Add(FaultRule.Error("/api/v1/organizations/clients", 500, method: "GET"));
        Sims.Oscar.Faults.Add(FaultRule.TokenExpiresAfter(1, "/api/v1/organizations/clients/upsert"));

        var page = await Api(HttpMethod.Get, "api/v1/organizations/clients");
        await Api(HttpMethod.Post, "api/v1/organizations/clients/upsert", Referral("c7"));
        var expired = await Api(HttpMethod.Post, "api/v1/organizations/clients/upsert", Referral("c7"));

        Assert.That(page.Status, Is.EqualTo(500));
        Assert.That(await page.Response.Content.ReadAsStringAsync(), Does.Contain("We're sorry, but something went wrong."));
        Assert.That(expired.Status, Is.EqualTo(401));
        Assert.That((string?)expired.Body!["errors"]![0], Is.EqualTo(OscarSimulator.SignInRequired));
    }

    [Test]
    public async Task Check_duplication_answers_found_or_not_found()
    {
        var found = await Api(HttpMethod.Get, "api/v1/organizations/clients/check_duplication?given_name=Julia&family_name=Test&date_of_birth=2012-02-02");
        var notFound = await Api(HttpMethod.Get, "api/v1/organizations/clients/check_duplication?given_name=Nobody&family_name=Here");

        Assert.That((string?)found.Body!["similar_fields"], Is.EqualTo("Record was Found"));
        Assert.That((string?)notFound.Body!["similar_fields"], Is.EqualTo("Record was not found"));
    }
}
