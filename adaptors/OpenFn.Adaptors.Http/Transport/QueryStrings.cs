using System.Text.Json.Nodes;

namespace OpenFn.Adaptors.Http.Transport;

/// <summary>
/// The query-string dialects the emulated libraries produced, byte for byte:
/// axios 1.x (legacy http), qs (the <c>request</c> library behind language-primero) and node's querystring (undici, http 7).
/// </summary>
public static class QueryStrings
{
    /// <summary>JavaScript <c>encodeURIComponent</c>.</summary>
    public static string EncodeUriComponent(string value) =>
        Uri.EscapeDataString(value).Replace("%21", "!").Replace("%2A", "*").Replace("%27", "'").Replace("%28", "(").Replace("%29", ")");

    /// <summary>axios 1.x <c>buildURL</c> encoding: <c>:</c>, <c>$</c>, <c>,</c>, <c>[</c>, <c>]</c> kept, space as <c>+</c>.</summary>
    public static string AxiosEncode(string value) =>
        EncodeUriComponent(value).Replace("%3A", ":").Replace("%24", "$").Replace("%2C", ",").Replace("%20", "+")
            .Replace("%5B", "[").Replace("%5D", "]");

    /// <summary>
    /// axios 1.x params serialization: nulls skipped, top-level flat arrays as <c>k[]=v</c>, nested values in
    /// bracket form (<c>o[a]=1</c>, <c>arr[0][x]=1</c>).
    /// </summary>
    public static string Axios(JsonObject parameters)
    {
        var pairs = new List<string>();
        foreach (var (key, value) in parameters)
        {
            if (value is null)
                continue;
            if (value is JsonArray array && array.All(e => e is not JsonObject and not JsonArray))
            {
                foreach (var element in array.Where(e => e is not null))
                    pairs.Add(AxiosEncode(key + "[]") + "=" + AxiosEncode(JsValues.ToJsString(element)));
            }
            else
            {
                AddAxiosPairs(pairs, key, value);
            }
        }
        return string.Join("&", pairs);
    }

    private static void AddAxiosPairs(List<string> pairs, string path, JsonNode value)
    {
        switch (value)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                    if (child is not null)
                        AddAxiosPairs(pairs, path + "[" + key + "]", child);
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                    if (array[i] is { } child)
                        AddAxiosPairs(pairs, path + "[" + i + "]", child);
                break;
            default:
                pairs.Add(AxiosEncode(path) + "=" + AxiosEncode(JsValues.ToJsString(value)));
                break;
        }
    }

    /// <summary>
    /// <c>qs.stringify</c> defaults (the <c>request</c> library): RFC 3986 encoding of keys and values (brackets too),
    /// arrays with indices, nulls as <c>k=</c>, empty objects and arrays omitted.
    /// </summary>
    public static string Qs(JsonObject parameters)
    {
        var pairs = new List<string>();
        foreach (var (key, value) in parameters)
            AddQsPairs(pairs, key, value);
        return string.Join("&", pairs);
    }

    private static void AddQsPairs(List<string> pairs, string path, JsonNode? value)
    {
        switch (value)
        {
            case null:
                pairs.Add(Uri.EscapeDataString(path) + "=");
                break;
            case JsonObject obj:
                foreach (var (key, child) in obj)
                    AddQsPairs(pairs, path + "[" + key + "]", child);
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                    AddQsPairs(pairs, path + "[" + i + "]", array[i]);
                break;
            default:
                pairs.Add(Uri.EscapeDataString(path) + "=" + Uri.EscapeDataString(JsValues.ToJsString(value)));
                break;
        }
    }

    /// <summary>
    /// Node <c>querystring.stringify</c> (undici): arrays as repeated keys, objects and nulls as empty values,
    /// <c>encodeURIComponent</c>-style escaping.
    /// </summary>
    public static string NodeQuerystring(IEnumerable<KeyValuePair<string, JsonNode?>> parameters)
    {
        var pairs = new List<string>();
        foreach (var (key, value) in parameters)
        {
            var name = EncodeUriComponent(key);
            if (value is JsonArray array)
            {
                foreach (var element in array)
                    pairs.Add(name + "=" + EncodeUriComponent(NodePrimitive(element)));
            }
            else
            {
                pairs.Add(name + "=" + EncodeUriComponent(NodePrimitive(value)));
            }
        }
        return string.Join("&", pairs);
    }

    private static string NodePrimitive(JsonNode? value) => value is JsonValue v && v.GetValueKind() is not System.Text.Json.JsonValueKind.Null
        ? JsValues.ToJsString(v)
        : "";

    /// <summary><c>URLSearchParams.toString()</c> (used in http 7 log lines): form encoding, space as <c>+</c>.</summary>
    public static string FormEncode(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        static string Encode(string s) =>
            Uri.EscapeDataString(s).Replace("%20", "+").Replace("%2A", "*").Replace("~", "%7E");
        return string.Join("&", pairs.Select(p => Encode(p.Key) + "=" + Encode(p.Value)));
    }

    /// <summary>Parses a query string (<c>+</c> as space), keeping repeated keys.</summary>
    public static List<KeyValuePair<string, string>> Parse(string query)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            var key = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? "" : part[(equals + 1)..];
            result.Add(new(Decode(key), Decode(value)));
        }
        return result;
    }

    private static string Decode(string s)
    {
        try
        {
            return Uri.UnescapeDataString(s.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return s;
        }
    }

    /// <summary>Joins <paramref name="url"/> and an encoded query with <c>?</c> or <c>&amp;</c>.</summary>
    public static string Append(string url, string query)
    {
        if (string.IsNullOrEmpty(query))
            return url;
        var hash = url.IndexOf('#');
        if (hash >= 0)
            url = url[..hash];
        return url + (url.Contains('?') ? "&" : "?") + query;
    }
}
