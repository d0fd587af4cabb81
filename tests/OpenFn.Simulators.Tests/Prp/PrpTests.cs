using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace OpenFn.Simulators.Tests.Prp;

public sealed class PrpTests : SimulatorTestBase
{

    protected override SimulatorOptions CreateOptions() => new() { Systems = SimulatorSystems.Prp, Clock = Clock };


    private Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> Put(string path, string json, string token = SimulatorDefaults.PrpToken) =>
        SendAsync(HttpMethod.Put, new Uri(Sims.Prp.BaseUrl, "api/v1/" + path), Json(json),
            r => r.Headers.Authorization = new AuthenticationHeaderValue("Token", token));

    private Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> Get(string path) =>
        SendAsync(HttpMethod.Get, new Uri(Sims.Prp.BaseUrl, "api/v1/" + path),
            configure: r => r.Headers.Authorization = new AuthenticationHeaderValue("Token", SimulatorDefaults.PrpToken));

    private const string Plan = """{"title":"Niger Humanitarian Response Plan 2026","start":"2026-01-01","end":"2026-12-31","plan_type":"HRP","workspace":{"external_id":"1021","title":"Central Sahel crisis 2026","code":"EM1021"}}""";

    [Test]
    public async Task Requests_need_the_api_token()
    {
        var none = await SendAsync(HttpMethod.Get, new Uri(Sims.Prp.BaseUrl, "api/v1/response-plans"));
        var wrong = await Put("response-plans/1290", Plan, token: "forged");

        Assert.That(none.Status, Is.EqualTo(401));
        Assert.That((string?)none.Body!["detail"], Is.EqualTo("Authentication credentials were not provided."));
        Assert.That(wrong.Status, Is.EqualTo(401));
        Assert.That((string?)wrong.Body!["detail"], Is.EqualTo("Invalid token."));
    }

    [Test]
    public async Task Put_creates_then_updates_by_ocha_id_and_an_identical_put_changes_nothing()
    {
        var created = await Put("response-plans/1290", Plan);
        Clock.Advance(TimeSpan.FromHours(1));
        var same = await Put("response-plans/1290", Plan);
        Clock.Advance(TimeSpan.FromHours(1));
        var changed = await Put("response-plans/1290", Plan.Replace("2026-12-31", "2027-03-31", StringComparison.Ordinal));

        Assert.That(created.Status, Is.EqualTo(201));
        Assert.That((string?)created.Body!["external_id"], Is.EqualTo("1290"));
        Assert.That(same.Status, Is.EqualTo(200));
        Assert.That((int)same.Body!["id"]!, Is.EqualTo((int)created.Body["id"]!));
        Assert.That((string?)same.Body["modified"], Is.EqualTo((string?)created.Body["modified"]));
        Assert.That((string?)changed.Body!["modified"], Is.EqualTo("2025-09-01T10:00:00.000Z"));
        Assert.That(Sims.Prp.List("response-plans"), Has.Count.EqualTo(1));
        Assert.That((string?)Sims.Prp.Get("response-plans", "1290")!["end"], Is.EqualTo("2027-03-31"));
    }

    [Test]
    public async Task Missing_fields_and_unknown_parents_get_field_errors()
    {
        var missing = await Put("response-plans/1290", """{"title":"x"}""");
        var orphan = await Put("clusters/11201", """{"response_plan":"1290","title":"Nutrition"}""");

        Assert.That(missing.Status, Is.EqualTo(400));
        Assert.That(missing.Body!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "start", "end", "plan_type" }));
        Assert.That((string?)missing.Body["start"]![0], Is.EqualTo("This field is required."));
        Assert.That(orphan.Status, Is.EqualTo(400));
        Assert.That((string?)orphan.Body!["response_plan"]![0], Does.Contain("object does not exist"));
    }

    [Test]
    public async Task The_whole_ocha_import_chain_can_be_stored_and_read_back()
    {
        Assert.That((await Put("response-plans/1290", Plan)).Status, Is.EqualTo(201));
        Assert.That((await Put("clusters/11201", """{"response_plan":"1290","title":"Nutrition"}""")).Status, Is.EqualTo(201));
        Assert.That((await Put("objectives/20101", """{"cluster":"11201","title":"Reduce mortality linked to acute malnutrition"}""")).Status, Is.EqualTo(201));
        Assert.That((await Put("activities/20201", """{"objective":"20101","cluster":"11201","title":"Screen and treat SAM"}""")).Status, Is.EqualTo(201));
        var indicator = await Put("indicators/303001", """
            {"parent_type":"activity","parent":"20201","title":"# of children 6-59 months with SAM admitted for treatment",
             "target":{"v":410000,"d":1},"baseline":{"v":1250,"d":1},"in_need":{"v":480000,"d":1},
             "disaggregations":[{"name":"Age","values":["<18 years"]},{"name":"Sex","values":["Female","Male"]}],
             "locations":[{"external_id":"41231","name":"Tillabéri","admin_level":1,"iso3":"NER","parent":"Niger"}]}
            """);
        Assert.That(indicator.Status, Is.EqualTo(201));
        Assert.That((await Put("partner-projects/203417", """
            {"response_plan":"1290","title":"Community management of acute malnutrition","start":"2026-01-01","end":"2026-12-31",
             "code":"HNER26-NUT-203417-1","clusters":["11201"],"partner":{"external_id":"7312","name":"Action Santé Sahel"}}
            """)).Status, Is.EqualTo(201));
        var funding = await Put("funding/203417", """{"total_budget":2234600,"currency":"USD","funding_source":"Central Emergency Response Fund; European Commission"}""");

        Assert.That(funding.Status, Is.EqualTo(201));
        var (_, list, _) = await Get("clusters?response_plan=1290");
        Assert.That((int)list!["count"]!, Is.EqualTo(1));
        var stored = (await Get("indicators/303001")).Body!;
        Assert.That((string?)stored["locations"]![0]!["name"], Is.EqualTo("Tillabéri"));
        Assert.That(stored["disaggregations"]!.AsArray(), Has.Count.EqualTo(2));
        Assert.That((await Get("indicators/999")).Status, Is.EqualTo(404));
    }

    [Test]
    public async Task Indicators_and_funding_must_point_at_existing_records()
    {
        await Put("response-plans/1290", Plan);

        var badType = await Put("indicators/1", """{"parent_type":"sector","parent":"1290","title":"x"}""");
        var badParent = await Put("indicators/1", """{"parent_type":"cluster","parent":"999","title":"x"}""");
        var planLevel = await Put("indicators/1", """{"parent_type":"response_plan","parent":"1290","title":"People in need"}""");
        var orphanFunding = await Put("funding/999", """{"total_budget":1,"currency":"USD"}""");
        var badCluster = await Put("partner-projects/5", """{"response_plan":"1290","title":"p","start":"2026-01-01","end":"2026-02-01","clusters":["404"]}""");

        Assert.That(badType.Status, Is.EqualTo(400));
        Assert.That(badParent.Status, Is.EqualTo(400));
        Assert.That(planLevel.Status, Is.EqualTo(201));
        Assert.That(orphanFunding.Status, Is.EqualTo(400));
        Assert.That(badCluster.Status, Is.EqualTo(400));
    }
}
