using System.Text.Json.Nodes;
using OpenFn.Adaptors.Common;
using OpenFn.Adaptors.Http.Transport;

namespace OpenFn.Adaptors.Http.Current;

/// <summary>What language-common's <c>util.request</c> takes once the adaptor has settled headers, auth and body.</summary>
public sealed class CommonRequestOptions
{
    public string? BaseUrl { get; init; }

    public List<KeyValuePair<string, string>> Headers { get; init; } = [];

    public JsonObject? Query { get; init; }

    public Func<HttpContent>? Body { get; init; }

    /// <summary>The <c>errors</c> option: <c>false</c>, or a map of status → true / false / message.</summary>
    public JsonNode? Errors { get; init; }

    public string ParseAs { get; init; } = "auto";

    public TimeSpan? Timeout { get; init; }

    public int MaxRedirections { get; init; } = 5;
}

/// <summary>
/// language-common 3.x <c>util.request</c> (undici): <c>parseUrl</c> against a base URL, query merge and encoding,
/// status errors, <c>parseAs</c>, the log line, and the <c>{ url, method, statusCode, … , body }</c> result.
/// </summary>
public static class CommonRequest
{
    public static async Task<JsonObject> SendAsync(HttpTransport transport, string method, string pathOrUrl, CommonRequestOptions options,
        CancellationToken cancellationToken)
    {
        var target = RequestUrl.Resolve(pathOrUrl, options.BaseUrl);
        var query = MergeQuery(options.Query, target.Query);
        var wireUrl = QueryStrings.Append(target.UrlWithoutQuery, QueryStrings.NodeQuerystring(query));
        var request = new TransportRequest(new HttpMethod(method), wireUrl)
        {
            Body = options.Body,
            MaxRedirects = options.MaxRedirections,
            Timeout = options.Timeout,
        };
        request.Headers.AddRange(options.Headers);

        var response = await transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var logLine = $"{method} {LogUrl(target, query)} - {response.StatusCode} in {(long)response.Duration.TotalMilliseconds}ms";
        AssertOk(transport, response, options.Errors, method, target.Url, logLine);
        transport.LogInformation(logLine);

        var result = new JsonObject
        {
            ["url"] = target.Url,
            ["method"] = method,
            ["statusCode"] = response.StatusCode,
            ["statusMessage"] = StatusPhrases.For(response.StatusCode),
            ["headers"] = response.HeadersAsJson(),
            ["duration"] = (long)response.Duration.TotalMilliseconds,
        };
        if (ReadBody(response, options.ParseAs, out var parsed))
            result["body"] = parsed;
        if (query.Count > 0)
            result["query"] = new JsonObject(query.Select(q => KeyValuePair.Create(q.Key, q.Value?.DeepClone())));
        return result;
    }

    /// <summary><c>{ ...options.query, ...queryOfTheUrl }</c>: the URL's own parameters win, keys keep their first position.</summary>
    private static List<KeyValuePair<string, JsonNode?>> MergeQuery(JsonObject? optionQuery, List<KeyValuePair<string, string>> urlQuery)
    {
        var merged = new List<KeyValuePair<string, JsonNode?>>();
        foreach (var (key, value) in optionQuery ?? [])
            merged.Add(new(key, value?.DeepClone()));
        foreach (var group in urlQuery.GroupBy(q => q.Key))
        {
            JsonNode value = group.Count() == 1
                ? JsonValue.Create(group.First().Value)
                : new JsonArray(group.Select(g => (JsonNode?)JsonValue.Create(g.Value)).ToArray());
            var existing = merged.FindIndex(m => m.Key == group.Key);
            if (existing >= 0)
                merged[existing] = new(group.Key, value);
            else
                merged.Add(new(group.Key, value));
        }
        return merged;
    }

    private static string LogUrl(RequestUrl target, List<KeyValuePair<string, JsonNode?>> query) =>
        query.Count == 0
            ? target.Url
            : target.UrlWithoutQuery + "?" + QueryStrings.FormEncode(query.Select(q => KeyValuePair.Create(q.Key, JsValues.ToJsString(q.Value))));

    /// <summary>The <c>errors</c> option: <c>false</c> disables status errors; a map overrides per status (true/false/message).</summary>
    private static void AssertOk(HttpTransport transport, TransportResponse response, JsonNode? errors, string method, string url, string logLine)
    {
        if (errors is JsonValue off && off.GetValueKind() == System.Text.Json.JsonValueKind.False)
            return;
        var mapped = JsValues.Get(errors, response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        bool isError;
        string? customMessage = null;
        if (mapped is JsonValue b && b.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False)
        {
            isError = b.GetValueKind() == System.Text.Json.JsonValueKind.True;
        }
        else if (JsValues.IsTruthy(mapped))
        {
            isError = true;
            customMessage = JsValues.ToJsString(mapped);
        }
        else
        {
            isError = response.StatusCode >= 400;
        }
        if (!isError)
            return;

        transport.LogError(logLine);
        transport.LogError("response body: ");
        transport.LogError(response.Body.Length == 0 ? "[no body]" : HttpFailures.Excerpt(response.BodyText));
        var message = customMessage ?? $"{method} to {url} returned {response.StatusCode}: {StatusPhrases.For(response.StatusCode)}";
        throw HttpFailures.StatusError(transport, response, message, new JsonObject { ["headers"] = response.HeadersAsJson() });
    }

    /// <summary><c>parseAs</c>: json, text, base64 (stream is read as text); auto = JSON for a JSON content type. False = no body.</summary>
    private static bool ReadBody(TransportResponse response, string parseAs, out JsonNode? body)
    {
        body = null;
        if (response.Header("content-length") == "0" || response.ContentType is null || response.StatusCode == 204)
            return false;
        body = parseAs switch
        {
            "json" => ParseJson(response, parseAs),
            "base64" => Convert.ToBase64String(response.Body),
            "text" or "stream" => response.BodyText,
            _ => response.HasJsonContentType ? ParseJson(response, parseAs) : JsonValue.Create(response.BodyText),
        };
        return true;
    }

    private static JsonNode? ParseJson(TransportResponse response, string parseAs)
    {
        var node = JsValues.TryParse(response.BodyText, out var parsed);
        if (parsed)
            return node;
        throw new AdaptorException($"{response.StatusCode}: Error parsing the response body",
            new JsonObject { ["parseAs"] = parseAs, ["contentType"] = response.ContentType, ["bodyLength"] = response.Body.Length });
    }
}
