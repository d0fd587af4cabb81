using System.Globalization;
using System.Text.Json.Nodes;
using OpenFn.Simulators.Oscar;

namespace OpenFn.Simulators.Seed;

/// <summary>The clients and referrals an OSCaR simulator starts with: captured clients plus synthetic ones.</summary>
public static class OscarSeed
{
    private static readonly string[] ClientFixtures =
    [
        "oscar/getOscarNew.json", "oscar/sample-f2-j1-output.json", "oscar/output-from-f2-j1-2020-09-11.json", "oscar/oscarNewReferral.json",
    ];

    /// <summary>When the captured clients were last touched (the captures are from September 2020).</summary>
    public static readonly DateTime FixtureTime = new(2020, 9, 20, 6, 0, 0, DateTimeKind.Utc);

    private static readonly string[] CaseWorkers = ["Sophea Meas", "Vanna Keo", "Chantrea Lim", "Rithy Chea", "Bopha Heng", "Kosal Ouk"];
    private static readonly string[] Programs = ["ABLE", "Foster Care", "Family Support", "Community Care"];

    /// <summary>Loads the fixture clients (one per global_id); referred rows get the referrals that make them referred.</summary>
    public static void LoadFixtures(OscarStore store, IReadOnlyCollection<string> tenants)
    {
        var rows = ClientFixtures.SelectMany(Fixtures.Records)
            .GroupBy(r => (string)r["global_id"]!)
            .Select(g => g.OrderByDescending(r => r.Count).First())
            .ToList();
        var id = 1;
        var referralId = 1000;
        foreach (var row in rows)
        {
            var tenant = (string?)row["organization_name"] is { } t && tenants.Contains(t) ? t : tenants.First();
            var enrollments = Services(row).Where(s => s["enrollment_date"] is not null)
                .Select(s => new OscarEnrollment((string?)s["program_name"], (string)s["enrollment_date"]!, (string)s["name"]!)).ToList();
            var client = store.AddClient(new OscarClient
            {
                Id = id++,
                Tenant = tenant,
                Slug = (string)row["slug"]!,
                GlobalId = (string)row["global_id"]!,
                ExternalId = (string?)row["external_id"],
                ExternalIdDisplay = (string?)row["external_id_display"],
                MosvyNumber = (string?)row["mosvy_number"],
                GivenName = (string?)row["given_name"],
                FamilyName = (string?)row["family_name"],
                LocalGivenName = (string?)row["local_given_name"] ?? "",
                LocalFamilyName = (string?)row["local_family_name"] ?? "",
                Gender = (string?)row["gender"],
                DateOfBirth = (string?)row["date_of_birth"],
                LocationCurrentVillageCode = (string?)row["location_current_village_code"],
                AddressCurrentVillageCode = (string?)row["address_current_village_code"],
                Status = (string?)row["status"] ?? "Active",
                CaseWorkerName = (string?)row["case_worker_name"],
                CaseWorkerMobile = (string?)row["case_worker_mobile"],
                ExternalCaseWorkerName = (string?)row["external_case_worker_name"],
                ExternalCaseWorkerId = (string?)row["external_case_worker_id"],
                ReasonForReferral = (string?)row["reason_for_referral"],
                OrganizationAddressCode = (string?)row["organization_address_code"] ?? "",
                ReferralConsentForm = (row["referral_consent_form"] as JsonArray)?.Select(u => u!.ToString()).ToList() ?? [],
                Enrollments = enrollments,
                CreatedAt = FixtureTime,
                UpdatedAt = FixtureTime,
            });
            if ((bool?)row["is_referred"] != true) continue;
            store.AddReferral(new OscarReferral
            {
                Id = referralId++,
                Tenant = tenant,
                Direction = OscarReferralDirection.ToExternal,
                ExternalId = client.ExternalId ?? "",
                ExternalIdDisplay = client.ExternalIdDisplay ?? "",
                ClientGlobalId = client.GlobalId,
                ClientId = client.Id,
                Services = Services(row).Where(s => s["enrollment_date"] is null).Select(s => (string)s["name"]!).ToList(),
                Status = client.Status == "Active" ? "Accepted" : client.Status,
                ReasonForReferral = client.ReasonForReferral,
                ReferredFrom = tenant,
                ReferredTo = SimulatorDefaults.OscarExternalSystemName,
                CreatedAt = FixtureTime,
                UpdatedAt = FixtureTime,
            });
        }
    }

    private static IEnumerable<JsonObject> Services(JsonObject row) => (row["services"] as JsonArray)?.OfType<JsonObject>() ?? [];

    /// <summary>Synthetic client <paramref name="index"/> and its referral, if any.</summary>
    public static (OscarClient Client, OscarReferral? Referral) SyntheticClient(SyntheticPopulation population, int index)
    {
        var child = population.OscarChild(index);
        var r = population.RandomFor(index, 21);
        var linked = child.Link == ChildLink.Linked;
        var referToPrimero = linked || r.Next(10) < 4;
        var clientId = 100_000 + index;
        var enrollments = new List<OscarEnrollment>();
        for (var k = r.Next(0, 3); k > 0; k--)
        {
            var service = CambodiaReference.Services[r.Next(CambodiaReference.Services.Count)];
            enrollments.Add(new OscarEnrollment(Programs[r.Next(Programs.Length)],
                child.CreatedAt.AddDays(r.Next(1, 30)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), service.OscarName));
        }
        var updated = child.CreatedAt.AddMinutes(r.Next(0, 60 * 24 * 10));
        var client = new OscarClient
        {
            Id = clientId,
            Tenant = child.Tenant,
            Slug = child.Slug,
            GlobalId = child.GlobalId,
            ExternalId = linked ? child.CaseId : "",
            ExternalIdDisplay = linked ? child.CaseIdDisplay : "",
            MosvyNumber = child.MosvyNumber,
            GivenName = child.GivenName,
            FamilyName = child.FamilyName,
            LocalGivenName = child.LocalGivenName,
            LocalFamilyName = child.LocalFamilyName,
            Gender = child.Sex,
            DateOfBirth = child.DateOfBirth,
            LocationCurrentVillageCode = child.VillageCode,
            AddressCurrentVillageCode = child.VillageCode,
            Status = r.Next(10) switch { < 6 => "Active", < 9 => "Accepted", _ => "Exited" },
            CaseWorkerName = CaseWorkers[r.Next(CaseWorkers.Length)],
            CaseWorkerMobile = "0" + (12_000_000 + r.Next(1_000_000)).ToString(CultureInfo.InvariantCulture),
            ReasonForReferral = referToPrimero ? "Needs " + child.SharedService.OscarName.ToLowerInvariant() : null,
            LevelOfRisk = OscarStore.RiskLevels[r.Next(OscarStore.RiskLevels.Count)],
            OrganizationAddressCode = child.VillageCode[..6],
            Enrollments = enrollments,
            CreatedAt = child.CreatedAt,
            UpdatedAt = updated,
            SyncedDate = linked ? updated : null,
        };
        if (!referToPrimero) return (client, null);
        var referral = new OscarReferral
        {
            Id = child.OscarReferralId,
            Tenant = child.Tenant,
            Direction = OscarReferralDirection.ToExternal,
            ExternalId = client.ExternalId ?? "",
            ExternalIdDisplay = client.ExternalIdDisplay ?? "",
            ClientGlobalId = child.GlobalId,
            ClientId = clientId,
            Services = [child.SharedService.OscarName],
            Status = linked ? child.OscarReferralStatus : "Referred",
            ReasonForReferral = client.ReasonForReferral,
            ReferredFrom = child.Tenant,
            ReferredTo = SimulatorDefaults.OscarExternalSystemName,
            CreatedAt = child.CreatedAt,
            UpdatedAt = updated,
        };
        return (client, referral);
    }
}
