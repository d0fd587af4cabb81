using System.Text.Json.Nodes;
using OpenFn.Integrations.Tests.Support;
using OpenFn.Simulators;
using OpenFn.Simulators.Dtp;

namespace OpenFn.Integrations.Tests.Progres;

/// <summary>
/// Primero → proGres: the two hourly workflows of project.yaml, run with <c>openfn run &lt;workflow&gt; --cursor</c> (the
/// CLI process, starting from and storing the workflow's cursor exactly as a cron firing does) against the Primero
/// and DTP simulators.
/// </summary>
[NonParallelizable]
public class ProgresCronTests
{
    private IntegrationEnvironment _environment = null!;
    private PrimeroUser _user = null!;

    private SimulatorHost Sims => _environment.Simulators;

    [SetUp]
    public async Task StartAsync()
    {
        _environment = await IntegrationEnvironment.StartAsync(SimulatorSystems.Primero | SimulatorSystems.Dtp);
        _user = new PrimeroUser(Sims.Primero.BaseUrl);
    }

    [TearDown]
    public async Task StopAsync()
    {
        _user.Dispose();
        await _environment.DisposeAsync();
    }

    private void RunCron(string workflow)
    {
        var result = _environment.Run(workflow, "--cursor", "-l", "info");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
    }

    [Test]
    public async Task A_primero_referral_for_unhcr_reaches_the_dtp_once()
    {
        var alternativeCare = Guid.NewGuid().ToString();
        var medical = Guid.NewGuid().ToString();
        var created = await _user.CreateCaseAsync(new JsonObject
        {
            ["module_id"] = "primeromodule-cp", ["owned_by"] = "cp_worker_gmb",
            ["name_first"] = "Nyakuoth", ["name_last"] = "Deng", ["sex"] = "unknown_4b34795", ["date_of_birth"] = "2014-06-06",
            ["unhcr_individual_no"] = "803-00012345", ["unhcr_id_no"] = "803-25-0000552", ["language"] = new JsonArray("language2", "language5"),
            ["telephone_current"] = 251911111111, ["consent_for_services"] = true, ["disclosure_other_orgs"] = true,
            ["services_section"] = new JsonArray(
                new JsonObject { ["unique_id"] = alternativeCare, ["service_type"] = "alternative_care", ["service_implementing_agency"] = "UNHCR",
                    ["service_response_day_time"] = "2026-11-20T10:25:38.000Z" },
                new JsonObject { ["unique_id"] = medical, ["service_type"] = "medical", ["service_implementing_agency"] = "UNHCR" }),
        });
        var recordId = (string)created["id"]!;
        var caseId = (string)created["case_id"]!;
        await _user.ReferAsync(recordId, alternativeCare, "unhcr_cw");
        await _user.ReferAsync(recordId, medical, "unhcr_cw");

        RunCron("progres-referrals-to-dtp");

        var referral = Sims.Dtp.MessagesOf(DtpMessageType.Referral).Single().Body;
        Assert.That((string?)referral["id"], Is.EqualTo($"{caseId}#{alternativeCare[^12..]}"));
        Assert.That((string?)referral["service_type"], Is.EqualTo("Alternative Care"), "the agreed proGres type, not the Primero option id");
        Assert.That((string?)referral["primero_user"], Is.EqualTo("cp_worker_gmb"));
        Assert.That((string?)referral["full_name"], Is.EqualTo("Abebe Tadesse"));
        Assert.That((string?)referral["email"], Is.EqualTo("cp.worker@example.org"));
        Assert.That((string?)referral["sex"], Is.EqualTo("unknown"));
        Assert.That((string?)referral["language"], Is.EqualTo("Nuer, Amharic"));
        Assert.That((string?)referral["telephone_current"], Is.EqualTo("251911111111"));
        Assert.That((string?)referral["unhcr_individual_no"], Is.EqualTo("803-00012345"));
        Assert.That((string?)referral["service_response_day_time"], Is.EqualTo("2026-11-20T10:25:38.000Z"));
        Assert.That((string?)referral["request_type"], Is.EqualTo("ReceiveIncomingReferral"));

        RunCron("progres-referrals-to-dtp");

        Assert.That(Sims.Dtp.MessagesOf(DtpMessageType.Referral), Has.Count.EqualTo(1), "the second run sends nothing");
    }

    [Test]
    public async Task Primero_decisions_on_unhcr_referrals_reach_the_dtp_once_also_when_the_officer_had_a_partner_code()
    {
        var created = await _user.CreateCaseAsync(new JsonObject
        {
            ["module_id"] = "primeromodule-cp", ["owned_by"] = "progresv4_primero_intake@gambella.example.org",
            ["name_first"] = "Given E", ["name_last"] = "Family E", ["unhcr_individual_no"] = "803-100000519",
            ["services_section"] = new JsonArray(
                FromProgres("803-25-PRTITV-1000123", "UNHCR", "accepted"),
                FromProgres("803-25-PRTITV-1000124", "DAD-17-PNR-00011", "rejected", "Child already in foster care"),
                FromProgres("803-25-PRTITV-1000125", "UNHCR", "pending")),
        });
        var caseId = (string)created["case_id"]!;

        RunCron("progres-decisions-to-dtp");

        var decisions = Sims.Dtp.MessagesOf(DtpMessageType.Decision).Select(m => m.Body).OrderBy(b => (string?)b["progres_interventionnumber"]).ToList();
        Assert.That(decisions.Select(d => d.ToJsonString()), Is.EqualTo(new[]
        {
            Decision(caseId, "803-25-PRTITV-1000123", "acknowledged", "No reason specified."),
            Decision(caseId, "803-25-PRTITV-1000124", "rejected", "Child already in foster care"),
        }));

        // Another change to the case brings it back into the next run's window; its decisions were already sent.
        await _user.UpdateCaseAsync((string)created["id"]!, new JsonObject { ["name_nickname"] = "Gee" });
        RunCron("progres-decisions-to-dtp");

        Assert.That(Sims.Dtp.MessagesOf(DtpMessageType.Decision), Has.Count.EqualTo(2), "each decision is sent once");
    }

    private static JsonObject FromProgres(string interventionNumber, string requestAgency, string status, string? reason = null)
    {
        var service = new JsonObject
        {
            ["unique_id"] = Guid.NewGuid().ToString(), ["service_type"] = "alternative_care", ["service_request_external"] = true,
            ["service_request_agency"] = requestAgency, ["service_referral"] = "external_referral", ["service_implementing_agency"] = "UNICEF",
            ["progres_interventionnumber"] = interventionNumber, ["unhcr_referral_status"] = status,
        };
        if (reason is not null)
            service["unhcr_referral_rejection_reason"] = reason;
        return service;
    }

    private static string Decision(string caseId, string interventionNumber, string status, string reason) => new JsonObject
    {
        ["case_id"] = caseId,
        ["primero_user"] = "progresv4_primero_intake@gambella.example.org",
        ["progres_interventionnumber"] = interventionNumber,
        ["status"] = status,
        ["closure_reason"] = reason,
        ["request_type"] = "ReceiveDecisionOutgoingReferral",
    }.ToJsonString();
}
