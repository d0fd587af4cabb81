using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OpenFn.Integrations.Tests.Support;
using OpenFn.Runner.History;
using OpenFn.Runner.Tests;
using OpenFn.Simulators;
using OpenFn.Simulators.Dtp;

namespace OpenFn.Integrations.Tests.Progres;

/// <summary>
/// proGres → Primero through <c>openfn serve</c>: the DTP simulator's messages posted to <c>POST /inbox/progres</c> run
/// the progres-inbox workflow of project.yaml against the Primero and DTP simulators (system-apis §3, §6).
/// </summary>
[NonParallelizable]
public class ProgresInboxTests
{
    private const string IntakeUser = "progresv4_primero_intake@gambella.example.org";

    private IntegrationEnvironment _environment = null!;
    private ServeProcess _serve = null!;

    private SimulatorHost Sims => _environment.Simulators;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _environment = await IntegrationEnvironment.StartAsync(SimulatorSystems.Primero | SimulatorSystems.Dtp);
        _serve = await _environment.ServeAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _serve.DisposeAsync();
        await _environment.DisposeAsync();
    }

    private async Task<(RunRecord Run, string Log)> PostAsync(JsonNode payload)
    {
        var runId = await IntegrationEnvironment.PostToInboxAsync(_serve, "progres", payload, IntegrationEnvironment.InboxSecret);
        return await IntegrationEnvironment.WaitForRunAsync(_serve, runId);
    }

    private IReadOnlyList<JsonObject> MessagesFor(DtpMessageType type, string interventionNumber) =>
        Sims.Dtp.MessagesOf(type).Where(m => (string?)m.Body["progres_interventionnumber"] == interventionNumber).Select(m => m.Body).ToList();

    [Test]
    public async Task A_dtp_referral_becomes_a_primero_case_and_referral_and_dtp_gets_a_confirmation()
    {
        var (run, log) = await PostAsync(DtpPayloads.FullIntervention());

        Assert.That(run.Status, Is.EqualTo(RunState.Success), run.Error + "\n" + log);
        var cases = Sims.Primero.Store.FindCases("unhcr_individual_no", "989-00000226");
        Assert.That(cases, Has.Count.EqualTo(1));
        var record = cases[0];
        Assert.That((string?)record["owned_by"], Is.EqualTo(IntakeUser));
        Assert.That((string?)record["name_first"], Is.EqualTo("Alfred"));
        Assert.That((string?)record["name_last"], Is.EqualTo("L-K"));
        Assert.That((string?)record["sex"], Is.EqualTo("male"));
        Assert.That((string?)record["date_of_birth"], Is.EqualTo("2014-06-06"));
        Assert.That((string?)record["unhcr_id_no"], Is.EqualTo("989-22-00200"));
        Assert.That((string?)record["address_current"], Is.EqualTo("Gambela Agnuak Abobo"));
        Assert.That(record["language"]!.ToJsonString(), Is.EqualTo("""["language6"]"""), "Afrikaans is not a Gambella language");
        var service = record["services_section"]!.AsArray().OfType<JsonObject>().Single(s => (string?)s["progres_interventionnumber"] == "989-22-PRTITV-0000051");
        Assert.That((string?)service["unique_id"], Is.EqualTo("c52ac5bd-cd22-ed11-813e-00155d50ebba"));
        Assert.That((string?)service["service_type"], Is.EqualTo("alternative_care"));
        Assert.That((string?)service["unhcr_referral_status"], Is.EqualTo("pending"));
        Assert.That((string?)service["service_referral"], Is.EqualTo("external_referral"));
        Assert.That((bool?)service["service_request_external"], Is.True);
        Assert.That((string?)service["service_request_agency"], Is.EqualTo("UNHCR"));
        Assert.That((string?)service["service_referral_notes"], Is.EqualTo("This is a check for the address"));

        var confirmation = MessagesFor(DtpMessageType.SuccessNotification, "989-22-PRTITV-0000051").Single();
        Assert.That(confirmation.ToJsonString(), Is.EqualTo(new JsonObject
        {
            ["progres_interventionnumber"] = "989-22-PRTITV-0000051",
            ["case_id"] = (string?)record["case_id"],
            ["primero_user"] = IntakeUser,
            ["status"] = "Pending Acknowledgement",
        }.ToJsonString()));
        Assert.That(MessagesFor(DtpMessageType.ErrorNotification, "989-22-PRTITV-0000051"), Is.Empty);

        // DTP delivers the same intervention again: the case and its referral are updated, not duplicated.
        var (again, againLog) = await PostAsync(DtpPayloads.FullIntervention());
        Assert.That(again.Status, Is.EqualTo(RunState.Success), again.Error + "\n" + againLog);
        var after = Sims.Primero.Store.FindCases("unhcr_individual_no", "989-00000226");
        Assert.That(after, Has.Count.EqualTo(1));
        Assert.That(after[0]["services_section"]!.AsArray().Count(s => (string?)s!["progres_interventionnumber"] == "989-22-PRTITV-0000051"), Is.EqualTo(1));
        Assert.That(MessagesFor(DtpMessageType.SuccessNotification, "989-22-PRTITV-0000051").Select(m => (string?)m["case_id"]),
            Is.EqualTo(new[] { (string?)record["case_id"], (string?)record["case_id"] }));
    }

    [Test]
    public async Task An_unknown_intervention_type_sends_an_error_notification_and_fails_the_run()
    {
        var payload = DtpPayloads.Intervention(41, "Accessibility");
        var number = (string)payload["interventions"]![0]!["progres_interventionnumber"]!;
        var individual = (string)payload["interventions"]![0]!["individuals.progres_id"]!;

        var (run, log) = await PostAsync(payload);

        Assert.That(run.Status, Is.EqualTo(RunState.Failed), log);
        Assert.That(run.Error, Does.Contain($"proGres intervention {number}: intervention type 'Accessibility' is not one of the four exchanged with UNICEF"));
        var notification = MessagesFor(DtpMessageType.ErrorNotification, number).Single();
        Assert.That((string?)notification["status"], Is.EqualTo("Delivery Fail"));
        Assert.That((string?)notification["request_type"], Is.EqualTo("Feedback"));
        Assert.That((string?)notification["closure_reason"], Does.StartWith("Service value shared (Accessibility) via interoperability is not an accepted UNICEF service type."));
        Assert.That(Sims.Primero.Store.FindCases("unhcr_individual_no", individual), Is.Empty);
        Assert.That(MessagesFor(DtpMessageType.SuccessNotification, number), Is.Empty);
    }

    [Test]
    public async Task A_referral_missing_required_fields_is_answered_with_dtps_missing_fields_reason()
    {
        var payload = DtpPayloads.Intervention(42);
        var row = payload["interventions"]![0]!.AsObject();
        row.Remove("individuals.progres_givenname");
        var number = (string)row["progres_interventionnumber"]!;

        var (run, log) = await PostAsync(payload);

        Assert.That(run.Status, Is.EqualTo(RunState.Failed), log);
        Assert.That(run.Error, Does.Contain("is missing required fields: individuals.progres_givenname"));
        Assert.That((string?)MessagesFor(DtpMessageType.ErrorNotification, number).Single()["closure_reason"], Is.EqualTo(
            "Intervention referral is missing fields required for sending to Primero. Please include missing fields and re-send the request."));
    }

    [Test]
    public async Task A_dtp_decision_updates_the_primero_referral_it_answers()
    {
        using var user = new PrimeroUser(Sims.Primero.BaseUrl);
        var serviceId = Guid.NewGuid().ToString();
        var created = await user.CreateCaseAsync(new JsonObject
        {
            ["module_id"] = "primeromodule-cp", ["name_first"] = "Nyakuoth", ["name_last"] = "Deng", ["owned_by"] = "cp_worker_gmb",
            ["consent_for_services"] = true, ["disclosure_other_orgs"] = true,
            ["services_section"] = new JsonArray(new JsonObject { ["unique_id"] = serviceId, ["service_type"] = "alternative_care", ["service_implementing_agency"] = "UNHCR" }),
        });
        var recordId = (string)created["id"]!;
        var referral = await user.ReferAsync(recordId, serviceId, "unhcr_cw");
        var decision = DtpPayloads.Decision((string)created["case_id"]!, serviceId, accepted: false, comment: "No match in registration data");
        decision["interventions"]![0]!["progres_interoperabiltyreferralrejectionreason"] = "125080000";

        var (run, log) = await PostAsync(decision);

        Assert.That(run.Status, Is.EqualTo(RunState.Success), run.Error + "\n" + log);
        var stored = Sims.Primero.Store.GetReferrals(recordId).Single(r => r.Id == (string)referral["id"]!);
        Assert.That(stored.Status, Is.EqualTo("rejected"));
        Assert.That(stored.RejectedReason, Is.EqualTo("Individual Not Found: No match in registration data"));
    }

    [Test]
    public async Task The_inbox_refuses_a_message_without_the_secret()
    {
        using var content = new StringContent(DtpPayloads.Intervention(43).ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await _serve.Http.PostAsync($"{_serve.BaseUrl}/inbox/progres", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
