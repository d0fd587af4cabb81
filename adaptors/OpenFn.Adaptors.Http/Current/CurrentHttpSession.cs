using System.Text;
using System.Text.Json.Nodes;
using OpenFn.Adaptors.Common;
using OpenFn.Adaptors.Http.Emulation;
using OpenFn.Adaptors.Http.Transport;

namespace OpenFn.Adaptors.Http.Current;

/// <summary>
/// I/O of language-http 7.2.10 (openfn-semantics §4.1): URL rules against <c>baseUrl</c>, content types, auth only with a
/// <c>baseUrl</c>, undici's query encoding, <c>errors</c>/<c>parseAs</c> options and the response object it returns.
/// </summary>
internal sealed class CurrentHttpSession : HostSession
{
    private static readonly Dictionary<string, string> ContentTypes = new()
    {
        ["xml"] = "application/xml",
        ["json"] = "application/json",
        ["string"] = "text/plain",
    };

    public CurrentHttpSession(AdaptorContext context) : base(context) => On("request", RequestAsync);

    protected override string AdaptorName => "http";

    /// <summary><c>request(method, path, options)</c> with path and options already resolved by the module.</summary>
    private async Task<JsonNode?> RequestAsync(JsonArray args, JsonObject configuration, CancellationToken cancellationToken)
    {
        var method = JsValues.StringOrNull(Arg(args, 0))?.ToUpperInvariant() ?? "GET";
        var path = Arg(args, 1) is { } p ? JsValues.ToJsString(p) : null;
        var options = Arg(args, 2) as JsonObject ?? [];

        var headers = HeaderList(options["headers"]);
        var contentType = JsValues.GetString(options, "contentType") ?? "json";
        var contentTypeHeader = headers.FindIndex(h => h.Key.Equals("content-type", StringComparison.OrdinalIgnoreCase));
        var body = options["body"];
        Func<HttpContent>? content;
        if (contentType == "form")
        {
            if (contentTypeHeader >= 0)
                headers.RemoveAt(contentTypeHeader);
            content = body is JsonObject fields ? () => FormBody(fields) : null;
        }
        else
        {
            if (contentTypeHeader < 0)
                headers.Add(new("Content-Type", ContentTypes.GetValueOrDefault(contentType, "application/json")));
            content = EncodeBody(body);
        }

        var baseUrl = JsValues.GetString(configuration, "baseUrl");
        AssertUrl(path, baseUrl);
        if (!string.IsNullOrEmpty(baseUrl))
            AddAuth(configuration, headers);
        var maxRedirections = JsValues.GetInt(options, "maxRedirections")
                              ?? (options["followAllRedirects"] is JsonValue f && f.GetValueKind() == System.Text.Json.JsonValueKind.False ? 0 : 5);
        if (options["tls"] is not null || options["agentOptions"] is not null || configuration["tls"] is not null)
            Transport.LogWarning("The tls/agentOptions settings are not supported by this runner and were ignored.");

        var target = RequestUrl.Resolve(path ?? "", baseUrl);
        var query = MergeQuery(options["query"] as JsonObject, target.Query);
        var wireUrl = QueryStrings.Append(target.UrlWithoutQuery, QueryStrings.NodeQuerystring(query));

        var request = new TransportRequest(new HttpMethod(method), wireUrl) { Body = content, MaxRedirects = maxRedirections };
        request.Headers.AddRange(headers);
        if (JsValues.GetInt(options, "timeout") is > 0 and var timeoutMs)
            request.Timeout = TimeSpan.FromMilliseconds(timeoutMs);

        var response = await Transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var logLine = $"{method} {LogUrl(target, query)} - {response.StatusCode} in {(long)response.Duration.TotalMilliseconds}ms";
        AssertOk(response, options["errors"], method, target.Url, logLine);
        Transport.LogInformation(logLine);

        var result = new JsonObject
        {
            ["url"] = target.Url,
            ["method"] = method,
            ["statusCode"] = response.StatusCode,
            ["statusMessage"] = StatusPhrases.For(response.StatusCode),
            ["headers"] = HeadersObject(response),
            ["duration"] = (long)response.Duration.TotalMilliseconds,
        };
        if (ReadBody(response, JsValues.GetString(options, "parseAs") ?? "auto", out var parsed))
            result["body"] = parsed;
        if (query.Count > 0)
            result["query"] = new JsonObject(query.Select(q => KeyValuePair.Create(q.Key, q.Value?.DeepClone())));
        return result;
    }

    private static List<KeyValuePair<string, string>> HeaderList(JsonNode? headers) =>
        headers is JsonObject obj
            ? obj.Where(h => h.Value is not null).Select(h => KeyValuePair.Create(h.Key, JsValues.ToJsString(h.Value))).ToList()
            : [];

    private static void AssertUrl(string? path, string? baseUrl)
    {
        if (string.IsNullOrEmpty(baseUrl) && !string.IsNullOrEmpty(path) && !RequestUrl.IsAbsolute(path))
        {
            throw new AdaptorException(
                $"UNEXPECTED_RELATIVE_URL: You passed a relative URL ({path}) but didn't set baseUrl. Set the baseUrl on state.configuration or use an absolute URL",
                new JsonObject { ["code"] = "UNEXPECTED_RELATIVE_URL", ["url"] = path });
        }
        if (string.IsNullOrEmpty(baseUrl) && string.IsNullOrEmpty(path))
        {
            throw new AdaptorException("NO_URL: No URL provided. Pass a URL to the request, or set baseUrl on state.configuration",
                new JsonObject { ["code"] = "NO_URL" });
        }
    }

    /// <summary>Only when a <c>baseUrl</c> is configured and no <c>Authorization</c> header was given (JS property, case-sensitive).</summary>
    private static void AddAuth(JsonObject configuration, List<KeyValuePair<string, string>> headers)
    {
        if (headers.Any(h => h.Key == "Authorization"))
            return;
        var token = JsValues.GetString(configuration, "access_token");
        if (JsValues.IsTruthy(configuration["access_token"]) && token is not null)
        {
            headers.Add(new("Authorization", "Bearer " + token));
            return;
        }
        if (JsValues.IsTruthy(configuration["username"]) && JsValues.IsTruthy(configuration["password"]))
        {
            var pair = JsValues.GetString(configuration, "username") + ":" + JsValues.GetString(configuration, "password");
            headers.Add(new("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(pair))));
        }
    }

    /// <summary>Undici body rules: falsy → none, string → raw, object/array → JSON, anything else → error.</summary>
    private static Func<HttpContent>? EncodeBody(JsonNode? body)
    {
        if (!JsValues.IsTruthy(body))
            return null;
        return body switch
        {
            JsonObject or JsonArray => TransportRequest.TextBody(body.ToJsonString()),
            _ when JsValues.IsString(body) => TransportRequest.TextBody(body!.GetValue<string>()),
            _ => throw new AdaptorException($"Unsupported body type: {body!.ToJsonString()}"),
        };
    }

    /// <summary><c>contentType: 'form'</c>: multipart, null fields skipped, objects JSON-encoded.</summary>
    private static HttpContent FormBody(JsonObject fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            if (value is null || (value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Null))
                continue;
            var text = value is JsonObject or JsonArray ? value.ToJsonString() : JsValues.ToJsString(value);
            form.Add(new StringContent(text, Encoding.UTF8), name);
        }
        return form;
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
    private void AssertOk(TransportResponse response, JsonNode? errors, string method, string url, string logLine)
    {
        if (errors is JsonValue off && off.GetValueKind() == System.Text.Json.JsonValueKind.False)
            return;
        var mapped = JsValues.Get(errors, response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        bool isError;
        string? customMessage = null;
        if (mapped is JsonValue b && b.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False)
            isError = b.GetValueKind() == System.Text.Json.JsonValueKind.True;
        else if (JsValues.IsTruthy(mapped))
        {
            isError = true;
            customMessage = JsValues.ToJsString(mapped);
        }
        else
            isError = response.StatusCode >= 400;
        if (!isError)
            return;

        Transport.LogError(logLine);
        Transport.LogError("response body: ");
        Transport.LogError(response.Body.Length == 0 ? "[no body]" : HttpFailures.Excerpt(response.BodyText));
        var message = customMessage ?? $"{method} to {url} returned {response.StatusCode}: {StatusPhrases.For(response.StatusCode)}";
        throw HttpFailures.StatusError(Transport, response, message, new JsonObject { ["headers"] = HeadersObject(response) });
    }

    /// <summary>Response headers as undici exposes them: lower-case names, repeated headers as arrays.</summary>
    internal static JsonObject HeadersObject(TransportResponse response)
    {
        var headers = new JsonObject();
        foreach (var group in response.Headers.GroupBy(h => h.Key))
        {
            headers[group.Key] = group.Count() == 1
                ? JsonValue.Create(group.First().Value)
                : new JsonArray(group.Select(g => (JsonNode?)JsonValue.Create(g.Value)).ToArray());
        }
        return headers;
    }

    /// <summary><c>parseAs</c>: json, text, base64 (stream is read as text); auto = JSON for a JSON content type. False = no body.</summary>
    private static bool ReadBody(TransportResponse response, string parseAs, out JsonNode? body)
    {
        body = null;
        var declaredLength = response.Header("content-length");
        if (declaredLength == "0" || response.ContentType is null || response.StatusCode == 204)
            return false;
        switch (parseAs)
        {
            case "json":
                body = ParseJson(response, parseAs);
                return true;
            case "base64":
                body = Convert.ToBase64String(response.Body);
                return true;
            case "text":
            case "stream":
                body = response.BodyText;
                return true;
            default:
                body = response.HasJsonContentType ? ParseJson(response, parseAs) : JsonValue.Create(response.BodyText);
                return true;
        }
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
