using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenFn.Simulators.Seed;

namespace OpenFn.Simulators.Oscar;

/// <summary>An answer of an OSCaR write: status and JSON body, or Rails' HTML error page.</summary>
public sealed record OscarAnswer(int Status, JsonNode? Body, bool Html = false);

/// <summary>
/// The OSCaR data: tenants, clients keyed by global_id (ULID), referrals keyed by integer id, global identities,
/// and the server's decision rules for upsert, update_links and update_statuses (system-apis §2). Thread-safe.
/// </summary>
public sealed class OscarStore
{
    public const string RecordSaved = "Record saved.";
    public const string RecordError = "Record error. Please check OSCaR logs for details.";
    public static readonly IReadOnlyList<string> ReferralStatuses = ["Accepted", "Exited", "Referred"];
    public static readonly IReadOnlyList<string> RiskLevels = ["high", "medium", "low", "no action"];

    /// <summary>Permitted string keys of the upsert body that OSCaR writes into SQL: a null there is refused (§2.6).</summary>
    private static readonly string[] NonNullStrings =
    [
        "external_id", "external_id_display", "mosvy_number", "given_name", "family_name", "gender", "date_of_birth",
        "location_current_village_code", "address_current_village_code", "reason_for_referral", "external_case_worker_name",
        "external_case_worker_id", "external_case_worker_mobile", "level_of_risk",
    ];

    private readonly object gate = new();
    private readonly TimeProvider clock;
    private readonly string externalSystem;
    private readonly Dictionary<string, int> tenantIds;
    private List<OscarClient> clients = [];
    private Dictionary<int, OscarReferral> referrals = [];
    private HashSet<string> globalIdentities = new(StringComparer.Ordinal);
    private List<OscarClient> seedClients = [];
    private List<OscarReferral> seedReferrals = [];
    private int nextClientId = 1_000_000;
    private int nextReferralId = 10_000_000;

    internal OscarStore(TimeProvider clock, string externalSystem, IEnumerable<string> tenants)
    {
        this.clock = clock;
        this.externalSystem = externalSystem;
        tenantIds = tenants.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.t switch { "cif" => 46, "demo" => 7, _ => 100 + p.i });
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public IReadOnlyCollection<string> Tenants => tenantIds.Keys;

    public int ClientCount
    {
        get { lock (gate) return clients.Count; }
    }

    /// <summary>The client with this global id in this tenant (or in its owning tenant), as a copy.</summary>
    public OscarClient? GetClient(string globalId, string? tenant = null)
    {
        lock (gate) return FindClient(globalId, tenant)?.Copy();
    }

    public IReadOnlyList<OscarClient> AllClients()
    {
        lock (gate) return clients.Select(c => c.Copy()).ToList();
    }

    public OscarReferral? GetReferral(int id)
    {
        lock (gate) return referrals.TryGetValue(id, out var r) ? r.Copy() : null;
    }

    /// <summary>Referrals whose external_id (Primero case_id) matches, oldest first.</summary>
    public IReadOnlyList<OscarReferral> FindReferrals(string externalId)
    {
        lock (gate) return referrals.Values.Where(r => r.ExternalId == externalId).OrderBy(r => r.Id).Select(r => r.Copy()).ToList();
    }

    public IReadOnlyList<OscarReferral> AllReferrals()
    {
        lock (gate) return referrals.Values.OrderBy(r => r.Id).Select(r => r.Copy()).ToList();
    }

    /// <summary>Adds a client (seed data or test setup); its global identity becomes known.</summary>
    public OscarClient AddClient(OscarClient client)
    {
        lock (gate)
        {
            clients.Add(client);
            globalIdentities.Add(client.GlobalId);
            nextClientId = Math.Max(nextClientId, client.Id + 1);
            return client.Copy();
        }
    }

    public OscarReferral AddReferral(OscarReferral referral)
    {
        lock (gate)
        {
            referrals[referral.Id] = referral;
            globalIdentities.Add(referral.ClientGlobalId);
            nextReferralId = Math.Max(nextReferralId, referral.Id + 1);
            return referral.Copy();
        }
    }

    internal void MarkAsSeed()
    {
        lock (gate)
        {
            seedClients = clients.Select(c => c.Copy()).ToList();
            seedReferrals = referrals.Values.Select(r => r.Copy()).ToList();
        }
    }

    internal void ResetToSeed()
    {
        lock (gate)
        {
            clients = seedClients.Select(c => c.Copy()).ToList();
            referrals = seedReferrals.ToDictionary(r => r.Id, r => r.Copy());
            globalIdentities = clients.Select(c => c.GlobalId).Concat(referrals.Values.Select(r => r.ClientGlobalId)).ToHashSet(StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// The NGO accepts an incoming referral in the OSCaR UI: the client is created in the tenant (or the existing
    /// client with that global id is linked) and the referral becomes Accepted. Returns the client.
    /// </summary>
    public OscarClient AcceptReferral(int referralId)
    {
        lock (gate)
        {
            var referral = referrals.GetValueOrDefault(referralId) ?? throw new KeyNotFoundException($"OSCaR referral {referralId} does not exist.");
            var client = FindClient(referral.ClientGlobalId, referral.Tenant);
            if (client is null)
            {
                var id = nextClientId++;
                client = new OscarClient
                {
                    Id = id,
                    Tenant = referral.Tenant,
                    Slug = SlugFor(referral.Tenant, id),
                    GlobalId = referral.ClientGlobalId,
                    ExternalId = referral.ExternalId,
                    ExternalIdDisplay = referral.ExternalIdDisplay,
                    MosvyNumber = referral.MosvyNumber ?? "",
                    GivenName = referral.GivenName,
                    FamilyName = referral.FamilyName,
                    LocalGivenName = "",
                    LocalFamilyName = "",
                    Gender = referral.Gender,
                    DateOfBirth = referral.DateOfBirth,
                    LocationCurrentVillageCode = referral.VillageCode ?? "",
                    AddressCurrentVillageCode = referral.VillageCode ?? "",
                    Status = "Accepted",
                    CaseWorkerName = "Case worker " + referral.Tenant.ToUpperInvariant(),
                    CaseWorkerMobile = "012 000 111",
                    ExternalCaseWorkerName = referral.ExternalCaseWorkerName,
                    ExternalCaseWorkerId = referral.ExternalCaseWorkerId,
                    ExternalCaseWorkerMobile = referral.ExternalCaseWorkerMobile,
                    ReasonForReferral = referral.ReasonForReferral,
                    LevelOfRisk = referral.LevelOfRisk,
                    OrganizationAddressCode = "120611",
                    CreatedAt = Now,
                    UpdatedAt = Now,
                };
                clients.Add(client);
            }
            referral.ClientId = client.Id;
            referral.Status = "Accepted";
            referral.UpdatedAt = Now;
            client.UpdatedAt = Now;
            return client.Copy();
        }
    }

    /// <summary>The NGO refers its client to the external system (what flow 2 later reads as a service with referral_id).</summary>
    public OscarReferral ReferToExternal(string globalId, string tenant, IEnumerable<string> serviceNames, string reason)
    {
        lock (gate)
        {
            var client = FindClient(globalId, tenant) ?? throw new KeyNotFoundException($"OSCaR client {globalId} is not in tenant {tenant}.");
            var referral = new OscarReferral
            {
                Id = nextReferralId++,
                Tenant = tenant,
                Direction = OscarReferralDirection.ToExternal,
                ExternalId = client.ExternalId ?? "",
                ExternalIdDisplay = client.ExternalIdDisplay ?? "",
                ClientGlobalId = globalId,
                ClientId = client.Id,
                Services = serviceNames.ToList(),
                ReasonForReferral = reason,
                ReferredFrom = tenant,
                ReferredTo = externalSystem,
                CreatedAt = Now,
                UpdatedAt = Now,
            };
            referrals[referral.Id] = referral;
            client.UpdatedAt = Now;
            return referral.Copy();
        }
    }

    /// <summary>POST /api/v1/organizations/clients/upsert with the decision tree of §2.3.</summary>
    public OscarAnswer Upsert(JsonNode? body)
    {
        if (body?["organization"] is not JsonObject organization || Text(organization, "organization_name") is not { Length: > 0 } tenant)
            return new OscarAnswer(422, new JsonObject { ["message"] = RecordError });
        if (!tenantIds.ContainsKey(tenant)) return new OscarAnswer(500, null, Html: true);
        var externalId = Text(organization, "external_id") ?? "";
        var nulls = NonNullStrings.Where(key => organization.ContainsKey(key) && organization[key] is null).ToList();
        if (nulls.Count > 0)
            return Invalid(externalId, nulls.ToDictionary(k => k, _ => "can't be null"));
        var status = Text(organization, "referral_status");
        if (!string.IsNullOrEmpty(status) && !ReferralStatuses.Contains(status))
            return new OscarAnswer(422, new JsonObject
            {
                ["external_id"] = externalId,
                ["message"] = RecordError,
                ["errors"] = new JsonObject { ["referral_status"] = new JsonArray("is not included in the list") },
            });
        var globalId = Text(organization, "global_id");
        lock (gate)
        {
            return !string.IsNullOrEmpty(globalId) && globalIdentities.Contains(globalId)
                ? UpsertKnownIdentity(organization, tenant, globalId, externalId, status)
                : UpsertNewReferral(organization, tenant, globalId, externalId);
        }
    }

    private OscarAnswer UpsertKnownIdentity(JsonObject organization, string tenant, string globalId, string externalId, string? status)
    {
        var inTenant = FindClient(globalId, tenant);
        if (IsTrue(organization["is_referred"]) && inTenant is not null && string.IsNullOrEmpty(status))
        {
            var errors = ValidateReferral(organization);
            if (errors.Count > 0) return Invalid(externalId, errors);
            var second = NewIncomingReferral(organization, tenant, globalId);
            second.ClientId = inTenant.Id;
            referrals[second.Id] = second;
        }
        var owner = FindClient(globalId, null);
        if (owner is null) return new OscarAnswer(404, new JsonObject { ["global_id"] = globalId, ["message"] = "Record not found." });
        UpdateAttributes(owner, organization);
        if (string.IsNullOrWhiteSpace(owner.GivenName) && string.IsNullOrWhiteSpace(owner.FamilyName))
            return new OscarAnswer(422, new JsonObject { ["external_id"] = externalId, ["message"] = RecordError });
        if (!string.IsNullOrEmpty(status))
        {
            var latest = referrals.Values.Where(r => r.ClientGlobalId == globalId && r.Direction == OscarReferralDirection.FromExternal)
                .MaxBy(r => r.Id);
            if (latest is not null)
            {
                latest.Status = status;
                latest.UpdatedAt = Now;
            }
        }
        owner.UpdatedAt = Now;
        return new OscarAnswer(200, new JsonObject { ["external_id"] = owner.ExternalId, ["message"] = RecordSaved });
    }

    private OscarAnswer UpsertNewReferral(JsonObject organization, string tenant, string? globalId, string externalId)
    {
        var existing = referrals.Values.Where(r => r.Tenant == tenant && r.ExternalId == externalId && externalId.Length > 0).MaxBy(r => r.Id);
        if (existing?.ClientId is not null)
        {
            return new OscarAnswer(422, new JsonObject
            {
                ["external_id"] = externalId,
                ["message"] = "Record was found.",
                ["errors"] = new JsonObject { ["global_id"] = "global_id must exist." },
            });
        }
        var errors = ValidateReferral(organization);
        if (errors.Count > 0) return Invalid(externalId, errors);
        var referral = NewIncomingReferral(organization, tenant, string.IsNullOrEmpty(globalId) ? null : globalId);
        referrals[referral.Id] = referral;
        globalIdentities.Add(referral.ClientGlobalId);
        return new OscarAnswer(200, new JsonObject { ["external_id"] = externalId, ["message"] = RecordSaved });
    }

    private OscarReferral NewIncomingReferral(JsonObject organization, string tenant, string? globalId)
    {
        var location = Text(organization, "location_current_village_code") is { Length: > 0 } loc ? loc : Text(organization, "address_current_village_code");
        return new OscarReferral
        {
            Id = nextReferralId++,
            Tenant = tenant,
            Direction = OscarReferralDirection.FromExternal,
            ExternalId = Text(organization, "external_id") ?? "",
            ExternalIdDisplay = Text(organization, "external_id_display") ?? "",
            ClientGlobalId = globalId ?? SyntheticPopulation.Ulid(Now, new Random(nextReferralId)),
            Services = ServiceNames(organization).Where(CambodiaReference.OscarServiceNames.Contains).ToList(),
            ReasonForReferral = Text(organization, "reason_for_referral") is { Length: > 0 } reason ? reason : "N/A",
            ExternalCaseWorkerName = Text(organization, "external_case_worker_name"),
            ExternalCaseWorkerId = Text(organization, "external_case_worker_id"),
            ExternalCaseWorkerMobile = Text(organization, "external_case_worker_mobile"),
            LevelOfRisk = Text(organization, "level_of_risk"),
            ReferredFrom = externalSystem,
            ReferredTo = tenant,
            GivenName = Text(organization, "given_name"),
            FamilyName = Text(organization, "family_name"),
            Gender = Text(organization, "gender"),
            DateOfBirth = Text(organization, "date_of_birth"),
            VillageCode = location,
            MosvyNumber = Text(organization, "mosvy_number"),
            CreatedAt = Now,
            UpdatedAt = Now,
        };
    }

    /// <summary>Referral model validations, Rails-style field → messages.</summary>
    private static Dictionary<string, string> ValidateReferral(JsonObject organization)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(Text(organization, "given_name")) && string.IsNullOrWhiteSpace(Text(organization, "family_name")))
            errors["client_name"] = "can't be blank";
        if (string.IsNullOrWhiteSpace(Text(organization, "external_case_worker_name"))) errors["name_of_referee"] = "can't be blank";
        if (string.IsNullOrWhiteSpace(Text(organization, "external_case_worker_mobile"))) errors["referral_phone"] = "can't be blank";
        if (!ServiceNames(organization).Any(CambodiaReference.OscarServiceNames.Contains)) errors["services"] = "can't be blank";
        if (!RiskLevels.Contains(Text(organization, "level_of_risk") ?? "")) errors["level_of_risk"] = "is not included in the list";
        return errors;
    }

    private static OscarAnswer Invalid(string externalId, Dictionary<string, string> errors) =>
        new(422, new JsonObject
        {
            ["external_id"] = externalId,
            ["message"] = new JsonObject(errors.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)new JsonArray(e.Value)))),
        });

    private static void UpdateAttributes(OscarClient client, JsonObject organization)
    {
        void Set(string key, Action<string> apply)
        {
            if (organization.ContainsKey(key) && Text(organization, key) is { } value) apply(value);
        }
        Set("given_name", v => client.GivenName = v);
        Set("family_name", v => client.FamilyName = v);
        Set("gender", v => client.Gender = v);
        Set("date_of_birth", v => client.DateOfBirth = v);
        Set("mosvy_number", v => client.MosvyNumber = v);
        Set("location_current_village_code", v => client.LocationCurrentVillageCode = v);
        Set("address_current_village_code", v => client.AddressCurrentVillageCode = v);
        Set("external_id", v => client.ExternalId = v);
        Set("external_id_display", v => client.ExternalIdDisplay = v);
        Set("external_case_worker_name", v => client.ExternalCaseWorkerName = v);
        Set("external_case_worker_id", v => client.ExternalCaseWorkerId = v);
        Set("external_case_worker_mobile", v => client.ExternalCaseWorkerMobile = v);
        Set("reason_for_exiting", v => client.ReasonForExiting = v);
    }

    /// <summary>PUT clients/update_links: writes external ids on known global ids, skips unknown ones.</summary>
    public OscarAnswer UpdateLinks(JsonNode? body)
    {
        if (body?["data"] is not JsonArray { Count: > 0 } items) return new OscarAnswer(422, new JsonObject { ["message"] = RecordError });
        lock (gate)
        {
            foreach (var item in items.OfType<JsonObject>())
            {
                var globalId = Text(item, "global_id");
                foreach (var client in clients.Where(c => c.GlobalId == globalId))
                {
                    client.ExternalId = Text(item, "external_id");
                    client.ExternalIdDisplay = Text(item, "external_id_display");
                    client.SyncedDate = Now;
                    client.UpdatedAt = Now;
                }
            }
        }
        return new OscarAnswer(200, new JsonObject { ["message"] = RecordSaved });
    }

    /// <summary>PUT referrals/update_statuses: applies items in order and stops at the first bad one.</summary>
    public OscarAnswer UpdateStatuses(JsonNode? body)
    {
        if (body?["data"] is not JsonArray { Count: > 0 } items) return new OscarAnswer(422, new JsonObject { ["message"] = RecordError });
        lock (gate)
        {
            foreach (var item in items.OfType<JsonObject>())
            {
                var globalId = Text(item, "client_global_id");
                var status = Text(item, "referral_status");
                var referralId = item["referral_id"] is JsonValue v && v.TryGetValue<int>(out var n) ? n
                    : int.TryParse(Text(item, "referral_id"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : -1;
                string? error = null;
                if (globalId is null || FindClient(globalId, null) is null) error = $"Couldn't find client with global_id {globalId}";
                else if (!referrals.TryGetValue(referralId, out var found) || found.ClientGlobalId != globalId) error = $"Couldn't find Referral with 'id'={referralId}";
                else if (status is null || !ReferralStatuses.Contains(status)) error = $"Validation failed: Referral status {status} is not included in the list";
                if (error is not null)
                    return new OscarAnswer(422, new JsonObject { ["error"] = error, ["message"] = RecordError });
                var referral = referrals[referralId];
                referral.Status = status!;
                referral.UpdatedAt = Now;
                if (Text(item, "external_id") is { Length: > 0 } externalId)
                {
                    referral.ExternalId = externalId;
                    referral.ExternalIdDisplay = Text(item, "external_id_display") ?? "";
                }
                foreach (var client in clients.Where(c => c.GlobalId == globalId)) client.UpdatedAt = Now;
            }
        }
        return new OscarAnswer(200, new JsonObject { ["message"] = RecordSaved });
    }

    /// <summary>GET clients/check_duplication: same names and (when given) date of birth.</summary>
    public bool HasSimilarClient(string? givenName, string? familyName, string? dateOfBirth)
    {
        lock (gate)
        {
            return clients.Any(c => Same(c.GivenName, givenName) && Same(c.FamilyName, familyName)
                                    && (string.IsNullOrEmpty(dateOfBirth) || c.DateOfBirth == dateOfBirth));
        }
        static bool Same(string? a, string? b) => !string.IsNullOrEmpty(b) && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// GET clients: every tenant's referred clients (rich rows) and other shared clients (light rows); since_date
    /// filters on created/updated, end_date switches to "created between, ascending".
    /// </summary>
    internal async Task WriteClientsAsync(Infrastructure.HttpJson.JsonAnswer json, DateTime? since, DateTime? end)
    {
        List<(OscarClient Client, List<OscarReferral> Referrals)> rows;
        lock (gate)
        {
            var byClient = referrals.Values.Where(r => r.ClientId is not null).GroupBy(r => r.ClientId!.Value)
                .ToDictionary(g => g.Key, g => g.OrderBy(r => r.Id).ToList());
            IEnumerable<OscarClient> selected = clients;
            if (end is { } until) selected = selected.Where(c => c.CreatedAt >= (since ?? DateTime.MinValue) && c.CreatedAt <= until).OrderBy(c => c.CreatedAt);
            else if (since is { } from) selected = selected.Where(c => c.CreatedAt >= from || c.UpdatedAt >= from).OrderByDescending(c => c.UpdatedAt);
            else selected = selected.OrderByDescending(c => c.UpdatedAt);
            rows = selected
                .OrderBy(c => c.Tenant, StringComparer.Ordinal)
                .Select(c => (c.Copy(), byClient.GetValueOrDefault(c.Id)?.Select(r => r.Copy()).ToList() ?? []))
                .Where(row => row.Item2.Count > 0 || !string.IsNullOrWhiteSpace(row.Item1.GivenName) || !string.IsNullOrWhiteSpace(row.Item1.FamilyName))
                .ToList();
        }
        var w = json.Writer;
        w.WriteStartObject();
        w.WriteStartArray("data");
        foreach (var (client, clientReferrals) in rows)
        {
            if (clientReferrals.Count > 0) WriteReferredClient(w, client, clientReferrals);
            else WriteSharedClient(w, client);
            await json.FlushIfFullAsync();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private void WriteReferredClient(Utf8JsonWriter w, OscarClient c, List<OscarReferral> clientReferrals)
    {
        var latest = clientReferrals.Last();
        w.WriteStartObject();
        w.WriteString("slug", c.Slug);
        w.WriteString("global_id", c.GlobalId);
        WriteNullable(w, "external_id", c.ExternalId);
        WriteNullable(w, "external_id_display", c.ExternalIdDisplay);
        WriteNullable(w, "mosvy_number", c.MosvyNumber);
        WriteNullable(w, "given_name", string.IsNullOrWhiteSpace(c.GivenName) ? c.LocalGivenName : c.GivenName);
        WriteNullable(w, "family_name", string.IsNullOrWhiteSpace(c.FamilyName) ? c.LocalFamilyName : c.FamilyName);
        WriteNullable(w, "gender", c.Gender);
        WriteNullable(w, "date_of_birth", c.DateOfBirth);
        WriteNullable(w, "location_current_village_code", c.LocationCurrentVillageCode);
        WriteNullable(w, "address_current_village_code", c.AddressCurrentVillageCode);
        w.WriteNumber("organization_id", tenantIds[c.Tenant]);
        w.WriteString("organization_name", c.Tenant);
        WriteNullable(w, "external_case_worker_name", c.ExternalCaseWorkerName ?? latest.ExternalCaseWorkerName);
        WriteNullable(w, "external_case_worker_id", c.ExternalCaseWorkerId ?? latest.ExternalCaseWorkerId);
        WriteNullable(w, "reason_for_referral", c.ReasonForReferral ?? latest.ReasonForReferral);
        w.WriteStartArray("services");
        WriteServices(w, c, clientReferrals);
        w.WriteEndArray();
        w.WriteString("status", c.Status);
        WriteNullable(w, "case_worker_name", c.CaseWorkerName);
        WriteNullable(w, "case_worker_mobile", c.CaseWorkerMobile);
        w.WriteBoolean("is_referred", true);
        w.WriteStartArray("referral_consent_form");
        foreach (var url in c.ReferralConsentForm) w.WriteStringValue(url);
        w.WriteEndArray();
        w.WriteString("organization_address_code", c.OrganizationAddressCode);
        WriteNullable(w, "level_of_risk", c.LevelOfRisk ?? latest.LevelOfRisk);
        WriteNullable(w, "resource", string.IsNullOrEmpty(c.ExternalId) ? null : "primero");
        w.WriteEndObject();
    }

    private void WriteSharedClient(Utf8JsonWriter w, OscarClient c)
    {
        w.WriteStartObject();
        WriteNullable(w, "given_name", string.IsNullOrWhiteSpace(c.GivenName) ? c.LocalGivenName : c.GivenName);
        WriteNullable(w, "family_name", string.IsNullOrWhiteSpace(c.FamilyName) ? c.LocalFamilyName : c.FamilyName);
        WriteNullable(w, "local_given_name", c.LocalGivenName);
        WriteNullable(w, "local_family_name", c.LocalFamilyName);
        WriteNullable(w, "gender", c.Gender);
        WriteNullable(w, "date_of_birth", c.DateOfBirth);
        w.WriteString("global_id", c.GlobalId);
        w.WriteString("slug", c.Slug);
        WriteNullable(w, "external_id", c.ExternalId);
        WriteNullable(w, "external_id_display", c.ExternalIdDisplay);
        w.WriteString("status", c.Status);
        WriteNullable(w, "mosvy_number", c.MosvyNumber);
        WriteNullable(w, "location_current_village_code", c.LocationCurrentVillageCode);
        WriteNullable(w, "case_worker_name", c.CaseWorkerName);
        WriteNullable(w, "case_worker_mobile", c.CaseWorkerMobile);
        w.WriteBoolean("is_referred", false);
        w.WriteString("organization_name", c.Tenant);
        w.WriteString("organization_address_code", c.OrganizationAddressCode);
        var linked = !string.IsNullOrEmpty(c.ExternalId);
        WriteNullable(w, "resource", linked ? "primero" : null);
        w.WriteStartArray("services");
        if (linked) WriteServices(w, c, []);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteServices(Utf8JsonWriter w, OscarClient c, List<OscarReferral> clientReferrals)
    {
        foreach (var enrollment in c.Enrollments)
        {
            w.WriteStartObject();
            WriteNullable(w, "program_name", enrollment.ProgramName);
            w.WriteString("enrollment_date", enrollment.EnrollmentDate);
            w.WriteString("uuid", ServiceUuid(c.Tenant, enrollment.ServiceName));
            w.WriteString("name", enrollment.ServiceName);
            w.WriteEndObject();
        }
        foreach (var referral in clientReferrals)
        {
            foreach (var service in referral.Services)
            {
                w.WriteStartObject();
                w.WriteNull("program_name");
                w.WriteNull("enrollment_date");
                w.WriteString("uuid", ServiceUuid(c.Tenant, service));
                w.WriteString("name", service);
                w.WriteNumber("referral_id", referral.Id);
                w.WriteString("referral_status", referral.Status);
                w.WriteEndObject();
            }
        }
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }

    /// <summary>The catalogue id of a service type in a tenant: the same for every client (§2.2); fixture ids where known.</summary>
    public static string ServiceUuid(string tenant, string serviceName)
    {
        if (KnownServiceUuids.TryGetValue((tenant, serviceName), out var known)) return known;
        var hash = MD5.HashData(Encoding.UTF8.GetBytes(tenant + "|" + serviceName));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x30);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash, bigEndian: true).ToString();
    }

    private static readonly Dictionary<(string, string), string> KnownServiceUuids = new()
    {
        [("cif", "Therapeutic interventions")] = "827ba321-5ed9-49ce-8494-b70993934733",
        [("cif", "Disability-aid provision")] = "8982daae-2349-4a3b-a0ad-5b0a9560e227",
        [("cif", "Long term foster care")] = "11226c6d-d7b8-4272-b45e-85cf635b9fba",
        [("cif", "Domestic adoption support")] = "21905571-81c2-4870-ab33-db6cde56bbbe",
        [("cif", "Emergency foster care")] = "0f0a3165-baf3-4b2d-b931-e002cb447df6",
        [("demo", "Generalist social work / case work")] = "042ffb1c-51de-404b-b69b-fdb9e15c9d36",
        [("demo", "Emergency foster care")] = "155c6b46-ac10-4226-b9fd-6e117111b08c",
        [("demo", "Support to access care")] = "7b97ef20-4c25-4d83-b2cb-60efc1ba300f",
        [("demo", "Trauma counselling")] = "37cd9808-c417-4a19-9563-36ac7865e2f8",
    };

    internal static string SlugFor(string tenant, int id)
    {
        var letters = new string(tenant.PadRight(4, 'x')[..4].Select(char.ToLowerInvariant).ToArray());
        return letters + "-" + id.ToString(CultureInfo.InvariantCulture);
    }

    private OscarClient? FindClient(string globalId, string? tenant) =>
        tenant is null
            ? clients.Where(c => c.GlobalId == globalId).MinBy(c => c.CreatedAt)
            : clients.FirstOrDefault(c => c.GlobalId == globalId && c.Tenant == tenant);

    private static IEnumerable<string> ServiceNames(JsonObject organization) =>
        (organization["services"] as JsonArray)?.OfType<JsonObject>().Select(s => Text(s, "name")).OfType<string>() ?? [];

    private static string? Text(JsonObject json, string key) => json[key] switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v => v.ToString(),
        _ => null,
    };

    private static bool IsTrue(JsonNode? node) => node is JsonValue v && (v.GetValueKind() == JsonValueKind.True || v.ToString() == "true");

    internal void WriteStore(Utf8JsonWriter w, bool summary)
    {
        lock (gate)
        {
            w.WriteStartObject();
            w.WriteNumber("client_count", clients.Count);
            w.WriteNumber("referral_count", referrals.Count);
            if (!summary)
            {
                w.WritePropertyName("clients");
                JsonSerializer.Serialize(w, clients, Infrastructure.HttpJson.SerializerOptions);
                w.WritePropertyName("referrals");
                JsonSerializer.Serialize(w, referrals.Values.OrderBy(r => r.Id), Infrastructure.HttpJson.SerializerOptions);
            }
            w.WriteEndObject();
        }
    }
}
