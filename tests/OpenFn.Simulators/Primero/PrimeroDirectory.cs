using System.Globalization;
using System.Text.Json.Nodes;
using OpenFn.Simulators.Seed;

namespace OpenFn.Simulators.Primero;

/// <summary>Primero's configuration data: users, lookups, locations and forms (read-only, built once).</summary>
internal static class PrimeroDirectory
{
    public static IReadOnlyList<JsonObject> Users(IEnumerable<string> apiUsers)
    {
        var users = new List<JsonObject>();
        void Add(string userName, string fullName, string agency, string position, string? location = null, string? email = null)
        {
            users.Add(new JsonObject
            {
                ["id"] = users.Count + 1,
                ["user_name"] = userName,
                ["full_name"] = fullName,
                ["email"] = email ?? userName.Replace('@', '.') + "@primero.example.org",
                ["phone"] = "0" + (12_000_000 + users.Count).ToString(CultureInfo.InvariantCulture),
                ["position"] = position,
                ["agency_id"] = agency,
                ["role_unique_id"] = "role-cp-case-worker",
                ["user_group_unique_ids"] = new JsonArray("usergroup-primero-cp"),
                ["location"] = location,
                ["disabled"] = false,
            });
        }
        foreach (var user in apiUsers) Add(user, "OpenFn API user", "agency-unicef", "Integration");
        foreach (var (code, user) in CambodiaReference.ProvinceUsers)
            Add(user, CambodiaReference.Provinces[code] + " province manager", "agency-mosvy", "Province manager", code.TrimStart('0'));
        foreach (var agency in CambodiaReference.Agencies) Add("agency-" + agency + "-user", agency.ToUpperInvariant() + " case worker", "agency-" + agency, "Case worker");
        Add("cp_worker_btb", "Battambang case worker", "agency-unicef", "Case Worker", "2");
        Add("unhcr_cw", "UNHCR case worker", "UNHCR", "Case Worker");
        Add("unhcr_cw1", "UNHCR case worker 1", "UNHCR", "Case Worker");
        Add("progresv4_primero_intake@gambella.example.org", "proGres intake", "UNICEF", "CPIMS+", email: "progresv4_primero_intake@gambella.example.org");
        Add("cp_worker_gmb", "Abebe Tadesse", "UNICEF", "Case Worker", email: "cp.worker@example.org");
        return users;
    }

    public static IReadOnlyList<JsonObject> Lookups()
    {
        JsonObject Lookup(int id, string uniqueId, string name, IEnumerable<(string Id, string Text)> values) => new()
        {
            ["id"] = id,
            ["unique_id"] = uniqueId,
            ["name"] = new JsonObject { ["en"] = name },
            ["values"] = new JsonArray(values.Select(v => (JsonNode?)new JsonObject
            {
                ["id"] = v.Id,
                ["display_text"] = new JsonObject { ["en"] = v.Text },
            }).ToArray()),
        };
        var types = CambodiaReference.Services.Select(s => s.PrimeroType).Distinct().Select(t => (t, Title(t)));
        return
        [
            Lookup(1, "lookup-service-type", "Service Type", types),
            Lookup(2, "lookup-service-response-type", "Service Response Type",
            [
                (CambodiaReference.ResponseReferralToOscar, "Referral to OSCaR"), (CambodiaReference.ResponseReferralFromOscar, "Referral from OSCaR"),
                (CambodiaReference.ResponseProvidedByOscarPartner, "Service being provided by OSCaR partner"), ("service_provision", "Service provision"),
            ]),
            Lookup(3, "lookup-referral-status", "Referral Status",
                [(CambodiaReference.StatusPending, "Pending"), (CambodiaReference.StatusAccepted, "Accepted"), (CambodiaReference.StatusRejected, "Rejected")]),
            Lookup(4, "lookup-risk-level", "Risk Level", [("high", "High"), ("medium", "Medium"), ("low", "Low"), ("no_action", "No action")]),
            Lookup(5, "lookup-gender", "Sex", [("male", "Male"), ("female", "Female"), ("other_b25f252", "Other"), ("unknown_4b34795", "Unknown")]),
        ];
    }

    public static IReadOnlyList<JsonObject> Locations()
    {
        var locations = new List<JsonObject>
        {
            new() { ["id"] = 1, ["code"] = "KH", ["admin_level"] = 0, ["type"] = "country", ["name"] = new JsonObject { ["en"] = "Cambodia" }, ["hierarchy"] = new JsonArray("KH") },
        };
        foreach (var (code, name) in CambodiaReference.Provinces)
        {
            var primeroCode = code.TrimStart('0');
            locations.Add(new JsonObject
            {
                ["id"] = locations.Count + 1,
                ["code"] = primeroCode,
                ["admin_level"] = 1,
                ["type"] = "province",
                ["name"] = new JsonObject { ["en"] = name },
                ["parent_code"] = "KH",
                ["hierarchy"] = new JsonArray("KH", primeroCode),
            });
        }
        return locations;
    }

    public static IReadOnlyList<JsonObject> Forms()
    {
        JsonObject Field(string name, string type, string? source = null) => new()
        {
            ["name"] = name,
            ["type"] = type,
            ["display_name"] = new JsonObject { ["en"] = Title(name) },
            ["option_strings_source"] = source,
        };
        JsonObject Form(int id, string uniqueId, string name, params JsonObject[] fields) => new()
        {
            ["id"] = id,
            ["unique_id"] = uniqueId,
            ["name"] = new JsonObject { ["en"] = name },
            ["parent_form"] = "case",
            ["module_ids"] = new JsonArray("primeromodule-cp"),
            ["visible"] = true,
            ["fields"] = new JsonArray(fields.Select(f => (JsonNode?)f).ToArray()),
        };
        return
        [
            Form(1, "basic_identity", "Basic Identity",
                Field("name_first", "text_field"), Field("name_last", "text_field"), Field("sex", "select_box", "lookup lookup-gender"),
                Field("date_of_birth", "date_field"), Field("location_current", "select_box", "Location"), Field("oscar_number", "text_field"),
                Field("mosvy_number", "text_field"), Field("risk_level", "select_box", "lookup lookup-risk-level")),
            Form(2, "services", "Services", Field("services_section", "subform")),
            Form(3, "services_section", "Services subform",
                Field("service_type", "select_box", "lookup lookup-service-type"), Field("service_subtype", "select_box"),
                Field("service_response_type", "select_box", "lookup lookup-service-response-type"),
                Field(CambodiaReference.ReferralStatusField, "select_box", "lookup lookup-referral-status"),
                Field(CambodiaReference.OscarReferralIdField, "text_field")),
        ];
    }

    private static string Title(string id) =>
        CultureInfo.InvariantCulture.TextInfo.ToTitleCase(id.Replace('_', ' '));
}
