using System.Text.Json.Nodes;
using OpenFn.Simulators.Primero;
using OpenFn.Simulators.Seed;

namespace OpenFn.Simulators.Tests;

public sealed class SyntheticPopulationTests
{
    private static readonly SyntheticPopulation Population = new(42, SyntheticPopulation.DefaultEpoch);

    [Test]
    public void The_same_seed_gives_the_same_case_and_another_seed_a_different_one()
    {
        var again = new SyntheticPopulation(42, SyntheticPopulation.DefaultEpoch);
        var other = new SyntheticPopulation(43, SyntheticPopulation.DefaultEpoch);

        var first = PrimeroSeed.SyntheticCase(Population, 17).Case.ToJsonString();

        Assert.That(PrimeroSeed.SyntheticCase(again, 17).Case.ToJsonString(), Is.EqualTo(first));
        Assert.That(PrimeroSeed.SyntheticCase(other, 17).Case.ToJsonString(), Is.Not.EqualTo(first));
    }

    [Test]
    public void Cases_use_the_cambodia_service_map_province_codes_and_province_owners()
    {
        var subtypes = CambodiaReference.Services.Select(s => s.PrimeroSubtype).ToHashSet();
        for (var i = 0; i < 500; i++)
        {
            var (record, referrals) = PrimeroSeed.SyntheticCase(Population, i);
            var location = (string)record["location_current"]!;
            var province = location.PadLeft(8, '0')[..2];
            Assert.That(CambodiaReference.ProvinceUsers, Does.ContainKey(province), $"case {i} location {location}");
            Assert.That((string?)record["owned_by"], Is.EqualTo(CambodiaReference.ProvinceUsers[province]));
            var services = record["services_section"]?.AsArray().Select(s => s!.AsObject()).ToList() ?? [];
            foreach (var service in services)
                Assert.That(subtypes, Does.Contain((string)service["service_subtype"]![0]!));
            var toOscar = services.Where(s => (string?)s["service_response_type"] == "referral_to_oscar").Select(s => (string)s["unique_id"]!);
            Assert.That(referrals.Select(r => r.ServiceRecordId), Is.EquivalentTo(toOscar), $"case {i}: one referral per referral_to_oscar service");
        }
    }

    [Test]
    public void Linked_children_carry_each_others_ids_and_share_the_oscar_referral()
    {
        var linked = Enumerable.Range(0, 100).Where(SyntheticPopulation.IsLinked).ToList();
        Assert.That(linked, Has.Count.EqualTo(30));
        foreach (var i in linked)
        {
            var child = Population.PrimeroChild(i);
            var (record, _) = PrimeroSeed.SyntheticCase(Population, i);
            Assert.That((string?)record["oscar_number"], Is.EqualTo(child.GlobalId).And.Length.EqualTo(26));
            Assert.That(Population.OscarChild(i).CaseId, Is.EqualTo(child.CaseId));
            var fromOscar = record["services_section"]!.AsArray().Single(s => (string?)s!["service_response_type"] == "referral_from_oscar")!;
            Assert.That((string?)fromOscar["oscar_referral_id_a4ac8a5"], Is.EqualTo(child.OscarReferralId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        Assert.That(Population.OscarChild(5).CaseId, Is.Empty, "unlinked OSCaR clients are other children");
    }
}

public sealed class TenThousandCasesTests : SimulatorTestBase
{
    private const int Count = 10_000;

    protected override SimulatorOptions CreateOptions() => new()
    {
        Systems = SimulatorSystems.Primero,
        Primero = new PrimeroOptions { SyntheticCases = Count, SeedFixtures = false },
    };

    [Test]
    public async Task Paging_with_per_1000_returns_every_case_once()
    {
        var ids = new HashSet<string>();
        var pages = 0;
        while (true)
        {
            var (status, body, _) = await SendAsync(HttpMethod.Get, new Uri(Sims.Primero.BaseUrl, $"api/v2/cases?per=1000&page={pages + 1}"),
                configure: r => r.Headers.Authorization = Basic(SimulatorDefaults.PrimeroUser, SimulatorDefaults.PrimeroPassword));
            Assert.That(status, Is.EqualTo(200));
            var data = body!["data"]!.AsArray();
            if (data.Count == 0) break;
            pages++;
            foreach (var record in data) Assert.That(ids.Add((string)record!["id"]!), Is.True);
            Assert.That((int)body["metadata"]!["total"]!, Is.EqualTo(Count));
        }

        Assert.That(pages, Is.EqualTo(10));
        Assert.That(ids, Has.Count.EqualTo(Count));
        Assert.That(Sims.Primero.Store.ReferralCount, Is.GreaterThan(Count / 2));
    }

    [Test]
    public async Task An_id_field_lookup_is_answered_from_the_index()
    {
        var child = Sims.Population.PrimeroChild(4321);
        var (_, body, _) = await SendAsync(HttpMethod.Get, new Uri(Sims.Primero.BaseUrl, "api/v2/cases?case_id=" + child.CaseId),
            configure: r => r.Headers.Authorization = Basic(SimulatorDefaults.PrimeroUser, SimulatorDefaults.PrimeroPassword));

        Assert.That(body!["data"]!.AsArray().Select(c => (string?)c!["id"]), Is.EqualTo(new[] { child.RecordId }));
        Assert.That(JsonNode.DeepEquals(Sims.Primero.Store.GetCase(child.RecordId), body["data"]![0]), Is.True);
    }
}

public sealed class LinkedPopulationTests : SimulatorTestBase
{
    protected override SimulatorOptions CreateOptions() => new()
    {
        Systems = SimulatorSystems.Primero | SimulatorSystems.Oscar,
        Primero = new PrimeroOptions { SyntheticCases = 50, SeedFixtures = false },
        Oscar = new OpenFn.Simulators.Oscar.OscarOptions { SyntheticClients = 50, SeedFixtures = false },
    };

    [Test]
    public void Linked_cases_and_clients_point_at_each_other_in_both_stores()
    {
        var cases = Sims.Primero.Store.AllCases().Where(c => c["oscar_number"] is not null).ToList();

        Assert.That(cases, Has.Count.EqualTo(15));
        foreach (var record in cases)
        {
            var client = Sims.Oscar.Store.GetClient((string)record["oscar_number"]!);
            Assert.That(client, Is.Not.Null);
            Assert.That(client!.ExternalId, Is.EqualTo((string?)record["case_id"]));
            Assert.That(client.LocationCurrentVillageCode!.TrimStart('0'), Is.EqualTo((string?)record["location_current"]));
            var fromOscar = record["services_section"]!.AsArray().Single(s => (string?)s!["service_response_type"] == "referral_from_oscar")!;
            var referral = Sims.Oscar.Store.GetReferral(int.Parse((string)fromOscar["oscar_referral_id_a4ac8a5"]!, System.Globalization.CultureInfo.InvariantCulture));
            Assert.That(referral!.ClientGlobalId, Is.EqualTo(client.GlobalId));
        }
    }
}
