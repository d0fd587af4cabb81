using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OpenFn.Simulators.Primero;

/// <summary>One field condition of a v2 case search: a list of values (OR), a range <c>a..b</c>, or a location code.</summary>
internal sealed record FieldFilter(string Field, IReadOnlyList<string> Values, string? From, string? To, bool IsRange, bool IsLocation)
{
    public static FieldFilter Parse(string field, IReadOnlyList<string> rawValues)
    {
        if (rawValues.Count == 1 && rawValues[0].Contains("..", StringComparison.Ordinal))
        {
            var at = rawValues[0].IndexOf("..", StringComparison.Ordinal);
            var from = rawValues[0][..at];
            var to = rawValues[0][(at + 2)..];
            return new FieldFilter(field, [], from.Length == 0 ? null : from, to.Length == 0 ? null : to, true, false);
        }
        var values = rawValues.Count == 1 ? rawValues[0].Split(',') : rawValues.ToArray();
        return new FieldFilter(field, values, null, null, false, false);
    }

    public bool Matches(CaseView record)
    {
        if (IsRange) return MatchesRange(record);
        if (record.TryGetFast(Field, out var fast)) return Values.Contains(fast, StringComparer.Ordinal);
        if (!record.TryGet(Field, out var element)) return false;
        return IsLocation ? MatchesLocation(element) : MatchesAny(element);
    }

    private bool MatchesAny(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    if (MatchesAny(item)) return true;
                return false;
            case JsonValueKind.String:
                return Values.Contains(element.GetString()!, StringComparer.Ordinal);
            case JsonValueKind.Number:
                return Values.Any(v => decimal.TryParse(v, NumberStyles.Number, CultureInfo.InvariantCulture, out var n)
                                       && element.TryGetDecimal(out var e) && e == n);
            case JsonValueKind.True:
                return Values.Contains("true", StringComparer.OrdinalIgnoreCase);
            case JsonValueKind.False:
                return Values.Contains("false", StringComparer.OrdinalIgnoreCase);
            default:
                return false;
        }
    }

    private bool MatchesLocation(JsonElement element)
    {
        var code = element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Number => element.GetRawText(),
            _ => null,
        };
        return code is not null && Values.Any(v => code.StartsWith(v, StringComparison.Ordinal));
    }

    private bool MatchesRange(CaseView record)
    {
        if (record.TryGetTime(Field, out var time))
            return (From is null || time >= ParseTime(From)) && (To is null || time <= ParseTime(To));
        if (!record.TryGet(Field, out var element)) return false;
        if (element.ValueKind == JsonValueKind.Number && element.TryGetDecimal(out var number))
        {
            return (From is null || (TryNumber(From, out var f) && number >= f)) && (To is null || (TryNumber(To, out var t) && number <= t));
        }
        if (element.ValueKind != JsonValueKind.String) return false;
        var text = element.GetString()!;
        if (TryTime(text, out var value) && (From is null || TryTime(From, out _)) && (To is null || TryTime(To, out _)))
            return (From is null || value >= ParseTime(From)) && (To is null || value <= ParseTime(To));
        return (From is null || string.CompareOrdinal(text, From) >= 0) && (To is null || string.CompareOrdinal(text, To) <= 0);
    }

    private static bool TryNumber(string text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out value);

    internal static bool TryTime(string text, out DateTime value)
    {
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out value)
            && (text.Length >= 10 && text[4] == '-'))
            return true;
        value = default;
        return false;
    }

    private static DateTime ParseTime(string text) => TryTime(text, out var value) ? value : DateTime.MinValue;
}

/// <summary>
/// A parsed v2 case search (system-apis §1.4): <c>field=value</c>, <c>field=a,b</c>, <c>field=a..b</c>,
/// <c>field[0]=x&amp;field[1]=y</c>, <c>or[field]=…</c>, <c>not[field]=…</c>, <c>loc:field=code</c> and free-text
/// <c>query</c>. Filters on fields no record has are dropped, as Primero drops filters on unreadable fields.
/// </summary>
internal sealed partial class PrimeroCaseQuery
{
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "page", "per", "order_by", "order", "fields", "query", "id_search", "phonetic", "phone_number", "remote", "locale", "format",
    };

    private static readonly string[] FreeTextFields = ["name", "name_first", "name_last", "name_nickname", "case_id_display", "short_id"];

    public List<FieldFilter> All { get; } = [];
    public List<FieldFilter> Any { get; } = [];
    public List<FieldFilter> None { get; } = [];
    public string? FreeText { get; private set; }
    public string OrderBy { get; private set; } = "created_at";
    public bool Descending { get; private set; } = true;
    public IReadOnlyList<string>? Fields { get; private set; }

    /// <summary>Identifies the matching set (everything but page and per), for the paging cache.</summary>
    public string CacheKey { get; private set; } = "";

    [GeneratedRegex(@"^(?<name>[^\[\]]+)\[(?<index>\d+)\]$")]
    private static partial Regex IndexedKey();

    [GeneratedRegex(@"^(?<group>or|not)\[(?<name>[^\[\]]+)\](\[\d+\])?$")]
    private static partial Regex GroupKey();

    public static PrimeroCaseQuery Parse(IQueryCollection query, Func<string, bool> isKnownField)
    {
        var result = new PrimeroCaseQuery();
        var plain = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var grouped = new Dictionary<(string Group, string Field), List<string>>();
        foreach (var (key, values) in query)
        {
            var texts = values.Where(v => v is not null).Select(v => v!).ToList();
            switch (key)
            {
                case "order_by": result.OrderBy = texts.FirstOrDefault() ?? "created_at"; continue;
                case "order": result.Descending = !string.Equals(texts.FirstOrDefault(), "asc", StringComparison.OrdinalIgnoreCase); continue;
                case "fields": result.Fields = ParseFields(texts.FirstOrDefault()); continue;
                case "query": result.FreeText = texts.FirstOrDefault(); continue;
            }
            if (Reserved.Contains(key)) continue;
            if (GroupKey().Match(key) is { Success: true } g)
            {
                var slot = (g.Groups["group"].Value, g.Groups["name"].Value);
                if (!grouped.TryGetValue(slot, out var list)) grouped[slot] = list = [];
                list.AddRange(texts);
                continue;
            }
            var name = IndexedKey().Match(key) is { Success: true } m ? m.Groups["name"].Value : key;
            if (!plain.TryGetValue(name, out var items)) plain[name] = items = [];
            items.AddRange(texts);
        }
        foreach (var (field, values) in plain)
        {
            var isLocation = field.StartsWith("loc:", StringComparison.Ordinal);
            var name = isLocation ? field[4..] : field;
            if (!isKnownField(name)) continue;
            var filter = FieldFilter.Parse(name, values);
            result.All.Add(isLocation ? filter with { IsLocation = true } : filter);
        }
        foreach (var ((group, field), values) in grouped)
        {
            if (!isKnownField(field)) continue;
            (group == "or" ? result.Any : result.None).Add(FieldFilter.Parse(field, values));
        }
        result.CacheKey = string.Join("&", query.Where(q => q.Key is not ("page" or "per"))
            .OrderBy(q => q.Key, StringComparer.Ordinal).Select(q => q.Key + "=" + q.Value));
        return result;
    }

    private static IReadOnlyList<string>? ParseFields(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (text == "short")
            return ["id", "case_id_display", "short_id", "name", "age", "sex", "registration_date", "owned_by", "owned_by_agency_id", "status", "record_in_scope", "created_at", "last_updated_at"];
        return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public bool Matches(CaseView record)
    {
        foreach (var filter in All)
            if (!filter.Matches(record)) return false;
        if (Any.Count > 0 && !Any.Exists(f => f.Matches(record))) return false;
        foreach (var filter in None)
            if (filter.Matches(record)) return false;
        if (!string.IsNullOrWhiteSpace(FreeText) && !MatchesFreeText(record, FreeText)) return false;
        return true;
    }

    private static bool MatchesFreeText(CaseView record, string text)
    {
        if (record.Record.CaseId.Contains(text, StringComparison.OrdinalIgnoreCase)) return true;
        foreach (var field in FreeTextFields.Concat(PrimeroStore.IdFields))
        {
            if (record.TryGet(field, out var e) && e.ValueKind == JsonValueKind.String
                && e.GetString()!.Contains(text, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    /// <summary>Exact filters on indexed id fields, which let the store start from a few candidates.</summary>
    public IEnumerable<FieldFilter> IndexableFilters(IReadOnlySet<string> indexedFields) =>
        All.Where(f => !f.IsRange && !f.IsLocation && indexedFields.Contains(f.Field));
}

/// <summary>
/// A stored case seen by one query: fast typed fields, and top-level fields read from the stored JSON on demand
/// (a forward scan that skips nested values, then only the wanted value is parsed).
/// </summary>
internal sealed class CaseView(PrimeroCaseRecord record) : IDisposable
{
    private readonly Dictionary<string, JsonDocument?> fields = new(StringComparer.Ordinal);

    public PrimeroCaseRecord Record { get; } = record;

    public bool TryGetFast(string field, out string value)
    {
        switch (field)
        {
            case "id": value = Record.Id; return true;
            case "case_id": value = Record.CaseId; return true;
            default: value = ""; return false;
        }
    }

    public bool TryGetTime(string field, out DateTime value)
    {
        switch (field)
        {
            case "created_at": value = Record.CreatedAt; return true;
            case "last_updated_at": value = Record.LastUpdatedAt; return true;
            default: value = default; return false;
        }
    }

    public bool TryGet(string field, out JsonElement value)
    {
        if (!fields.TryGetValue(field, out var document))
        {
            document = Find(Record.Json, field);
            fields[field] = document;
        }
        value = document?.RootElement ?? default;
        return document is not null && value.ValueKind != JsonValueKind.Null;
    }

    private static JsonDocument? Find(byte[] json, string field)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(field);
            reader.Read();
            if (match) return JsonDocument.ParseValue(ref reader);
            reader.Skip();
        }
        return null;
    }

    public void Dispose()
    {
        foreach (var document in fields.Values) document?.Dispose();
    }
}
