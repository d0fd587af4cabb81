using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenFn.Adaptors.Http.Transport;

namespace OpenFn.Adaptors.Progres;

/// <summary>
/// One flattened Dynamics row as DTP sends it (system-apis §3.1): keys <c>alias.attribute</c>, absent when null,
/// lookups as EntityReference objects (<c>{Id, LogicalName, Name, …}</c>), option sets as numeric strings. Every reader
/// names the attribute when its value has the wrong shape; <paramref name="subject"/> (e.g. "proGres intervention 803-…")
/// starts the message.
/// </summary>
internal sealed partial class DynamicsRow(JsonObject row, string subject, string? interventionNumber = null)
{
    public JsonObject Raw { get; } = row;

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}")]
    private static partial Regex IsoDatePrefix();

    public bool Has(string attribute) => Text(attribute) is not null;

    /// <summary>A text attribute (a number is read as its digits); empty and whitespace count as absent.</summary>
    public string? Text(string attribute) => Raw[attribute] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.Null => null,
        JsonValue value when value.GetValueKind() is JsonValueKind.String or JsonValueKind.Number =>
            JsValues.ToJsString(value).Trim() is { Length: > 0 } text ? text : null,
        JsonObject reference when reference.ContainsKey("Name") => Lookup(attribute),
        _ => throw Invalid(attribute, "is not text"),
    };

    /// <summary>The <c>Name</c> of a lookup (EntityReference); a plain string is taken as the name (older formatted rows).</summary>
    public string? Lookup(string attribute) => Raw[attribute] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.Null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>().Trim() is { Length: > 0 } name ? name : null,
        JsonObject reference when reference["Name"] is JsonValue name && name.GetValueKind() == JsonValueKind.String =>
            name.GetValue<string>().Trim() is { Length: > 0 } text ? text : null,
        JsonObject reference when reference["Name"] is null || reference["Name"]!.GetValueKind() == JsonValueKind.Null => null,
        _ => throw Invalid(attribute, "is not a lookup (an object with a Name)"),
    };

    /// <summary>An option-set attribute translated through a code table.</summary>
    public string? Option(string attribute, IReadOnlyDictionary<string, string> table)
    {
        var code = Text(attribute);
        if (code is null)
            return null;
        return table.TryGetValue(code, out var meaning) ? meaning : throw Invalid(attribute, $"has the unknown code '{code}'");
    }

    /// <summary>The date part (<c>YYYY-MM-DD</c>) of a Dynamics date-time such as <c>2014-06-06T00:00:00Z</c>.</summary>
    public string? Date(string attribute)
    {
        var text = Text(attribute);
        if (text is null)
            return null;
        var prefix = IsoDatePrefix().Match(text);
        if (prefix.Success && DateOnly.TryParseExact(prefix.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            return prefix.Value;
        throw Invalid(attribute, $"is not a date ('{text}')");
    }

    /// <summary>A date-time as ISO-8601 UTC with milliseconds (Primero's format).</summary>
    public string? DateTime(string attribute)
    {
        var text = Text(attribute);
        if (text is null)
            return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            return parsed.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        throw Invalid(attribute, $"is not a date-time ('{text}')");
    }

    /// <summary>Rich text (<c>&lt;p&gt;…&lt;/p&gt;</c>) as plain text.</summary>
    public string? PlainText(string attribute) =>
        Text(attribute) is { } html ? WebUtility.HtmlDecode(HtmlTag().Replace(html, " ")).Trim() is { Length: > 0 } text ? CollapseSpaces(text) : null : null;

    /// <summary>
    /// A comments attribute: a JSON string holding <c>[{CreatedBy, Text, CreatedOn}]</c>. Text that is not such JSON is
    /// kept as one comment, since a person typed it.
    /// </summary>
    public JsonArray Comments(string attribute)
    {
        var text = Text(attribute);
        if (text is null)
            return [];
        var parsed = JsValues.TryParse(text, out var isJson);
        if (isJson && parsed is JsonArray list)
        {
            return new JsonArray(list.OfType<JsonObject>().Select(c => (JsonNode?)new JsonObject
            {
                ["createdBy"] = JsValues.GetString(c, "CreatedBy"),
                ["text"] = JsValues.GetString(c, "Text"),
                ["createdOn"] = JsValues.GetString(c, "CreatedOn"),
            }).ToArray());
        }
        return [new JsonObject { ["createdBy"] = null, ["text"] = text, ["createdOn"] = null }];
    }

    public Exception Invalid(string attribute, string problem) =>
        ProgresErrorCodes.Error(ProgresErrorCodes.InvalidField,
            $"{subject}: {attribute} {problem}", [attribute], interventionNumber,
            interventionNumber is null ? null : ProgresCodes.InvalidDataReason(attribute));

    private static string CollapseSpaces(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
