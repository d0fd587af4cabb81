using System.Text.Json.Nodes;
using OpenFn.Runner.History;
using OpenFn.Simulators.Infrastructure;
using OpenFn.Simulators.Oscar;
using static OpenFn.Integrations.Tests.Cambodia.CambodiaSync;

namespace OpenFn.Integrations.Tests.Cambodia;

/// <summary>The two hourly workflows end to end against the Primero and OSCaR simulators.</summary>
public class CambodiaSyncTests
{
    private CambodiaSync sync = null!;

    [SetUp]
    public async Task StartAsync() => sync = await CambodiaSync.StartAsync(fixtures: false);

    [TearDown]
    public async Task StopAsync() => await sync.DisposeAsync();

    [Test]
    public async Task A_Primero_referral_reaches_OSCaR_with_its_mapped_service_and_the_case_id()
    {
        var (primeroCase, referral) = CambodiaRecords.ReferredCase(sync.Sims.Primero.Store, agency: "cwd", subtype: "counselling_trauma");

        var run = await sync.SucceedsAsync(PrimeroToOscar);

        var caseId = (string)primeroCase["case_id"]!;
        var sent = sync.Sims.Oscar.Store.FindReferrals(caseId);
        Assert.That(sent, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(sent[0].Tenant, Is.EqualTo("cwd"), "agency-cwd is OSCaR organisation cwd");
            Assert.That(sent[0].Services, Is.EqualTo(new[] { "Trauma counselling" }));
            Assert.That(sent[0].ExternalIdDisplay, Is.EqualTo(caseId[^7..]));
            Assert.That(sent[0].VillageCode, Is.EqualTo("02040302"), "the leading zero Primero dropped is restored");
            Assert.That(sent[0].LevelOfRisk, Is.EqualTo("no action"));
            Assert.That(sent[0].ReasonForReferral, Is.EqualTo(referral.Notes));
            Assert.That(sent[0].MosvyNumber, Is.EqualTo("MSV-0042"));
            Assert.That(run.Count("referralsSent"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_child_OSCaR_knows_is_referred_again_to_its_NGO_and_a_referral_to_another_NGO_is_reported()
    {
        var client = CambodiaRecords.Client(sync.Sims.Oscar.Store, tenant: "cif");
        var (toItsNgo, _) = CambodiaRecords.ReferredCase(sync.Sims.Primero.Store, agency: "cif", oscarNumber: client.GlobalId);
        var (toAnotherNgo, _) = CambodiaRecords.ReferredCase(sync.Sims.Primero.Store, agency: "kmr", oscarNumber: client.GlobalId);

        var run = await sync.SucceedsAsync(PrimeroToOscar);

        var notDeliverable = run.Summary["referralsNotDeliverable"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(sync.Sims.Oscar.Store.FindReferrals((string)toItsNgo["case_id"]!).Single().ClientId, Is.EqualTo(client.Id), "a 2nd referral of the cif client");
            Assert.That(sync.Sims.Oscar.Store.FindReferrals((string)toAnotherNgo["case_id"]!), Is.Empty);
            Assert.That(notDeliverable.Select(n => (string?)n!["case_id"]), Is.EqualTo(new[] { (string)toAnotherNgo["case_id"]! }));
            Assert.That((string?)notDeliverable[0]!["reason"], Is.EqualTo("OSCaR files referrals of this child only with cif"));
        });
    }

    [Test]
    public async Task An_OSCaR_referral_becomes_a_Primero_case_with_the_oscar_number_owned_by_the_province_manager()
    {
        // Province 19 (Stung Treng) had no manager in the original map, which listed 22 twice.
        var client = CambodiaRecords.Client(sync.Sims.Oscar.Store, tenant: "cif", village: "19010203", risk: "high");
        var referral = sync.Sims.Oscar.Store.ReferToExternal(client.GlobalId, "cif", ["Kinship care"], "Needs kinship care");

        await sync.SucceedsAsync(OscarToPrimero);

        var cases = sync.Sims.Primero.Store.FindCases("oscar_number", client.GlobalId);
        Assert.That(cases, Has.Count.EqualTo(1));
        var primeroCase = cases[0];
        var service = CambodiaRecords.Service(primeroCase, "referral_from_oscar");
        Assert.Multiple(() =>
        {
            Assert.That((string?)primeroCase["owned_by"], Is.EqualTo("mgrstg"));
            Assert.That((string?)primeroCase["oscar_short_id"], Is.EqualTo(client.Slug));
            Assert.That((string?)primeroCase["risk_level"], Is.EqualTo("high"), "read from OSCaR's level_of_risk");
            Assert.That((string?)primeroCase["location_current"], Is.EqualTo("19010203"));
            Assert.That((string?)primeroCase["name_first"], Is.EqualTo("Dara"), "referred rows carry no Khmer names");
            Assert.That((string?)primeroCase["protection_status"], Is.EqualTo("oscar_referral"));
            Assert.That(service["service_subtype"]!.AsArray().Select(s => (string?)s), Is.EqualTo(new[] { "family_based_care_kinship" }));
            Assert.That((string?)service["oscar_referral_id_a4ac8a5"], Is.EqualTo(referral.Id.ToString()));
            Assert.That((string?)service["referral_status_edf41f2"], Is.EqualTo("pending_310366"));
            Assert.That((string?)service["service_implementing_agency"], Is.EqualTo("agency-cif"));
        });
    }

    [Test]
    public async Task A_client_OSCaR_only_shares_goes_to_its_NGO_user_and_one_of_an_unknown_NGO_is_reported_not_synced()
    {
        var shared = CambodiaRecords.Client(sync.Sims.Oscar.Store, tenant: "kmr");
        var unknownNgo = CambodiaRecords.Client(sync.Sims.Oscar.Store, tenant: "demo");

        var run = await sync.SucceedsAsync(OscarToPrimero);

        var primeroCase = sync.Sims.Primero.Store.FindCases("oscar_number", shared.GlobalId).Single();
        Assert.Multiple(() =>
        {
            Assert.That((string?)primeroCase["owned_by"], Is.EqualTo("agency-kmr-user"));
            Assert.That((string?)primeroCase["name_first"], Is.EqualTo("ដារ៉ា (Dara)"));
            Assert.That((string?)primeroCase["name_last"], Is.EqualTo("សុខ (Sok)"));
            Assert.That(primeroCase["risk_level"], Is.Null, "risk is taken from referred clients only");
            Assert.That(sync.Sims.Primero.Store.FindCases("oscar_number", unknownNgo.GlobalId), Is.Empty);
            Assert.That(run.Summary["clientsSkipped"]![0]!["global_id"]!.GetValue<string>(), Is.EqualTo(unknownNgo.GlobalId));
            Assert.That(run.Summary["clientsSkipped"]![0]!["reason"]!.GetValue<string>(), Is.EqualTo("OSCaR organisation \"demo\" has no Primero agency user"));
        });
    }

    [Test]
    public async Task A_case_Primero_refuses_is_reported_and_the_others_are_synced()
    {
        var refused = CambodiaRecords.Client(sync.Sims.Oscar.Store, tenant: "kmr", dateOfBirth: "2012-02-30");
        var accepted = CambodiaRecords.Client(sync.Sims.Oscar.Store, tenant: "kmr");

        var run = await sync.SucceedsAsync(OscarToPrimero);

        var refusals = run.Summary["casesRefused"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(refusals.Select(r => (string?)r!["oscar_number"]), Is.EqualTo(new[] { refused.GlobalId }));
            Assert.That((string?)refusals[0]!["message"], Does.Contain("date_of_birth"));
            Assert.That(sync.Sims.Primero.Store.FindCases("oscar_number", accepted.GlobalId), Has.Count.EqualTo(1));
            Assert.That(run.Count("casesCreated"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task An_NGO_accepting_a_Primero_referral_in_OSCaR_accepts_it_in_Primero_and_links_the_ids()
    {
        var (primeroCase, primeroReferral) = CambodiaRecords.ReferredCase(sync.Sims.Primero.Store);
        await sync.SucceedsAsync(PrimeroToOscar);
        var oscarReferral = sync.Sims.Oscar.Store.FindReferrals((string)primeroCase["case_id"]!).Single();
        var client = sync.Sims.Oscar.Store.AcceptReferral(oscarReferral.Id);

        var run = await sync.SucceedsAsync(OscarToPrimero);

        var updated = sync.Sims.Primero.Store.GetCase((string)primeroCase["id"]!)!;
        var service = CambodiaRecords.Service(updated, "referral_to_oscar");
        Assert.Multiple(() =>
        {
            Assert.That((string?)updated["oscar_number"], Is.EqualTo(client.GlobalId), "OSCaR's id is synced back");
            Assert.That((string?)updated["oscar_short_id"], Is.EqualTo(client.Slug));
            Assert.That((string?)service["referral_status_edf41f2"], Is.EqualTo("accepted_340953"));
            Assert.That((string?)service["oscar_referral_id_a4ac8a5"], Is.EqualTo(oscarReferral.Id.ToString()));
            Assert.That(sync.Sims.Primero.Store.GetReferrals(primeroReferral.RecordId).Single().Status, Is.EqualTo("accepted"));
            Assert.That(CambodiaRecords.Services(updated), Has.Count.EqualTo(1), "the echo of Primero's own referral adds no service");
            Assert.That(run.Count("referralsDecided"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_Primero_user_accepting_an_OSCaR_referral_accepts_it_in_OSCaR()
    {
        var client = CambodiaRecords.Client(sync.Sims.Oscar.Store);
        var oscarReferral = sync.Sims.Oscar.Store.ReferToExternal(client.GlobalId, "cif", ["Kinship care"], "Needs kinship care");
        await sync.SucceedsAsync(OscarToPrimero);
        var primeroCase = sync.Sims.Primero.Store.FindCases("oscar_number", client.GlobalId).Single();
        var service = CambodiaRecords.Service(primeroCase, "referral_from_oscar");
        sync.Sims.Primero.Store.UpdateCase((string)primeroCase["id"]!, new JsonObject
        {
            ["services_section"] = new JsonArray(new JsonObject { ["unique_id"] = (string?)service["unique_id"], ["referral_status_edf41f2"] = "accepted_340953" }),
        });

        var run = await sync.SucceedsAsync(PrimeroToOscar);

        Assert.That(sync.Sims.Oscar.Store.GetReferral(oscarReferral.Id)!.Status, Is.EqualTo("Accepted"));
        Assert.That(run.Count("decisionsSent"), Is.EqualTo(1));
    }

    [Test]
    public async Task OSCaR_services_of_the_same_type_stay_separate_Primero_services()
    {
        var client = CambodiaRecords.Client(sync.Sims.Oscar.Store, enrollments:
        [
            new OscarEnrollment("Family Support", "2025-03-01", "Trauma counselling"),
            new OscarEnrollment("Family Support", "2025-03-01", "Trauma counselling"),
            new OscarEnrollment("Community Care", "2025-06-01", "Trauma counselling"),
        ]);
        sync.Sims.Oscar.Store.ReferToExternal(client.GlobalId, "cif", ["Trauma counselling"], "Needs counselling");

        await sync.SucceedsAsync(OscarToPrimero);
        var second = await sync.SucceedsAsync(OscarToPrimero);

        var services = CambodiaRecords.Services(sync.Sims.Primero.Store.FindCases("oscar_number", client.GlobalId).Single()).OfType<JsonObject>().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(services.Select(s => (string?)s["service_subtype"]![0]), Is.All.EqualTo("counselling_trauma"));
            Assert.That(services.Select(s => (string?)s["service_response_type"]), Is.EquivalentTo(new[]
            {
                "service_being_provided_by_oscar_partner_47618", "service_being_provided_by_oscar_partner_47618",
                "service_being_provided_by_oscar_partner_47618", "referral_from_oscar",
            }), "one element per OSCaR service, although OSCaR gives all four the same uuid");
            Assert.That(services.Select(s => (string?)s["unique_id"]).Distinct().Count(), Is.EqualTo(4));
            Assert.That(second.Count("casesUpdated"), Is.Zero, "the second run finds every service in place");
        });
    }

    [Test]
    public async Task A_failing_OSCaR_sends_the_run_down_the_catch_path_and_keeps_the_cursor()
    {
        var (sentBefore, _) = CambodiaRecords.ReferredCase(sync.Sims.Primero.Store);
        await sync.SucceedsAsync(PrimeroToOscar);
        var cursor = await CursorText(PrimeroToOscar);
        var (primeroCase, _) = CambodiaRecords.ReferredCase(sync.Sims.Primero.Store, agency: "kmr");
        sync.Sims.Oscar.Faults.Add(FaultRule.Error("/api/v1/organizations/clients/upsert*", 500));

        var failed = await sync.RunAsync(PrimeroToOscar);

        var cursorAfterFailure = await CursorText(PrimeroToOscar);
        Assert.Multiple(() =>
        {
            Assert.That(failed.Status, Is.EqualTo(RunState.Failed));
            Assert.That(failed.Cli.ExitCode, Is.EqualTo(2));
            Assert.That(failed.Steps, Is.EqualTo(new[] { "Get-Primero-Cases: success", "Cases-to-OSCaR: failed", "Catch-Primero-to-OSCaR: failed" }));
            Assert.That(failed.Error, Does.Contain("OSCaR failed on the referral of case " + (string)primeroCase["case_id"]!));
            Assert.That(failed.Error, Does.Contain("cursor kept at " + (string?)JsonNode.Parse(cursor)!["lastRunDateTime"]));
            Assert.That(cursorAfterFailure, Is.EqualTo(cursor));
        });

        sync.Sims.Oscar.Faults.Clear();
        await sync.SucceedsAsync(PrimeroToOscar);
        Assert.That(sync.Sims.Oscar.Store.FindReferrals((string)primeroCase["case_id"]!), Has.Count.EqualTo(1), "the next run sends what the failed one could not");
        Assert.That(sync.Sims.Oscar.Store.FindReferrals((string)sentBefore["case_id"]!), Has.Count.EqualTo(1),
            "a referral read again in the cursor's overlap is not sent twice");
        Assert.That(await CursorText(PrimeroToOscar), Is.Not.EqualTo(cursor), "a successful run moves the cursor");
    }

    [Test]
    public async Task A_failing_Primero_keeps_the_cursors_of_both_flows()
    {
        CambodiaRecords.Client(sync.Sims.Oscar.Store);
        await sync.SucceedsAsync(OscarToPrimero);
        await sync.SucceedsAsync(PrimeroToOscar);
        var cursors = (await CursorText(OscarToPrimero), await CursorText(PrimeroToOscar));
        CambodiaRecords.ReferredCase(sync.Sims.Primero.Store);
        sync.Sims.Primero.Faults.Add(FaultRule.Error("/api/v2/cases", 500, method: "GET"));

        var flow2 = await sync.RunAsync(OscarToPrimero);
        var flow1 = await sync.RunAsync(PrimeroToOscar);

        var cursorsAfter = (await CursorText(OscarToPrimero), await CursorText(PrimeroToOscar));
        Assert.Multiple(() =>
        {
            Assert.That(flow2.Steps, Is.EqualTo(new[] { "Get-OSCaR-Cases: success", "Upsert-Cases-to-Primero: failed", "Catch-OSCaR-to-Primero: failed" }));
            Assert.That(flow1.Steps, Is.EqualTo(new[] { "Get-Primero-Cases: failed", "Catch-Primero-to-OSCaR: failed" }));
            Assert.That(cursorsAfter, Is.EqualTo(cursors));
        });
    }

    private async Task<string> CursorText(string workflow) =>
        (await sync.CursorAsync(workflow))?.ToJsonString() ?? throw new AssertionException($"{workflow} has no cursor");
}
