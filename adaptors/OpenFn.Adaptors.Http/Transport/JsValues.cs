using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenFn.Adaptors.Http.Transport;

/// <summary>JavaScript views of JSON values that arrive from a job: <c>String(v)</c>, truthiness, property access.</summary>
public static class JsValues
{
    /// <summary>JavaScript <c>String(value)</c> for a primitive; objects become <c>[object Object]</c> as in JS.</summary>
    public static string ToJsString(JsonNode? node) => node switch
    {
        null => "null",
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => NumberText(value),
            _ => value.ToJsonString(),
        },
        JsonArray array => string.Join(",", array.Select(e => e is null ? "" : ToJsString(e))),
        _ => "[object Object]",
    };

    public static bool IsTruthy(JsonNode? node) => node switch
    {
        null => false,
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>().Length > 0,
            JsonValueKind.False => false,
            JsonValueKind.Number => Number(value) is not 0 and not double.NaN,
            JsonValueKind.Null => false,
            _ => true,
        },
        _ => true,
    };

    public static bool IsString(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.String;

    public static string? StringOrNull(JsonNode? node) => node is null ? null : IsString(node) ? node.GetValue<string>() : ToJsString(node);

    /// <summary>A property of a JSON object, or null when the node is not an object.</summary>
    public static JsonNode? Get(JsonNode? node, string key) => node is JsonObject obj ? obj[key] : null;

    public static string? GetString(JsonNode? node, string key) => StringOrNull(Get(node, key));

    public static bool GetBool(JsonNode? node, string key) => IsTruthy(Get(node, key));

    public static int? GetInt(JsonNode? node, string key) =>
        Get(node, key) is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? (int)Number(v) : null;

    /// <summary>The value of a JSON number, whatever CLR type backs the node.</summary>
    public static double Number(JsonValue value) => double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture);

    private static string NumberText(JsonValue value)
    {
        var d = Number(value);
        if (d == Math.Floor(d) && Math.Abs(d) < 1e21)
            return d.ToString("0", CultureInfo.InvariantCulture);
        return value.ToJsonString();
    }

    /// <summary>Parses JSON text, or returns null when the text is not JSON.</summary>
    public static JsonNode? TryParse(string text, out bool parsed)
    {
        try
        {
            var node = JsonNode.Parse(text);
            parsed = true;
            return node;
        }
        catch (JsonException)
        {
            parsed = false;
            return null;
        }
    }
}
