using System.Text.Json.Nodes;
using OpenFn.Simulators.Primero;

namespace OpenFn.Simulators.Tests.Primero;

public sealed class PrimeroReferralsTests : SimulatorTestBase
{
    private const string GambellaCase = "406b539a-e662-425e-810b-47e4fa7da496";
    private const string CambodiaCase = "0b7e3c52-6f1d-4a4e-9a51-2f8d9c1e7a10";
    private const string CambodiaReferral = "9a3c1f0e-2b7d-4e55-8c10-6f2a4d8b1e33";
    private const string NoConsentCase = "757f3dd3-c4ca-4e18-be60-19054d848dfe";

    protected override SimulatorOptions CreateOptions() => new()
    {
        Systems = SimulatorSystems.Primero,
        Clock = Clock,
        Primero = new PrimeroOptions(),
    };

    private Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> Api(HttpMethod method, string path, string? json = null) =>
        SendAsync(method, new Uri(Sims.Primero.BaseUrl, path), json is null ? null : Json(json),
            r => r.Headers.Authorization = Basic(SimulatorDefaults.PrimeroUser, SimulatorDefaults.PrimeroPassword));

    private string LastUpdated(string id) => (string)Sims.Primero.Store.GetCase(id)!["last_updated_at"]!;

    [Test]
    public async Task The_fixture_referrals_are_listed_without_metadata()
    {
        var (status, body, _) = await Api(HttpMethod.Get, $"api/v2/cases/{GambellaCase}/referrals");

        Assert.That(status, Is.EqualTo(200));
        var referrals = body!["data"]!.AsArray();
        Assert.That(referrals, Has.Count.EqualTo(2));
        Assert.That(body["metadata"], Is.Null);
        Assert.That(referrals.Select(r => (string?)r!["service_record_id"]), Is.EquivalentTo(new[] { "5c2d4f6c-7a78-43b5-ac40-eb097be51d89", "" }));
        Assert.That(referrals.Select(r => (string?)r!["record_type"]), Has.All.EqualTo("case"));
    }

    [Test]
    public async Task Creating_a_referral_flags_the_service_adds_the_user_and_bumps_the_case()
    {
        var (status, body, _) = await Api(HttpMethod.Post, $"api/v2/cases/{GambellaCase}/referrals", """
            {"data":{"transitioned_to":"agency-cif-user","service":"alternative_care",
                     "service_record_id":"d2dd24d0-cc50-496d-a791-edb10344b36d","notes":"please help"}}
            """);

        Assert.That(status, Is.EqualTo(200));
        var referral = body!["data"]!;
        Assert.That((string?)referral["status"], Is.EqualTo("in_progress"));
        Assert.That((string?)referral["transitioned_by"], Is.EqualTo(SimulatorDefaults.PrimeroUser));
        Assert.That((string?)referral["transitioned_to_agency"], Is.EqualTo("agency-cif"));
        Assert.That((string?)referral["record"]!["last_updated_at"], Is.EqualTo("2025-09-01T08:00:00.000Z"));
        var stored = Sims.Primero.Store.GetCase(GambellaCase)!;
        var service = stored["services_section"]!.AsArray().Single(s => (string?)s!["unique_id"] == "d2dd24d0-cc50-496d-a791-edb10344b36d");
        Assert.That((bool?)service!["service_status_referred"], Is.True);
        Assert.That(stored["associated_user_names"]!.AsArray().Select(n => (string?)n), Does.Contain("agency-cif-user"));
        Assert.That(Sims.Primero.Store.GetReferrals(GambellaCase), Has.Count.EqualTo(3));
    }

    [Test]
    public async Task Referring_without_consent_is_refused_unless_consent_is_overridden()
    {
        Sims.Primero.Store.UpdateCase(NoConsentCase, new JsonObject { ["disclosure_other_orgs"] = false });

        var refused = await Api(HttpMethod.Post, $"api/v2/cases/{NoConsentCase}/referrals", """{"data":{"transitioned_to":"unhcr_cw"}}""");
        var overridden = await Api(HttpMethod.Post, $"api/v2/cases/{NoConsentCase}/referrals",
            """{"data":{"transitioned_to":"unhcr_cw","consent_overridden":true}}""");

        Assert.That(refused.Status, Is.EqualTo(422));
        Assert.That((string?)refused.Body!["errors"]![0]!["message"], Is.EqualTo("transition.errors.consent"));
        Assert.That(overridden.Status, Is.EqualTo(200));
    }

    [Test]
    public async Task Status_changes_follow_the_transition_rules_and_refused_ones_are_silent()
    {
        var url = $"api/v2/cases/{CambodiaCase}/referrals/{CambodiaReferral}";
        var before = LastUpdated(CambodiaCase);
        Clock.Advance(TimeSpan.FromMinutes(1));

        var done = await Api(HttpMethod.Patch, url, """{"data":{"status":"done"}}""");
        Assert.That((string?)done.Body!["data"]!["status"], Is.EqualTo("in_progress"), "done only from accepted: nothing changes");
        Assert.That(done.Status, Is.EqualTo(200));

        var accepted = await Api(HttpMethod.Patch, url, """{"data":{"status":"accepted","id":"ignored","type":"Referral"}}""");
        Assert.That((string?)accepted.Body!["data"]!["status"], Is.EqualTo("accepted"));
        Assert.That(LastUpdated(CambodiaCase), Is.EqualTo(before), "accepting does not bump the case");

        var rejected = await Api(HttpMethod.Patch, url, """{"data":{"status":"rejected","rejected_reason":"late"}}""");
        Assert.That((string?)rejected.Body!["data"]!["status"], Is.EqualTo("accepted"), "rejected only from in_progress");

        Clock.Advance(TimeSpan.FromMinutes(1));
        var completed = await Api(HttpMethod.Patch, url, """{"data":{"status":"done","rejection_note":"closed"}}""");
        Assert.That((string?)completed.Body!["data"]!["status"], Is.EqualTo("done"));
        Assert.That(LastUpdated(CambodiaCase), Is.EqualTo("2025-09-01T08:02:00.000Z"), "completing bumps the case");
    }

    [Test]
    public async Task Rejecting_records_the_reason_and_bumps_the_case_and_delete_revokes()
    {
        var url = $"api/v2/cases/{CambodiaCase}/referrals/{CambodiaReferral}";
        Clock.Advance(TimeSpan.FromMinutes(3));

        var rejected = await Api(HttpMethod.Patch, url, """{"data":{"status":"rejected","rejected_reason":"Individual Not Found: no match"}}""");

        Assert.That((string?)rejected.Body!["data"]!["rejected_reason"], Is.EqualTo("Individual Not Found: no match"));
        Assert.That(LastUpdated(CambodiaCase), Is.EqualTo("2025-09-01T08:03:00.000Z"));
        var revoked = await Api(HttpMethod.Delete, url);
        Assert.That((string?)revoked.Body!["data"]!["status"], Is.EqualTo("revoked"));
        Assert.That((await Api(HttpMethod.Patch, $"api/v2/cases/{CambodiaCase}/referrals/nope", """{"data":{"status":"accepted"}}""")).Status,
            Is.EqualTo(404));
    }

    [Test]
    public async Task Bulk_referrals_report_failures_next_to_the_created_ones()
    {
        var (status, body, _) = await Api(HttpMethod.Post, "api/v2/cases/referrals",
            $$$"""{"data":{"ids":["{{{GambellaCase}}}","missing-id"],"transitioned_to":"unhcr_cw","notes":"bulk"}}""");

        Assert.That(status, Is.EqualTo(200));
        Assert.That(body!["data"]!.AsArray(), Has.Count.EqualTo(1));
        Assert.That((int)body["errors"]![0]!["status"]!, Is.EqualTo(404));
    }
}

public sealed class PrimeroV1Tests : SimulatorTestBase
{
    protected override SimulatorOptions CreateOptions() => new() { Systems = SimulatorSystems.Primero };

    private async Task<List<string>> V1IdsAsync(string query)
    {
        var login = await SendAsync(HttpMethod.Post, new Uri(Sims.Primero.BaseUrl, "api/login"),
            Json("""{"user_name":"openfn_api","password":"S3cret!"}"""));
        var cookie = login.Response.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        var (status, body, _) = await SendAsync(HttpMethod.Get, new Uri(Sims.Primero.BaseUrl, "api/cases?remote=true&per=100&" + query),
            configure: r => r.Headers.Add("Cookie", cookie));
        Assert.That(status, Is.EqualTo(200));
        return body!.AsArray().Select(c => (string)c!["_id"]!).ToList();
    }

    [Test]
    public async Task List_scope_matches_the_derived_service_response_types()
    {
        var ids = await V1IdsAsync("scope[service_response_types]=list||referral_to_oscar");

        Assert.That(ids, Is.EquivalentTo(new[]
        {
            "7d4b1afdc516606a92e57d4ed10a9383", "c954972eb53b372b9718a746c4dc47b0", "e57b7a4b475f6b851ccc96eaa52ef44b",
        }));
    }

    [Test]
    public async Task Range_star_dot_star_means_has_a_value()
    {
        var ids = await V1IdsAsync("scope[oscar_number]=range||*.*&scope[record_state]=list||true");

        Assert.That(ids, Has.Count.EqualTo(8));
    }

    [Test]
    public async Task Date_ranges_use_day_month_year_and_or_groups_span_fields()
    {
        var created = await V1IdsAsync("scope[created_at]=date_range||01-11-2020.01-01-4020");
        var either = await V1IdsAsync(
            "scope[or][transitions_created_at]=or_op||date_range||01-09-2020.01-01-4020&scope[or][created_at]=or_op||date_range||25-11-2020 00:00.01-01-4020 00:00");

        Assert.That(created, Is.EquivalentTo(new[]
        {
            "7d4b1afdc516606a92e57d4ed1a7e781", "7d4b1afdc516606a92e57d4ed1a80031", "7d4b1afdc516606a92e57d4ed10a9383", "c954972eb53b372b9718a746c4dc47b0",
        }));
        Assert.That(either, Is.EquivalentTo(new[]
        {
            "7d4b1afdc516606a92e57d4ed1a80031", "e57b7a4b475f6b851ccc96eaa52ef44b", "5bbe4490d6073556b54206145c3ebe17", "c954972eb53b372b9718a746c4dc47b0",
        }));
    }
}
