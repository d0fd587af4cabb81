using System.Text.Json.Nodes;
using OpenFn.Simulators.Primero;

namespace OpenFn.Simulators.Seed;

/// <summary>The cases and referrals a Primero simulator starts with: realistic fixtures plus synthetic Cambodia cases.</summary>
public static class PrimeroSeed
{
    /// <summary>v2 case fixtures (Gambella cases from primero-progres, one Cambodia case from system-apis §1.4).</summary>
    private static readonly string[] CaseFixtures =
    [
        "primero/case_583069e.json", "primero/getPrimeroCases.json", "primero/primero_outboundReferral.json",
        "primero/flow2_primeroReferraltoUNHCR.json", "primero/cambodia_v2_cases.json",
    ];

    /// <summary>v1.1 case fixtures (Cambodia, OpenFn/unicef-cambodia).</summary>
    private static readonly string[] V1CaseFixtures =
    [
        "primero/getPrimeroOutput.json", "primero/state-f1-j2.json", "primero/NoNonreferrals.json", "primero/primeroReferral.json",
        "primero/primeroCaseExport.json",
    ];

    /// <summary>The fixture cases, one per record id (the most recently updated capture wins).</summary>
    public static IReadOnlyList<JsonObject> FixtureCases() =>
        CaseFixtures.SelectMany(Fixtures.Records)
            .GroupBy(c => (string)c["id"]!)
            .Select(g => g.OrderByDescending(c => (string?)c["last_updated_at"], StringComparer.Ordinal).ThenByDescending(c => c.Count).First())
            .ToList();

    public static IReadOnlyList<PrimeroReferral> FixtureReferrals() =>
        Fixtures.Records("primero/getPrimeroReferral.json")
            .Concat(Fixtures.LoadObject("primero/cambodia_v2_cases.json")["referrals"]!.AsArray().OfType<JsonObject>())
            .Select(PrimeroReferral.FromJson)
            .ToList();

    /// <summary>The v1.1 fixture cases, one per <c>_id</c>.</summary>
    public static IReadOnlyList<JsonObject> V1FixtureCases() =>
        V1CaseFixtures.SelectMany(Fixtures.Records)
            .Where(c => c["_id"] is not null)
            .GroupBy(c => (string)c["_id"]!)
            .Select(g => g.OrderByDescending(c => c.Count).First())
            .ToList();

    /// <summary>Synthetic Cambodia case <paramref name="index"/> and its referrals.</summary>
    public static (JsonObject Case, IReadOnlyList<PrimeroReferral> Referrals) SyntheticCase(SyntheticPopulation population, int index)
    {
        var child = population.PrimeroChild(index);
        var r = population.RandomFor(index, 11);
        var owner = SyntheticPopulation.ProvinceUser(child.ProvinceCode);
        var province = CambodiaReference.Provinces[child.ProvinceCode];
        var consent = r.Next(20) != 0;
        var created = child.CreatedAt;
        var services = new JsonArray();
        var referrals = new List<PrimeroReferral>();
        var serviceCount = r.Next(0, 4);
        if (child.Link == ChildLink.Linked) services.Add(FromOscarService(child, r));
        for (var k = 0; k < serviceCount; k++)
        {
            var service = CambodiaReference.Services[r.Next(CambodiaReference.Services.Count)];
            var serviceId = SyntheticPopulation.Uuid(r);
            var at = created.AddHours(r.Next(1, 72));
            var element = new JsonObject
            {
                ["unique_id"] = serviceId,
                ["service_type"] = service.PrimeroType,
                ["service_subtype"] = new JsonArray(service.PrimeroSubtype),
                ["service_response_day_time"] = PrimeroStore.FormatTime(at),
                ["service_implemented"] = "not_implemented",
            };
            if (consent && r.Next(10) < 6)
            {
                var tenant = SyntheticPopulation.Tenants[r.Next(SyntheticPopulation.Tenants.Count)];
                var status = r.Next(10) switch { < 6 => CambodiaReference.StatusPending, < 8 => CambodiaReference.StatusAccepted, _ => CambodiaReference.StatusRejected };
                element["service_response_type"] = CambodiaReference.ResponseReferralToOscar;
                element["service_implementing_agency"] = "agency-" + tenant;
                element["service_implementing_agency_individual"] = "agency-" + tenant + "-user";
                element["service_status_referred"] = true;
                element[CambodiaReference.ReferralStatusField] = status;
                referrals.Add(new PrimeroReferral
                {
                    Id = SyntheticPopulation.Uuid(r),
                    RecordId = child.RecordId,
                    Status = status == CambodiaReference.StatusPending ? "in_progress" : status == CambodiaReference.StatusAccepted ? "accepted" : "rejected",
                    TransitionedTo = "agency-" + tenant + "-user",
                    TransitionedToAgency = "agency-" + tenant,
                    TransitionedBy = owner,
                    Notes = "Needs " + service.OscarName.ToLowerInvariant(),
                    Service = service.PrimeroType,
                    ServiceRecordId = serviceId,
                    CreatedAt = at.AddMinutes(1),
                    RespondedAt = status == CambodiaReference.StatusPending ? null : at.AddDays(1),
                });
            }
            else
            {
                element["service_response_type"] = "service_provision";
                element["service_implementing_agency"] = "agency-unicef";
            }
            services.Add(element);
        }
        var lastUpdated = created.AddMinutes(r.Next(0, 60 * 24 * 10));
        if (referrals.Count > 0) lastUpdated = new[] { lastUpdated, referrals.Max(x => x.RespondedAt ?? x.CreatedAt) }.Max();
        var json = new JsonObject
        {
            ["id"] = child.RecordId,
            ["enabled"] = true,
            ["case_id"] = child.CaseId,
            ["case_id_display"] = child.CaseIdDisplay,
            ["short_id"] = child.CaseIdDisplay,
            ["status"] = r.Next(10) == 0 ? "closed" : "open",
            ["record_state"] = true,
            ["workflow"] = referrals.Count > 0 ? "referral_to_oscar" : child.Link == ChildLink.Linked ? "referral_from_oscar" : "new",
            ["module_id"] = "primeromodule-cp",
            ["owned_by"] = owner,
            ["owned_by_agency_id"] = "agency-unicef",
            ["owned_by_groups"] = new JsonArray("usergroup-" + province.ToLowerInvariant().Replace(' ', '-')),
            ["associated_user_names"] = new JsonArray(new[] { owner }.Concat(referrals.Select(x => x.TransitionedTo!)).Distinct().Select(n => (JsonNode?)n).ToArray()),
            ["name"] = child.GivenName + " " + child.FamilyName,
            ["name_first"] = child.GivenName,
            ["name_last"] = child.FamilyName,
            ["sex"] = child.Sex,
            ["age"] = child.Age(created),
            ["date_of_birth"] = child.DateOfBirth,
            ["location_current"] = child.PrimeroLocationCode,
            ["risk_level"] = r.Next(4) switch { 0 => "high", 1 => "medium", 2 => "low", _ => "no_action" },
            ["consent_for_services"] = consent,
            ["disclosure_other_orgs"] = consent,
            ["registration_date"] = created.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["created_by"] = owner,
            ["created_at"] = PrimeroStore.FormatTime(created),
            ["last_updated_at"] = PrimeroStore.FormatTime(lastUpdated),
        };
        if (child.MosvyNumber.Length > 0) json["mosvy_number"] = child.MosvyNumber;
        if (child.Link == ChildLink.Linked)
        {
            json["oscar_number"] = child.GlobalId;
            json["oscar_short_id"] = child.Slug;
            json["oscar_status"] = "Active";
        }
        if (services.Count > 0) json["services_section"] = services;
        return (json, referrals);
    }

    /// <summary>The service a linked child was referred for by OSCaR (its OSCaR referral id routes the decision back).</summary>
    private static JsonObject FromOscarService(SyntheticChild child, Random r) => new()
    {
        ["unique_id"] = SyntheticPopulation.Uuid(r),
        ["service_type"] = child.SharedService.PrimeroType,
        ["service_subtype"] = new JsonArray(child.SharedService.PrimeroSubtype),
        ["service_type_text"] = child.SharedService.PrimeroType,
        ["service_type_details_text"] = "n/a",
        ["service_response_type"] = CambodiaReference.ResponseReferralFromOscar,
        ["service_response_day_time"] = PrimeroStore.FormatTime(child.CreatedAt),
        ["service_implemented"] = "not_implemented",
        ["oscar_referring_organization"] = "agency-" + child.Tenant,
        ["service_implementing_agency"] = "agency-" + child.Tenant,
        ["oscar_case_worker_name"] = "Case worker " + child.Tenant.ToUpperInvariant(),
        ["oscar_case_worker_telephone"] = "012 000 " + (100 + child.Index % 900),
        [CambodiaReference.OscarReferralIdField] = child.OscarReferralId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [CambodiaReference.ReferralStatusField] = child.OscarReferralStatus switch
        {
            "Accepted" => CambodiaReference.StatusAccepted,
            "Exited" => CambodiaReference.StatusRejected,
            _ => CambodiaReference.StatusPending,
        },
        [CambodiaReference.OscarReferralNotesField] = "Referred by OSCaR for " + child.SharedService.OscarName,
    };
}
