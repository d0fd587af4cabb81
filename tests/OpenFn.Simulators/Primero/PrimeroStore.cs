using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenFn.Simulators.Infrastructure;

namespace OpenFn.Simulators.Primero;

/// <summary>One stored case: its JSON (UTF-8, immutable: an update stores a new record) and the fields the store indexes.</summary>
internal sealed class PrimeroCaseRecord
{
    public required string Id { get; init; }
    public required string CaseId { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime LastUpdatedAt { get; init; }
    public required byte[] Json { get; init; }
    public required (string Field, string Value)[] IndexValues { get; init; }

    public JsonObject ToJsonObject() => JsonNode.Parse(Json)!.AsObject();

    public static PrimeroCaseRecord From(JsonObject json)
    {
        var index = new List<(string, string)>();
        foreach (var field in PrimeroStore.IdFields)
        {
            if (json[field] is JsonValue v && v.GetValueKind() is JsonValueKind.String or JsonValueKind.Number)
                index.Add((field, v.ToString()));
        }
        return new PrimeroCaseRecord
        {
            Id = (string)json["id"]!,
            CaseId = (string?)json["case_id"] ?? "",
            CreatedAt = PrimeroStore.ParseTime((string?)json["created_at"]) ?? DateTime.MinValue,
            LastUpdatedAt = PrimeroStore.ParseTime((string?)json["last_updated_at"]) ?? DateTime.MinValue,
            Json = HttpJson.ToUtf8(json),
            IndexValues = index.ToArray(),
        };
    }
}

/// <summary>What a case update changed.</summary>
public sealed record CaseUpdate(JsonObject Record, JsonObject Changed);

/// <summary>
/// The Primero v2 case store: cases (JSON), their referrals, indexes on the id fields and a one-entry cache of
/// the last search so that paging through 100k cases costs one sort, not one per page. Thread-safe.
/// </summary>
public sealed class PrimeroStore
{
    /// <summary>Child.filterable_id_fields (system-apis §1.1), always filterable and indexed here.</summary>
    public static readonly string[] IdFields =
    [
        "unique_identifier", "short_id", "case_id_display", "case_id", "client_code", "ration_card_no", "icrc_ref_no", "rc_id_no",
        "unhcr_id_no", "unhcr_individual_no", "un_no", "other_agency_id", "survivor_code_no", "national_id_no", "other_id_no",
        "biometrics_id", "family_count_no", "dss_id", "camp_id", "tent_number", "nfi_distribution_id", "oscar_number",
        "registry_no", "family_number", "mosvy_number",
    ];

    /// <summary>Fields a search can start from: the id fields, and the record id itself (the case dictionary's key).</summary>
    private static readonly IReadOnlySet<string> IndexedFields = IdFields.Append("id").ToHashSet(StringComparer.Ordinal);

    private readonly object gate = new();
    private readonly TimeProvider clock;
    private Dictionary<string, PrimeroCaseRecord> cases = new(StringComparer.Ordinal);
    private Dictionary<string, List<PrimeroReferral>> referrals = new(StringComparer.Ordinal);
    /// <summary>Id field → value → record ids (nearly always one: a one-element array is the smallest holder).</summary>
    private readonly Dictionary<string, Dictionary<string, string[]>> index = new(StringComparer.Ordinal);
    private readonly HashSet<string> knownFields = new(StringComparer.Ordinal);
    private Dictionary<string, PrimeroCaseRecord> seedCases = new(StringComparer.Ordinal);
    private Dictionary<string, List<PrimeroReferral>> seedReferrals = new(StringComparer.Ordinal);
    private HashSet<string> seedKnownFields = new(StringComparer.Ordinal);
    private long version;
    private (string Key, long Version, PrimeroCaseRecord[] Matches)? lastSearch;

    internal PrimeroStore(TimeProvider clock)
    {
        this.clock = clock;
    }

    public static string FormatTime(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static DateTime? ParseTime(string? text) =>
        text is not null && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
            ? t : null;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public int CaseCount
    {
        get { lock (gate) return cases.Count; }
    }

    public int ReferralCount
    {
        get { lock (gate) return referrals.Values.Sum(l => l.Count); }
    }

    /// <summary>A copy of the case with this record id, or null.</summary>
    public JsonObject? GetCase(string id)
    {
        lock (gate) return cases.TryGetValue(id, out var record) ? record.ToJsonObject() : null;
    }

    /// <summary>Cases whose field equals the value (id fields use the index).</summary>
    public IReadOnlyList<JsonObject> FindCases(string field, string value)
    {
        lock (gate)
        {
            IEnumerable<PrimeroCaseRecord> candidates = field == "id"
                ? cases.TryGetValue(value, out var byId) ? [byId] : []
                : IdFields.Contains(field)
                    ? (index.GetValueOrDefault(field)?.GetValueOrDefault(value) ?? []).Select(id => cases[id])
                    : cases.Values;
            return candidates.Select(r => r.ToJsonObject()).Where(c => c[field]?.ToString() == value).ToList();
        }
    }

    /// <summary>Every case (parses them all: meant for small stores in tests).</summary>
    public IReadOnlyList<JsonObject> AllCases()
    {
        lock (gate) return cases.Values.Select(r => r.ToJsonObject()).ToList();
    }

    public IReadOnlyList<PrimeroReferral> GetReferrals(string recordId)
    {
        lock (gate) return referrals.TryGetValue(recordId, out var list) ? list.Select(r => r.Copy()).ToList() : [];
    }

    internal bool IsKnownField(string field)
    {
        lock (gate) return knownFields.Contains(field) || IndexedFields.Contains(field);
    }

    internal bool Exists(string id)
    {
        lock (gate) return cases.ContainsKey(id);
    }

    /// <summary>Stores a case as given (seed data keeps its own ids and timestamps).</summary>
    public void LoadCase(JsonObject json)
    {
        var record = PrimeroCaseRecord.From(json);
        lock (gate) Put(record, json);
    }

    /// <summary>Stores prepared records (the synthetic generator builds them in parallel).</summary>
    internal void LoadRecords(IEnumerable<(PrimeroCaseRecord Record, string[] Keys, IReadOnlyList<PrimeroReferral> Referrals)> batch)
    {
        lock (gate)
        {
            foreach (var (record, keys, caseReferrals) in batch)
            {
                Put(record, keys);
                foreach (var referral in caseReferrals) AddReferralLocked(referral);
            }
        }
    }

    public void LoadReferral(PrimeroReferral referral)
    {
        lock (gate) AddReferralLocked(referral);
    }

    /// <summary>Makes the current content the state <see cref="ResetToSeed"/> returns to.</summary>
    internal void MarkAsSeed()
    {
        lock (gate)
        {
            seedCases = new Dictionary<string, PrimeroCaseRecord>(cases, StringComparer.Ordinal);
            seedReferrals = CopyReferrals(referrals);
            seedKnownFields = new HashSet<string>(knownFields, StringComparer.Ordinal);
        }
    }

    internal void ResetToSeed()
    {
        lock (gate)
        {
            cases = new Dictionary<string, PrimeroCaseRecord>(seedCases, StringComparer.Ordinal);
            referrals = CopyReferrals(seedReferrals);
            index.Clear();
            knownFields.Clear();
            knownFields.UnionWith(seedKnownFields);
            foreach (var record in cases.Values) AddToIndex(record);
            version++;
            lastSearch = null;
        }
    }

    /// <summary>
    /// Creates a case the way POST /api/v2/cases does: server ids and timestamps, display ids, a name, owner
    /// defaults and a unique_id on every subform element. Returns null when <c>data.id</c> is already taken.
    /// </summary>
    public JsonObject? CreateCase(JsonObject data, string user, string? agency)
    {
        var json = data.DeepClone().AsObject();
        foreach (var key in new[] { "created_at", "last_updated_at", "case_id_display", "short_id" }) json.Remove(key);
        var now = FormatTime(Now);
        var id = (string?)json["id"] is { Length: > 0 } given ? given : NewId();
        var caseId = (string?)json["case_id"] is { Length: > 0 } suppliedCaseId ? suppliedCaseId : NewId();
        json["id"] = id;
        json["case_id"] = caseId;
        json["case_id_display"] = caseId[^7..];
        json["short_id"] = caseId[^7..];
        json["created_at"] = now;
        json["last_updated_at"] = now;
        json["created_by"] = user;
        json["enabled"] ??= true;
        json["record_state"] ??= true;
        json["status"] ??= "open";
        json["owned_by"] ??= user;
        if (agency is not null) json["owned_by_agency_id"] ??= agency;
        json["name"] ??= string.Join(' ', new[] { "name_first", "name_middle", "name_last" }
            .Select(f => (string?)(json[f] as JsonValue)?.ToString()).Where(s => !string.IsNullOrEmpty(s)));
        json["associated_user_names"] = new JsonArray(new[] { (string?)json["owned_by"] ?? user }
            .Concat((json["assigned_user_names"] as JsonArray)?.Select(n => n?.ToString()) ?? [])
            .Where(n => !string.IsNullOrEmpty(n)).Distinct().Select(n => (JsonNode?)n).ToArray());
        SubformMerge.AssignUniqueIds(json, NewId);
        var record = PrimeroCaseRecord.From(json);
        lock (gate)
        {
            if (cases.ContainsKey(id)) return null;
            Put(record, json);
        }
        return json;
    }

    /// <summary>PATCH semantics (merge by unique_id, _destroy removes); null when the case does not exist.</summary>
    public CaseUpdate? UpdateCase(string id, JsonObject patch)
    {
        lock (gate)
        {
            if (!cases.TryGetValue(id, out var current)) return null;
            var json = current.ToJsonObject();
            var incoming = patch.DeepClone().AsObject();
            foreach (var key in new[] { "id", "case_id", "created_at", "last_updated_at", "case_id_display", "short_id", "created_by" })
                incoming.Remove(key);
            var changedKeys = SubformMerge.Apply(json, incoming, NewId);
            json["last_updated_at"] = FormatTime(Now);
            Put(PrimeroCaseRecord.From(json), json);
            var changed = new JsonObject { ["id"] = id };
            foreach (var key in changedKeys.Append("last_updated_at")) changed[key] = json[key]?.DeepClone();
            return new CaseUpdate(json, changed);
        }
    }

    /// <summary>Bumps last_updated_at of a case (writes on its referrals do).</summary>
    internal void Touch(string id, Action<JsonObject>? change = null)
    {
        lock (gate)
        {
            if (!cases.TryGetValue(id, out var current)) return;
            var json = current.ToJsonObject();
            change?.Invoke(json);
            json["last_updated_at"] = FormatTime(Now);
            Put(PrimeroCaseRecord.From(json), json);
        }
    }

    public PrimeroReferral AddReferral(PrimeroReferral referral)
    {
        lock (gate)
        {
            AddReferralLocked(referral);
            return referral.Copy();
        }
    }

    /// <summary>Applies <paramref name="change"/> to a stored referral under the store lock; null if unknown.</summary>
    internal PrimeroReferral? ChangeReferral(string recordId, string referralId, Action<PrimeroReferral> change)
    {
        lock (gate)
        {
            var referral = referrals.GetValueOrDefault(recordId)?.FirstOrDefault(r => r.Id == referralId);
            if (referral is null) return null;
            change(referral);
            return referral.Copy();
        }
    }

    /// <summary>One page of a search and the total number of matches.</summary>
    internal (IReadOnlyList<PrimeroCaseRecord> Page, int Total) Search(PrimeroCaseQuery query, int page, int per)
    {
        PrimeroCaseRecord[] snapshot;
        long seenVersion;
        IEnumerable<PrimeroCaseRecord>? candidates = null;
        lock (gate)
        {
            if (lastSearch is { } cached && cached.Key == query.CacheKey && cached.Version == version)
                return (Slice(cached.Matches, page, per), cached.Matches.Length);
            seenVersion = version;
            foreach (var filter in query.IndexableFilters(IndexedFields))
            {
                var ids = filter.Field == "id"
                    ? filter.Values.Where(cases.ContainsKey).ToHashSet()
                    : filter.Values.SelectMany(v => index.GetValueOrDefault(filter.Field)?.GetValueOrDefault(v) ?? []).ToHashSet();
                candidates = candidates is null ? ids.Select(id => cases[id]).ToList() : candidates.Where(r => ids.Contains(r.Id)).ToList();
            }
            snapshot = (candidates ?? cases.Values).ToArray();
        }
        var matches = new List<PrimeroCaseRecord>();
        foreach (var record in snapshot)
        {
            using var view = new CaseView(record);
            if (query.Matches(view)) matches.Add(record);
        }
        var sorted = Sort(matches, query.OrderBy, query.Descending);
        lock (gate)
        {
            if (version == seenVersion) lastSearch = (query.CacheKey, seenVersion, sorted);
        }
        return (Slice(sorted, page, per), sorted.Length);
    }

    private static PrimeroCaseRecord[] Slice(PrimeroCaseRecord[] all, int page, int per)
    {
        var skip = (long)(page - 1) * per;
        if (skip >= all.Length) return [];
        return all.AsSpan((int)skip, (int)Math.Min(per, all.Length - skip)).ToArray();
    }

    private static PrimeroCaseRecord[] Sort(List<PrimeroCaseRecord> matches, string orderBy, bool descending)
    {
        Comparison<PrimeroCaseRecord> compare;
        switch (orderBy)
        {
            case "created_at":
                compare = (a, b) => a.CreatedAt.CompareTo(b.CreatedAt);
                break;
            case "last_updated_at":
                compare = (a, b) => a.LastUpdatedAt.CompareTo(b.LastUpdatedAt);
                break;
            default:
                var keys = new Dictionary<PrimeroCaseRecord, string>();
                foreach (var record in matches)
                {
                    using var view = new CaseView(record);
                    keys[record] = view.TryGet(orderBy, out var e) ? (e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()) : "";
                }
                compare = (a, b) => string.CompareOrdinal(keys[a], keys[b]);
                break;
        }
        var sorted = matches.ToArray();
        Array.Sort(sorted, (a, b) =>
        {
            var c = compare(a, b);
            if (c == 0) c = string.CompareOrdinal(a.Id, b.Id);
            return descending ? -c : c;
        });
        return sorted;
    }

    private void Put(PrimeroCaseRecord record, JsonObject json) => Put(record, json.Select(p => p.Key));

    private void Put(PrimeroCaseRecord record, IEnumerable<string> keys)
    {
        knownFields.UnionWith(keys);
        if (cases.TryGetValue(record.Id, out var old)) RemoveFromIndex(old);
        cases[record.Id] = record;
        AddToIndex(record);
        version++;
    }

    private void AddToIndex(PrimeroCaseRecord record)
    {
        foreach (var (field, value) in record.IndexValues)
        {
            if (!index.TryGetValue(field, out var byValue)) index[field] = byValue = new Dictionary<string, string[]>(StringComparer.Ordinal);
            byValue[value] = byValue.TryGetValue(value, out var ids) ? [.. ids, record.Id] : [record.Id];
        }
    }

    private void RemoveFromIndex(PrimeroCaseRecord record)
    {
        foreach (var (field, value) in record.IndexValues)
        {
            if (index.GetValueOrDefault(field) is not { } byValue || !byValue.TryGetValue(value, out var ids)) continue;
            var rest = ids.Where(id => id != record.Id).ToArray();
            if (rest.Length == 0) byValue.Remove(value);
            else byValue[value] = rest;
        }
    }

    private void AddReferralLocked(PrimeroReferral referral)
    {
        if (!referrals.TryGetValue(referral.RecordId, out var list)) referrals[referral.RecordId] = list = [];
        list.Add(referral);
        version++;
    }

    private static Dictionary<string, List<PrimeroReferral>> CopyReferrals(Dictionary<string, List<PrimeroReferral>> source) =>
        source.ToDictionary(p => p.Key, p => p.Value.Select(r => r.Copy()).ToList(), StringComparer.Ordinal);

    private static string NewId() => Guid.NewGuid().ToString();

    internal void WriteStore(Utf8JsonWriter w, bool summary)
    {
        lock (gate)
        {
            w.WriteStartObject();
            w.WriteNumber("case_count", cases.Count);
            w.WriteNumber("referral_count", referrals.Values.Sum(l => l.Count));
            if (!summary)
            {
                w.WriteStartArray("cases");
                foreach (var record in cases.Values.OrderBy(r => r.CreatedAt)) w.WriteRawValue(record.Json, skipInputValidation: true);
                w.WriteEndArray();
                w.WriteStartArray("referrals");
                foreach (var referral in referrals.Values.SelectMany(l => l)) referral.ToJson().WriteTo(w);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
    }
}
