using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenFn.Simulators.Infrastructure;

namespace OpenFn.Simulators.Primero;

/// <summary>
/// The legacy Primero v1.1 case list (bare arrays, <c>_id</c>, "2020/11/10 06:02:16 +0000" timestamps, embedded
/// transitions) with the <c>scope[...]</c> filters of RecordFilteringPagination (system-apis §1.5).
/// </summary>
public sealed partial class PrimeroV1Store
{
    private readonly object gate = new();
    private readonly TimeProvider clock;
    private List<JsonObject> cases = [];
    private List<JsonObject> seed = [];

    internal PrimeroV1Store(TimeProvider clock)
    {
        this.clock = clock;
    }

    public int Count
    {
        get { lock (gate) return cases.Count; }
    }

    public JsonObject? Get(string id)
    {
        lock (gate) return cases.FirstOrDefault(c => (string?)c["_id"] == id)?.DeepClone().AsObject();
    }

    internal void Load(IEnumerable<JsonObject> records)
    {
        lock (gate)
        {
            foreach (var record in records)
            {
                record["record_state"] ??= true;
                cases.Add(record);
            }
            seed = cases.Select(c => c.DeepClone().AsObject()).ToList();
        }
    }

    internal void Reset()
    {
        lock (gate) cases = seed.Select(c => c.DeepClone().AsObject()).ToList();
    }

    internal static string FormatTime(DateTime time) => time.ToUniversalTime().ToString("yyyy'/'MM'/'dd HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    /// <summary>Cases matching every <c>scope[...]</c> filter and the OR group, in a page.</summary>
    internal IReadOnlyList<JsonObject> Query(IQueryCollection query, int page, int per)
    {
        var filters = new List<(string Field, string Spec)>();
        var orFilters = new List<(string Field, string Spec)>();
        foreach (var (key, values) in query)
        {
            if (ScopeKey().Match(key) is not { Success: true } m) continue;
            var spec = values.ToString();
            if (m.Groups["or"].Success) orFilters.Add((m.Groups["field"].Value, spec.StartsWith("or_op||", StringComparison.Ordinal) ? spec[7..] : spec));
            else filters.Add((m.Groups["field"].Value, spec));
        }
        lock (gate)
        {
            return cases
                .Where(c => filters.All(f => Matches(c, f.Field, f.Spec)) && (orFilters.Count == 0 || orFilters.Any(f => Matches(c, f.Field, f.Spec))))
                .Skip((page - 1) * per).Take(per)
                .Select(c => c.DeepClone().AsObject())
                .ToList();
        }
    }

    internal JsonObject Create(JsonObject child, string user)
    {
        var record = child.DeepClone().AsObject();
        var now = FormatTime(clock.GetUtcNow().UtcDateTime);
        record["_id"] = Guid.NewGuid().ToString("N");
        var caseId = (string?)record["case_id"] is { Length: > 0 } given ? given : Guid.NewGuid().ToString();
        record["case_id"] = caseId;
        record["case_id_display"] = caseId[^7..];
        record["short_id"] = caseId[^7..];
        record["created_at"] = now;
        record["last_updated_at"] = now;
        record["created_by"] = user;
        record["owned_by"] ??= user;
        record["record_state"] ??= true;
        record["module_id"] ??= "primeromodule-cp";
        SubformMerge.AssignUniqueIds(record, () => Guid.NewGuid().ToString());
        lock (gate) cases.Add(record);
        return record.DeepClone().AsObject();
    }

    internal JsonObject? Update(string id, JsonObject child)
    {
        lock (gate)
        {
            var record = cases.FirstOrDefault(c => (string?)c["_id"] == id);
            if (record is null) return null;
            var patch = child.DeepClone().AsObject();
            patch.Remove("_id");
            SubformMerge.Apply(record, patch, () => Guid.NewGuid().ToString());
            record["last_updated_at"] = FormatTime(clock.GetUtcNow().UtcDateTime);
            return record.DeepClone().AsObject();
        }
    }

    [GeneratedRegex(@"^scope\[(?<or>or\]\[)?(?<field>[^\[\]]+)\]$")]
    private static partial Regex ScopeKey();

    private static bool Matches(JsonObject record, string field, string spec)
    {
        var parts = spec.Split("||");
        var type = parts[0];
        var values = parts.Skip(1).ToArray();
        var actual = FieldValues(record, field);
        switch (type)
        {
            case "list":
            case "single":
                return actual.Any(a => values.Contains(a, StringComparer.Ordinal));
            case "location":
                return actual.Any(a => values.Any(v => a.StartsWith(v, StringComparison.Ordinal)));
            case "range":
                if (values.Length == 1 && values[0] == "*.*") return actual.Any(a => a.Length > 0);
                var bounds = values.FirstOrDefault()?.Split('-') ?? [];
                return bounds.Length == 2
                       && decimal.TryParse(bounds[0], CultureInfo.InvariantCulture, out var low)
                       && decimal.TryParse(bounds[1], CultureInfo.InvariantCulture, out var high)
                       && actual.Any(a => decimal.TryParse(a, CultureInfo.InvariantCulture, out var n) && n >= low && n <= high);
            case "date_range":
                var range = values.FirstOrDefault()?.Split('.') ?? [];
                if (range.Length != 2 || ParseScopeDate(range[0]) is not { } from || ParseScopeDate(range[1]) is not { } to) return false;
                return actual.Any(a => ParseV1Time(a) is { } t && t >= from && t <= to);
            default:
                return false;
        }
    }

    /// <summary>The string values of a field; derived fields as Primero v1 indexes them.</summary>
    private static IEnumerable<string> FieldValues(JsonObject record, string field)
    {
        switch (field)
        {
            case "service_response_types":
                return Subform(record, "services_section").Select(s => (string?)s["service_response_type"]).OfType<string>();
            case "transitions_created_at":
            case "transitions_changed_at":
                return Subform(record, "transitions").Select(t => (string?)t["created_at"]).OfType<string>();
        }
        return record[field] switch
        {
            JsonArray array => array.Select(v => v?.ToString()).OfType<string>(),
            JsonValue value => [value.ToString()],
            _ => [],
        };
    }

    private static IEnumerable<JsonObject> Subform(JsonObject record, string name) => (record[name] as JsonArray)?.OfType<JsonObject>() ?? [];

    private static DateTime? ParseScopeDate(string text) =>
        DateTime.TryParseExact(text.Trim(), ["dd-MM-yyyy HH:mm", "dd-MM-yyyy"], CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;

    private static DateTime? ParseV1Time(string text) =>
        DateTime.TryParseExact(text.Trim(), ["yyyy/MM/dd HH:mm:ss '+0000'", "yyyy/MM/dd HH:mm:ss zzz", "yyyy/MM/dd"], CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;
}
