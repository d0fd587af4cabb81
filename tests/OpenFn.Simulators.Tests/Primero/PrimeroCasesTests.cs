using System.Globalization;
using System.Text.Json.Nodes;
using OpenFn.Simulators.Primero;

namespace OpenFn.Simulators.Tests.Primero;

public sealed class PrimeroCasesTests : SimulatorTestBase
{
    private const int Synthetic = 250;
    private const int FixtureCases = 5;
    private const string GambellaCase = "406b539a-e662-425e-810b-47e4fa7da496";

    protected override SimulatorOptions CreateOptions() => new()
    {
        Systems = SimulatorSystems.Primero,
        Clock = Clock,
        Primero = new PrimeroOptions { SyntheticCases = Synthetic },
    };

    private Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> Api(HttpMethod method, string path, string? json = null) =>
        SendAsync(method, new Uri(Sims.Primero.BaseUrl, path), json is null ? null : Json(json),
            r => r.Headers.Authorization = Basic(SimulatorDefaults.PrimeroUser, SimulatorDefaults.PrimeroPassword));

    private static List<string> Ids(JsonNode? body) => body!["data"]!.AsArray().Select(c => (string)c!["id"]!).ToList();

    [Test]
    public async Task The_list_has_the_envelope_with_total_per_and_page_and_defaults_to_20()
    {
        var (status, body, _) = await Api(HttpMethod.Get, "api/v2/cases");

        Assert.That(status, Is.EqualTo(200));
        Assert.That(body!["data"]!.AsArray(), Has.Count.EqualTo(20));
        Assert.That((int)body["metadata"]!["total"]!, Is.EqualTo(Synthetic + FixtureCases));
        Assert.That((int)body["metadata"]!["per"]!, Is.EqualTo(20));
        Assert.That((int)body["metadata"]!["page"]!, Is.EqualTo(1));
    }

    [Test]
    public async Task Per_is_capped_at_1000()
    {
        var (_, body, _) = await Api(HttpMethod.Get, "api/v2/cases?per=10000");

        Assert.That((int)body!["metadata"]!["per"]!, Is.EqualTo(1000));
        Assert.That(body["data"]!.AsArray(), Has.Count.EqualTo(Synthetic + FixtureCases));
    }

    [Test]
    public async Task Paging_visits_every_case_once_newest_created_first()
    {
        var seen = new List<string>();
        var created = new List<DateTime>();
        for (var page = 1; ; page++)
        {
            var (_, body, _) = await Api(HttpMethod.Get, $"api/v2/cases?per=40&page={page}");
            var data = body!["data"]!.AsArray();
            if (data.Count == 0) break;
            seen.AddRange(Ids(body));
            created.AddRange(data.Select(c => DateTime.Parse((string)c!["created_at"]!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal)));
        }

        Assert.That(seen, Has.Count.EqualTo(Synthetic + FixtureCases));
        Assert.That(seen, Is.Unique);
        Assert.That(created, Is.Ordered.Descending);
    }

    [Test]
    public async Task Last_updated_at_ranges_select_by_instant_open_ended_or_closed()
    {
        var all = Sims.Primero.Store.AllCases()
            .Select(c => (Id: (string)c["id"]!, At: DateTime.Parse((string)c["last_updated_at"]!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal)))
            .ToList();
        var from = new DateTime(2025, 1, 3, 0, 0, 4, 400, DateTimeKind.Utc);
        var to = new DateTime(2025, 1, 6, 0, 0, 0, DateTimeKind.Utc);

        var (_, openEnded, _) = await Api(HttpMethod.Get, "api/v2/cases?per=1000&last_updated_at=2025-01-03T00:00:04.400Z..");
        var (_, closed, _) = await Api(HttpMethod.Get, "api/v2/cases?per=1000&last_updated_at=2025-01-03T00:00:04.400Z..2025-01-06T00:00:00.000Z");

        Assert.That(Ids(openEnded), Is.EquivalentTo(all.Where(c => c.At >= from).Select(c => c.Id)));
        Assert.That(Ids(closed), Is.EquivalentTo(all.Where(c => c.At >= from && c.At <= to).Select(c => c.Id)));
        Assert.That(Ids(closed), Is.Not.Empty.And.Count.LessThan(Ids(openEnded).Count));
    }

    [Test]
    public async Task Id_fields_filter_exactly_and_comma_means_or()
    {
        var (_, one, _) = await Api(HttpMethod.Get, "api/v2/cases?case_id=f59e880e-d58f-4b68-ba6e-e0616a49aefd&remote=true");
        var (_, two, _) = await Api(HttpMethod.Get,
            "api/v2/cases?case_id=f59e880e-d58f-4b68-ba6e-e0616a49aefd,3dbcb720-1915-4650-99bb-9ba4a583069e");
        var (_, byNumber, _) = await Api(HttpMethod.Get, "api/v2/cases?unhcr_individual_no=911-9739H297");

        Assert.That(Ids(one), Is.EqualTo(new[] { GambellaCase }));
        Assert.That(Ids(two), Is.EquivalentTo(new[] { GambellaCase, "757f3dd3-c4ca-4e18-be60-19054d848dfe" }));
        Assert.That(Ids(byNumber), Is.EqualTo(new[] { GambellaCase }));
    }

    [Test]
    public async Task Indexed_list_parameters_match_array_fields()
    {
        var (_, body, _) = await Api(HttpMethod.Get, "api/v2/cases?associated_user_names[0]=unhcr_cw&per=100");

        var expected = Sims.Primero.Store.AllCases()
            .Where(c => c["associated_user_names"]!.AsArray().Any(n => (string?)n == "unhcr_cw")).Select(c => (string)c["id"]!);
        Assert.That(Ids(body), Is.EquivalentTo(expected).And.Contains(GambellaCase));
    }

    [Test]
    public async Task A_filter_on_an_unknown_field_is_silently_ignored()
    {
        var (_, body, _) = await Api(HttpMethod.Get, "api/v2/cases?no_such_field=x");

        Assert.That((int)body!["metadata"]!["total"]!, Is.EqualTo(Synthetic + FixtureCases));
    }

    [Test]
    public async Task Or_and_not_groups_combine_fields()
    {
        var (_, either, _) = await Api(HttpMethod.Get, "api/v2/cases?or[unhcr_individual_no]=911-9739H297&or[case_id]=3dbcb720-1915-4650-99bb-9ba4a583069e");
        var (_, notMale, _) = await Api(HttpMethod.Get, "api/v2/cases?not[sex]=male&per=1000");

        Assert.That(Ids(either), Is.EquivalentTo(new[] { GambellaCase, "757f3dd3-c4ca-4e18-be60-19054d848dfe" }));
        Assert.That(notMale!["data"]!.AsArray().Select(c => (string?)c!["sex"]), Has.None.EqualTo("male"));
        Assert.That(notMale["data"]!.AsArray(), Is.Not.Empty);
    }

    [Test]
    public async Task Fields_restricts_the_keys_returned()
    {
        var (_, body, _) = await Api(HttpMethod.Get, "api/v2/cases?per=3&fields=name_first,sex");

        foreach (var record in body!["data"]!.AsArray())
            Assert.That(record!.AsObject().Select(p => p.Key), Is.SubsetOf(new[] { "id", "name_first", "sex" }).And.Contains("id"));
    }

    [Test]
    public async Task Get_by_record_id_and_the_404_envelope_carries_status()
    {
        var (status, body, _) = await Api(HttpMethod.Get, "api/v2/cases/" + GambellaCase);
        var (missing, error, _) = await Api(HttpMethod.Get, "api/v2/cases/f59e880e-d58f-4b68-ba6e-e0616a49aefd");

        Assert.That(status, Is.EqualTo(200));
        Assert.That((string?)body!["data"]!["case_id"], Is.EqualTo("f59e880e-d58f-4b68-ba6e-e0616a49aefd"));
        Assert.That(missing, Is.EqualTo(404), "a case_id is not a record id");
        Assert.That((int)error!["errors"]![0]!["status"]!, Is.EqualTo(404));
        Assert.That((string?)error["errors"]![0]!["resource"], Is.EqualTo("/api/v2/cases/f59e880e-d58f-4b68-ba6e-e0616a49aefd"));
        Assert.That(error["errors"]![0]!["code"], Is.Null, "the key is status, not code");
    }

    [Test]
    public async Task Create_assigns_both_ids_the_display_id_timestamps_and_service_unique_ids()
    {
        var (status, body, _) = await Api(HttpMethod.Post, "api/v2/cases", """
            {"data":{"module_id":"primeromodule-cp","name_first":"Dara","name_last":"Sok","sex":"male","date_of_birth":"2013-05-01",
                     "oscar_number":"01HZX4Q8M2V7K9D3T6B1N5R0PA","consent_for_services":true,"disclosure_other_orgs":true,
                     "services_section":[{"service_type":"counselling","service_response_type":"referral_from_oscar"}]}}
            """);

        Assert.That(status, Is.EqualTo(200));
        var data = body!["data"]!;
        var caseId = (string)data["case_id"]!;
        Assert.That((string?)data["id"], Is.Not.EqualTo(caseId).And.Not.Null);
        Assert.That((string?)data["case_id_display"], Is.EqualTo(caseId[^7..]));
        Assert.That((string?)data["created_at"], Is.EqualTo("2025-09-01T08:00:00.000Z"));
        Assert.That((string?)data["owned_by"], Is.EqualTo(SimulatorDefaults.PrimeroUser));
        Assert.That((string?)data["services_section"]![0]!["unique_id"], Is.Not.Null.And.Not.Empty);
        Assert.That(Sims.Primero.Store.FindCases("oscar_number", "01HZX4Q8M2V7K9D3T6B1N5R0PA"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Create_with_a_client_id_answers_204_and_a_duplicate_id_409()
    {
        const string id = "0c3a9d5e-1111-4c2b-9a51-2f8d9c1e7a10";
        var first = await Api(HttpMethod.Post, "api/v2/cases", $$$"""{"data":{"id":"{{{id}}}","name_first":"A"}}""");
        var second = await Api(HttpMethod.Post, "api/v2/cases", $$$"""{"data":{"id":"{{{id}}}","name_first":"B"}}""");

        Assert.That(first.Status, Is.EqualTo(204));
        Assert.That(second.Status, Is.EqualTo(409));
        Assert.That((string?)second.Body!["errors"]![0]!["message"], Is.EqualTo("Conflict: A record with this id already exists"));
        Assert.That((string?)Sims.Primero.Store.GetCase(id)!["name_first"], Is.EqualTo("A"));
    }

    [Test]
    public async Task Missing_data_and_wrong_types_give_422_with_the_field_as_detail()
    {
        var missing = await Api(HttpMethod.Post, "api/v2/cases", """{"child":{}}""");
        var badDate = await Api(HttpMethod.Post, "api/v2/cases", """{"data":{"date_of_birth":"01/05/2013"}}""");

        Assert.That(missing.Status, Is.EqualTo(422));
        Assert.That((string?)missing.Body!["errors"]![0]!["detail"], Is.EqualTo("data"));
        Assert.That(badDate.Status, Is.EqualTo(422));
        Assert.That((string?)badDate.Body!["errors"]![0]!["detail"], Is.EqualTo("date_of_birth"));
        Assert.That(Sims.Primero.Store.CaseCount, Is.EqualTo(Synthetic + FixtureCases));
    }

    [Test]
    public async Task Patch_merges_subforms_by_unique_id_and_answers_only_the_changes()
    {
        Clock.Advance(TimeSpan.FromMinutes(5));
        var (status, body, _) = await Api(HttpMethod.Patch, "api/v2/cases/" + GambellaCase, """
            {"data":{"risk_level":"high","services_section":[
               {"unique_id":"5c2d4f6c-7a78-43b5-ac40-eb097be51d89","unhcr_referral_status":"accepted"},
               {"unique_id":"5efbc52f-0606-4436-8f3d-c748867d913b","_destroy":true},
               {"service_type":"alternative_care"}]}}
            """);

        Assert.That(status, Is.EqualTo(200));
        var changed = body!["data"]!.AsObject();
        Assert.That(changed.Select(p => p.Key), Is.EquivalentTo(new[] { "id", "risk_level", "services_section", "last_updated_at" }));
        Assert.That((string?)changed["last_updated_at"], Is.EqualTo("2025-09-01T08:05:00.000Z"));
        var services = Sims.Primero.Store.GetCase(GambellaCase)!["services_section"]!.AsArray().Select(s => s!.AsObject()).ToList();
        Assert.That(services, Has.Count.EqualTo(3), "one removed, one added, two kept");
        var food = services.Single(s => (string?)s["unique_id"] == "5c2d4f6c-7a78-43b5-ac40-eb097be51d89");
        Assert.That((string?)food["unhcr_referral_status"], Is.EqualTo("accepted"));
        Assert.That((string?)food["service_implementing_agency"], Is.EqualTo("UNHCR"), "deep merge keeps the other keys");
        Assert.That(services.Any(s => (string?)s["unique_id"] == "d2dd24d0-cc50-496d-a791-edb10344b36d"), "omitted elements stay");
        Assert.That((string?)services.Last()["unique_id"], Is.Not.Null.And.Not.Empty);
    }

    [Test]
    public async Task Patch_of_an_unknown_case_is_404_and_delete_only_disables()
    {
        var missing = await Api(HttpMethod.Patch, "api/v2/cases/nope", """{"data":{"risk_level":"high"}}""");
        var deleted = await Api(HttpMethod.Delete, "api/v2/cases/" + GambellaCase);

        Assert.That(missing.Status, Is.EqualTo(404));
        Assert.That(deleted.Status, Is.EqualTo(200));
        Assert.That((bool?)Sims.Primero.Store.GetCase(GambellaCase)!["record_state"], Is.False);
    }

    [Test]
    public async Task A_write_makes_the_case_visible_to_an_incremental_query()
    {
        var cursor = "2025-09-01T07:59:00.000Z";
        var before = await Api(HttpMethod.Get, "api/v2/cases?last_updated_at=" + cursor + "..");
        await Api(HttpMethod.Patch, "api/v2/cases/" + GambellaCase, """{"data":{"risk_level":"low"}}""");
        var after = await Api(HttpMethod.Get, "api/v2/cases?last_updated_at=" + cursor + "..");

        Assert.That(Ids(before.Body), Is.Empty);
        Assert.That(Ids(after.Body), Is.EqualTo(new[] { GambellaCase }));
    }

    [Test]
    public async Task Users_lookups_locations_and_forms_are_served()
    {
        var users = await Api(HttpMethod.Get, "api/v2/users?per=100000&page=1");
        var lookups = await Api(HttpMethod.Get, "api/v2/lookups");
        var locations = await Api(HttpMethod.Get, "api/v2/locations?hierarchy=true&per=100");
        var forms = await Api(HttpMethod.Get, "api/v2/forms?record_type=case&module_id=primeromodule-cp");

        Assert.That(users.Body!["data"]!.AsArray().Select(u => (string?)u!["user_name"]), Does.Contain("mgrbtb").And.Contains("unhcr_cw"));
        Assert.That(users.Body["data"]![0]!["email"], Is.Not.Null);
        Assert.That(lookups.Body!["data"]!.AsArray().Select(l => (string?)l!["unique_id"]), Does.Contain("lookup-service-type"));
        Assert.That(locations.Body!["data"]!.AsArray().Select(l => (string?)l!["code"]), Does.Contain("2").And.Contains("KH"));
        Assert.That(forms.Body!["data"]!.AsArray(), Is.Not.Empty);
    }
}
