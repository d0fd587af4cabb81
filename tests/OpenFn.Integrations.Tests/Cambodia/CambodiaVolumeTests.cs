using System.Text.Json.Nodes;
using OpenFn.Runner.History;
using OpenFn.Simulators.Infrastructure;
using OpenFn.Simulators.Oscar;
using OpenFn.Simulators.Seed;
using static OpenFn.Integrations.Tests.Cambodia.CambodiaSync;

namespace OpenFn.Integrations.Tests.Cambodia;

/// <summary>The sync over the seeded populations: idempotence, expiring tokens, and 10,000 cases.</summary>
public class CambodiaVolumeTests
{
    /// <summary>Requests that change something (logins aside).</summary>
    private static List<string> Writes(SimulatorServer server) =>
        server.Log.Entries.Where(e => e.Method != "GET" && !e.Path.EndsWith("/tokens", StringComparison.Ordinal) && !e.Path.EndsWith("/sign_in", StringComparison.Ordinal))
            .Select(e => $"{e.Method} {e.Path} {e.Body}").ToList();

    private static void ClearLogs(CambodiaSync sync)
    {
        sync.Sims.Primero.Log.Clear();
        sync.Sims.Oscar.Log.Clear();
    }

    [Test]
    public async Task A_second_run_with_nothing_new_writes_nothing()
    {
        await using var sync = await CambodiaSync.StartAsync(cases: 300, clients: 300);

        await sync.SucceedsAsync(PrimeroToOscar);
        ClearLogs(sync);
        await sync.SucceedsAsync(PrimeroToOscar);
        Assert.That(Writes(sync.Sims.Primero).Concat(Writes(sync.Sims.Oscar)), Is.Empty, "second run of Primero → OSCaR");

        var first = await sync.SucceedsAsync(OscarToPrimero);
        ClearLogs(sync);
        var second = await sync.SucceedsAsync(OscarToPrimero);
        Assert.That(second.Count("clientsRead"), Is.GreaterThan(0), "the day's clients are read again (OSCaR filters by day)");
        Assert.That(Writes(sync.Sims.Primero).Concat(Writes(sync.Sims.Oscar)), Is.Empty, "second run of OSCaR → Primero");
        Assert.That(first.Count("casesCreated") + first.Count("casesUpdated"), Is.GreaterThan(0));
    }

    [Test]
    public async Task Once_both_systems_agree_a_full_round_changes_nothing()
    {
        await using var sync = await CambodiaSync.StartAsync(cases: 300, clients: 300);
        // Round 1 sends referrals and creates cases; round 2 links the new cases in OSCaR, which then shows their
        // services (OSCaR lists a shared client's services only once it is linked) and round 2's flow 2 adds them;
        // round 3 finds both sides in agreement.
        for (var round = 1; round <= 3; round++)
        {
            await sync.SucceedsAsync(PrimeroToOscar);
            await sync.SucceedsAsync(OscarToPrimero);
        }
        var primeroBefore = Snapshot(sync.Sims.Primero.Store.AllCases());
        var oscarBefore = Snapshot(sync.Sims.Oscar.Store.AllReferrals()) + Snapshot(sync.Sims.Oscar.Store.AllClients());
        ClearLogs(sync);

        var flow1 = await sync.SucceedsAsync(PrimeroToOscar);
        var flow2 = await sync.SucceedsAsync(OscarToPrimero);

        Assert.Multiple(() =>
        {
            Assert.That(Writes(sync.Sims.Primero), Is.Empty);
            Assert.That(Writes(sync.Sims.Oscar), Is.Empty);
            Assert.That(Snapshot(sync.Sims.Primero.Store.AllCases()), Is.EqualTo(primeroBefore));
            Assert.That(Snapshot(sync.Sims.Oscar.Store.AllReferrals()) + Snapshot(sync.Sims.Oscar.Store.AllClients()), Is.EqualTo(oscarBefore));
            Assert.That(flow2.Count("clientsRead"), Is.GreaterThan(0));
            Assert.That(flow1.Count("referralsSent") + flow1.Count("decisionsSent") + flow1.Count("linksSent"), Is.Zero);
        });
    }

    private static string Snapshot<T>(IEnumerable<T> records) => System.Text.Json.JsonSerializer.Serialize(records);

    [Test]
    public async Task Tokens_that_expire_mid_run_are_renewed()
    {
        await using var sync = await CambodiaSync.StartAsync(cases: 300, clients: 300, fixtures: false);
        sync.Sims.Primero.Faults.Add(FaultRule.TokenExpiresAfter(100, "/api/v2/*"));
        sync.Sims.Oscar.Faults.Add(FaultRule.TokenExpiresAfter(40, "/api/v1/organizations/*"));

        var run = await sync.SucceedsAsync(PrimeroToOscar);

        var expected = DeliverableReferralsToOscar(sync);
        Assert.Multiple(() =>
        {
            Assert.That(sync.Sims.Primero.Log.Find("POST", "/api/v2/tokens"), Has.Count.GreaterThan(1), "Primero token renewed");
            Assert.That(sync.Sims.Oscar.Log.Find("POST", "/api/v1/admin_auth/sign_in"), Has.Count.GreaterThan(1), "OSCaR token renewed");
            Assert.That(sync.Sims.Primero.Log.Entries.Count(e => e.Status == 401), Is.GreaterThan(0));
            Assert.That(run.Count("casesRead"), Is.EqualTo(300));
            Assert.That(run.Count("referralsSent"), Is.EqualTo(expected.Count).And.GreaterThan(40));
            Assert.That(ReferralsFromPrimero(sync), Is.EquivalentTo(expected));
        });
    }

    /// <summary>
    /// The case_id of every Primero referral to OSCaR still in progress that OSCaR can take, one entry per referral:
    /// OSCaR files a referral for a child it knows (the case has an oscar_number) only with the NGO that has the child.
    /// </summary>
    private static List<string> DeliverableReferralsToOscar(CambodiaSync sync) =>
        sync.Sims.Primero.Store.AllCases().SelectMany(c =>
        {
            var toOscar = (c["services_section"] as JsonArray ?? []).OfType<JsonObject>()
                .Where(s => (string?)s["service_response_type"] == CambodiaReference.ResponseReferralToOscar).Select(s => (string?)s["unique_id"]).ToHashSet();
            var oscarNumber = (string?)c["oscar_number"];
            return sync.Sims.Primero.Store.GetReferrals((string)c["id"]!)
                .Where(r => r.Status == "in_progress" && toOscar.Contains(r.ServiceRecordId))
                .Where(r => oscarNumber is null || sync.Sims.Oscar.Store.GetClient(oscarNumber, r.TransitionedToAgency!["agency-".Length..]) is not null)
                .Select(_ => (string)c["case_id"]!);
        }).ToList();

    /// <summary>The external_id (Primero case_id) of every referral OSCaR received from Primero.</summary>
    private static List<string> ReferralsFromPrimero(CambodiaSync sync) =>
        sync.Sims.Oscar.Store.AllReferrals().Where(r => r.Direction == OscarReferralDirection.FromExternal).Select(r => r.ExternalId).ToList();

    [Test]
    public async Task Ten_thousand_cases_sync_completely()
    {
        await using var sync = await CambodiaSync.StartAsync(cases: 10_000, clients: 10_000);
        var casesInPrimero = sync.Sims.Primero.Store.CaseCount;
        var expectedReferrals = DeliverableReferralsToOscar(sync);

        var flow1 = await sync.SucceedsAsync(PrimeroToOscar);

        var pageQueries = sync.Sims.Primero.Log.Find("GET", "/api/v2/cases").Where(e => !e.Path.EndsWith("/referrals", StringComparison.Ordinal))
            .Select(e => System.Web.HttpUtility.ParseQueryString(e.QueryString)).ToList();
        var per = int.Parse(pageQueries[0]["per"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Multiple(() =>
        {
            Assert.That(flow1.Count("casesRead"), Is.EqualTo(casesInPrimero));
            Assert.That(pageQueries.Select(q => q["page"]), Is.EqualTo(Enumerable.Range(1, (casesInPrimero + per - 1) / per).Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture))),
                "every page, once");
            Assert.That(flow1.Count("referralsSent"), Is.EqualTo(expectedReferrals.Count));
            Assert.That(ReferralsFromPrimero(sync), Is.EquivalentTo(expectedReferrals));
        });

        sync.Sims.Primero.Log.Clear();
        var flow2 = await sync.SucceedsAsync(OscarToPrimero);

        var clients = sync.Sims.Oscar.Store.AllClients();
        var skipped = flow2.Summary["clientsSkipped"]!.AsArray().Select(s => (string)s!["global_id"]!).ToHashSet();
        var withCase = sync.Sims.Primero.Store.AllCases().Select(c => (string?)c["oscar_number"]).Where(n => n is not null).ToHashSet();
        Assert.Multiple(() =>
        {
            Assert.That(flow2.Count("clientsRead"), Is.EqualTo(clients.Select(c => c.GlobalId).Distinct().Count()));
            Assert.That(clients.Where(c => !skipped.Contains(c.GlobalId) && !withCase.Contains(c.GlobalId)).Select(c => c.GlobalId), Is.Empty,
                "every OSCaR client has its Primero case");
            Assert.That(skipped, Has.Count.LessThan(clients.Count / 10));
        });
    }
}
