using System.Text.Json.Nodes;
using OpenFn.Simulators.Hpc;
using OpenFn.Simulators.Infrastructure;

namespace OpenFn.Simulators.Tests.Hpc;

public sealed class HpcTests : SimulatorTestBase
{
    protected override SimulatorOptions CreateOptions() => new() { Systems = SimulatorSystems.Hpc };

    private async Task<JsonNode> GetOk(string pathAndQuery)
    {
        var (status, body, _) = await SendAsync(HttpMethod.Get, new Uri(Sims.Hpc.BaseUrl, pathAndQuery));
        Assert.That(status, Is.EqualTo(200), pathAndQuery);
        Assert.That((string?)body!["status"], Is.EqualTo("ok"));
        return body;
    }

    [Test]
    public async Task The_v2_plan_has_clusters_entities_and_disaggregated_indicators()
    {
        var plan = (await GetOk("v2/public/plan/1290?content=entities&disaggregation=true"))["data"]!;

        Assert.That((int)plan["id"]!, Is.EqualTo(1290));
        Assert.That(plan["governingEntities"]!.AsArray().Select(g => (string?)g!["entityPrototype"]!["refCode"]), Is.EqualTo(new[] { "CL", "CL" }));
        var activities = plan["planEntities"]!.AsArray().Where(e => (string?)e!["entityPrototype"]!["refCode"] == "CA").ToList();
        Assert.That(activities, Has.Count.EqualTo(2));
        Assert.That(activities[1]!["planEntityVersion"]!["value"]!["support"]!["0"], Is.Not.Null, "support as a dict keyed \"0\"");
        Assert.That(activities[0]!["attachments"]![0]!["attachmentVersion"]!["value"]!["metrics"]!["values"]!["disaggregated"], Is.Not.Null);
    }

    [Test]
    public async Task Disaggregation_false_strips_the_disaggregated_data_and_basic_content_the_entities()
    {
        var plan = (await GetOk("v2/public/plan/1290?content=entities&disaggregation=false"))["data"]!;
        var basic = (await GetOk("v1/public/rpm/plan/id/1290?format=json&content=basic"))["data"]!;
        var entities = (await GetOk("v1/public/rpm/plan/id/1290?format=json&content=entities"))["data"]!;

        var indicator = plan["planEntities"]!.AsArray().First(e => (string?)e!["entityPrototype"]!["refCode"] == "CA")!["attachments"]![0]!;
        Assert.That(indicator["attachmentVersion"]!["value"]!["metrics"]!["values"]!["disaggregated"], Is.Null);
        Assert.That(indicator["attachmentVersion"]!["value"]!["metrics"]!["values"]!["totals"], Is.Not.Null);
        Assert.That(basic["governingEntities"], Is.Null);
        Assert.That((string?)basic["planVersion"]!["name"], Is.EqualTo("Niger Humanitarian Response Plan 2026"));
        Assert.That(entities["planEntities"], Is.Not.Null);
    }

    [Test]
    public async Task Plans_are_listed_by_year_and_country_on_both_api_versions()
    {
        foreach (var path in new[] { "v1/public/plan/year/2026", "v2/public/plan/year/2026", "v2/public/plan?year=2026", "v1/public/plan/country/NER" })
        {
            var list = (await GetOk(path))["data"]!.AsArray();
            Assert.That(list.Select(p => (int)p!["id"]!), Is.EqualTo(new[] { 1290 }), path);
            Assert.That(list[0]!["planVersion"]!["name"], Is.Not.Null);
        }
        Assert.That((await GetOk("v1/public/plan/year/2019"))["data"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task Projects_their_attachments_and_the_plan_project_list()
    {
        var project = (await GetOk("v2/public/project/203417"))["data"]!;
        var attachments = (await GetOk("v2/public/project/203417/attachments"))["data"]!.AsArray();
        var ofPlan = (await GetOk("v1/public/project/plan/1290"))["data"]!.AsArray();
        var (missing, error, _) = await SendAsync(HttpMethod.Get, new Uri(Sims.Hpc.BaseUrl, "v2/public/project/1"));

        var published = HpcStore.PublishedVersion(project.AsObject())!;
        Assert.That((string?)published["currentRequestedFunds"], Is.EqualTo("2850000"), "a string");
        Assert.That((string?)attachments[0]!["attachment"]!["type"], Is.EqualTo("indicator"));
        Assert.That((int)attachments[0]!["attachment"]!["objectId"]!, Is.EqualTo(20201));
        Assert.That(ofPlan.Select(p => (int)p!["id"]!), Is.EquivalentTo(new[] { 203417, 203418 }));
        Assert.That(missing, Is.EqualTo(404));
        Assert.That((string?)error!["status"], Is.Not.EqualTo("ok"));
    }

    [Test]
    public async Task Fts_flows_page_with_next_link_and_summaries_cover_every_match()
    {
        var first = await GetOk("v1/public/fts/flow?projectId=203417&limit=2");
        var next = (string)first["meta"]!["nextLink"]!;
        var (_, second, _) = await SendAsync(HttpMethod.Get, new Uri(next));

        Assert.That(first["data"]!["flows"]!.AsArray(), Has.Count.EqualTo(2));
        Assert.That((int)first["meta"]!["count"]!, Is.EqualTo(3));
        Assert.That((decimal)first["data"]!["incoming"]!["fundingTotal"]!, Is.EqualTo(2_234_600m));
        Assert.That(next, Does.StartWith(Sims.Hpc.BaseUrl + "v1/public/fts/flow?").And.Contains("page=2").And.Contains("limit=2"));
        var last = second!["data"]!["flows"]!.AsArray();
        Assert.That(last.Select(f => (decimal)f!["amountUSD"]!), Is.EqualTo(new[] { 400_000m }));
        Assert.That(second["meta"]!["nextLink"], Is.Null);
    }

    [Test]
    public async Task Fts_boundaries_of_one_type_are_or_and_of_different_types_and()
    {
        var byCode = (await GetOk("v1/public/fts/flow?projectCode=HNER26-PRO-203418-1"))["data"]!["flows"]!.AsArray();
        var byPlan = (await GetOk("v1/public/fts/flow?planId=1290"))["data"]!["flows"]!.AsArray();
        var both = (await GetOk("v1/public/fts/flow?projectId=203417,203418&year=2026"))["data"]!["flows"]!.AsArray();
        var none = (await GetOk("v1/public/fts/flow?projectId=203417&year=2025"))["data"]!["flows"]!.AsArray();

        Assert.That(byCode.Select(f => (string?)f!["id"]), Is.EqualTo(new[] { "314010" }));
        Assert.That(byPlan, Has.Count.EqualTo(4));
        Assert.That(both, Has.Count.EqualTo(4));
        Assert.That(none, Is.Empty);
    }

    [Test]
    public async Task Reference_lists_resolve_disaggregation_ids_organisations_and_locations()
    {
        var groups = (await GetOk("v2/public/disaggregation-category-group"))["data"]!.AsArray();
        var organizations = (await GetOk("v1/public/organization"))["data"]!.AsArray();
        var clusters = (await GetOk("v1/public/global-cluster"))["data"]!.AsArray();
        var location = (await GetOk("v2/public/location/41234"))["data"]!;

        Assert.That(groups.SelectMany(g => g!["disaggregationCategories"]!.AsArray()).Select(c => (int)c!["id"]!), Is.SupersetOf(new[] { 1, 3, 4 }));
        Assert.That(organizations.Select(o => (int)o!["id"]!), Is.SupersetOf(new[] { 7312, 7313, 4398 }));
        Assert.That(clusters.Select(c => (int)c!["id"]!), Does.Contain(9));
        Assert.That((string?)location["name"], Is.EqualTo("Maradi"));
    }

    [Test]
    public async Task Basic_auth_is_optional_but_a_wrong_pair_is_refused_and_gateway_errors_are_html()
    {
        var good = await SendAsync(HttpMethod.Get, new Uri(Sims.Hpc.BaseUrl, "v1/public/global-cluster"),
            configure: r => r.Headers.Authorization = Basic(SimulatorDefaults.HpcUser, SimulatorDefaults.HpcPassword));
        var bad = await SendAsync(HttpMethod.Get, new Uri(Sims.Hpc.BaseUrl, "v1/public/global-cluster"),
            configure: r => r.Headers.Authorization = Basic(SimulatorDefaults.HpcUser, "wrong"));
        Sims.Hpc.Faults.Add(FaultRule.Error("/v1/public/fts/flow", 504));
        var gateway = await SendAsync(HttpMethod.Get, new Uri(Sims.Hpc.BaseUrl, "v1/public/fts/flow?projectId=203417"));

        Assert.That(good.Status, Is.EqualTo(200));
        Assert.That(bad.Status, Is.EqualTo(401));
        Assert.That(gateway.Status, Is.EqualTo(504));
        Assert.That(await gateway.Response.Content.ReadAsStringAsync(), Does.Contain("504 Gateway Timeout"));
    }
}

public sealed class HpcQuirkTests : SimulatorTestBase
{
    protected override SimulatorOptions CreateOptions() => new()
    {
        Systems = SimulatorSystems.Hpc,
        Hpc = new HpcOptions { DoubledVersionInNextLink = true, AnonymousRequestsPerSecond = 1, DefaultFlowLimit = 2 },
    };

    [Test]
    public async Task Next_link_can_carry_the_doubled_version_and_anonymous_callers_are_throttled()
    {
        var (status, body, _) = await SendAsync(HttpMethod.Get, new Uri(Sims.Hpc.BaseUrl, "v1/public/fts/flow?projectId=203417"));
        var throttled = await SendAsync(HttpMethod.Get, new Uri(Sims.Hpc.BaseUrl, "v1/public/fts/flow?projectId=203417"));
        var registered = await SendAsync(HttpMethod.Get, new Uri(Sims.Hpc.BaseUrl, "v1/public/fts/flow?projectId=203417"),
            configure: r => r.Headers.Authorization = Basic(SimulatorDefaults.HpcUser, SimulatorDefaults.HpcPassword));

        Assert.That(status, Is.EqualTo(200));
        Assert.That((string?)body!["meta"]!["nextLink"], Does.Contain("/v1/v1/public/fts/flow?"));
        Assert.That(throttled.Status, Is.EqualTo(429));
        Assert.That(registered.Status, Is.EqualTo(200), "registered clients are not throttled");
    }
}
