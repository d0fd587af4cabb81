using System.Text.Json.Nodes;
using OpenFn.Simulators.Oscar;
using OpenFn.Simulators.Primero;

namespace OpenFn.Integrations.Tests.Cambodia;

/// <summary>Records a test puts into the simulators, as Primero and OSCaR users would create them.</summary>
internal static class CambodiaRecords
{
    /// <summary>
    /// A Primero case owned by a province manager with one service referred to an OSCaR NGO (service_response_type
    /// referral_to_oscar, an in_progress referral pointing at it), as a Primero case worker creates it.
    /// </summary>
    public static (JsonObject Case, PrimeroReferral Referral) ReferredCase(PrimeroStore store, string agency = "cif", string subtype = "counselling_trauma",
        string serviceType = "counselling", string location = "2040302", string risk = "no_action", string? oscarNumber = null)
    {
        var serviceId = Guid.NewGuid().ToString();
        var created = store.CreateCase(new JsonObject
        {
            ["oscar_number"] = oscarNumber,
            ["module_id"] = "primeromodule-cp",
            ["name_first"] = "Sopheap",
            ["name_last"] = "Chan",
            ["sex"] = "female",
            ["date_of_birth"] = "2014-03-09",
            ["location_current"] = location,
            ["risk_level"] = risk,
            ["mosvy_number"] = "MSV-0042",
            ["owned_by"] = "mgrbtb",
            ["consent_for_services"] = true,
            ["disclosure_other_orgs"] = true,
            ["workflow"] = "referral_to_oscar",
            ["services_section"] = new JsonArray(new JsonObject
            {
                ["unique_id"] = serviceId,
                ["service_type"] = serviceType,
                ["service_subtype"] = new JsonArray(subtype),
                ["service_response_type"] = "referral_to_oscar",
                ["service_implementing_agency"] = $"agency-{agency}",
                ["referral_status_edf41f2"] = "pending_310366",
            }),
        }, "mgrbtb", "agency-unicef")!;
        var referral = new PrimeroReferral
        {
            Id = Guid.NewGuid().ToString(),
            RecordId = (string)created["id"]!,
            TransitionedTo = $"agency-{agency}-user",
            TransitionedToAgency = $"agency-{agency}",
            TransitionedBy = "mgrbtb",
            Notes = "Needs trauma counselling",
            Service = serviceType,
            ServiceRecordId = serviceId,
            CreatedAt = DateTime.UtcNow,
        };
        store.LoadReferral(referral);
        return (created, referral);
    }

    /// <summary>An OSCaR client of an NGO that has not been shared with Primero yet.</summary>
    public static OscarClient Client(OscarStore store, string tenant = "cif", string village = "19010203", string risk = "high",
        string dateOfBirth = "2012-01-15", params OscarEnrollment[] enrollments)
    {
        var id = Random.Shared.Next(5_000_000, 6_000_000);
        return store.AddClient(new OscarClient
        {
            Id = id,
            Tenant = tenant,
            Slug = $"test-{id}",
            GlobalId = "01TEST" + Guid.NewGuid().ToString("N")[..20].ToUpperInvariant(),
            ExternalId = "",
            ExternalIdDisplay = "",
            MosvyNumber = "",
            GivenName = "Dara",
            FamilyName = "Sok",
            LocalGivenName = "ដារ៉ា",
            LocalFamilyName = "សុខ",
            Gender = "male",
            DateOfBirth = dateOfBirth,
            LocationCurrentVillageCode = village,
            AddressCurrentVillageCode = village,
            Status = "Active",
            CaseWorkerName = "Vanna Keo",
            CaseWorkerMobile = "012 345 678",
            LevelOfRisk = risk,
            OrganizationAddressCode = "120611",
            Enrollments = [.. enrollments],
            CreatedAt = DateTime.UtcNow,
            UpdatedAt = DateTime.UtcNow,
        });
    }

    public static JsonArray Services(JsonObject primeroCase) => primeroCase["services_section"] as JsonArray ?? [];

    public static JsonObject Service(JsonObject primeroCase, string responseType) =>
        Services(primeroCase).OfType<JsonObject>().Single(s => (string?)s["service_response_type"] == responseType);
}
