using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenFn.Adaptors.Common;
using OpenFn.Adaptors.Http.Emulation;
using OpenFn.Adaptors.Http.Transport;

namespace OpenFn.Adaptors.Http.Legacy;

/// <summary>
/// I/O of language-http 4.2.8 (openfn-semantics §4.3): axios 1.1.3 on the wire (default headers, query encoding, body
/// rules, Basic auth from <c>username</c> on every request), a session cookie jar filled by <c>keepCookie</c> requests,
/// and 2xx-only success unless <c>options.successCodes</c> says otherwise.
/// </summary>
internal sealed partial class LegacyHttpSession : HostSession
{
    private readonly CookieJar _cookies;

    public LegacyHttpSession(AdaptorContext context) : base(context)
    {
        _cookies = new CookieJar(context.Http.TimeProvider);
        On("request", RequestAsync);
    }

    protected override string AdaptorName => "http";

    [GeneratedRegex("^https?://", RegexOptions.IgnoreCase)]
    private static partial Regex AbsoluteUrl();

    /// <summary>
    /// <c>request(method, path, params, rawBody)</c>: params already resolved by the module (selected keys only).
    /// Returns <c>{ body, cookies?, response }</c>; the module applies <c>transformResponse</c>, tryJson and keepCookie.
    /// </summary>
    private async Task<JsonNode?> RequestAsync(JsonArray args, JsonObject configuration, CancellationToken cancellationToken)
    {
        var method = (JsValues.StringOrNull(Arg(args, 0)) ?? "GET").ToUpperInvariant();
        var path = Arg(args, 1) is { } p ? JsValues.ToJsString(p) : "";
        var parameters = Arg(args, 2) as JsonObject ?? [];
        var rawBody = JsValues.IsTruthy(Arg(args, 3));

        var url = ResolveUrl(configuration, path);
        var query = new JsonObject();
        foreach (var key in new[] { "params", "qs", "query" })
            foreach (var (name, value) in parameters[key] as JsonObject ?? [])
                query[name] = value?.DeepClone();
        var wireUrl = QueryStrings.Append(url, QueryStrings.Axios(query));

        var request = new TransportRequest(new HttpMethod(method), wireUrl)
        {
            MaxRedirects = JsValues.GetInt(parameters, "maxRedirects")
                           ?? (parameters["followAllRedirects"] is JsonValue f && f.GetValueKind() == JsonValueKind.False ? 0 : 5),
        };
        if (JsValues.GetInt(parameters, "timeout") is > 0 and var timeoutMs)
            request.Timeout = TimeSpan.FromMilliseconds(timeoutMs);
        BuildHeadersAndBody(request, parameters, configuration);

        var response = await Transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var cookies = new JsonArray();
        if (JsValues.GetBool(parameters, "keepCookie"))
        {
            foreach (var setCookie in response.HeaderValues("set-cookie"))
                if (_cookies.Store(setCookie, new Uri(url)) is { } stored)
                    cookies.Add(stored);
        }
        var responseObject = ResponseObject(response, method, url, query);
        if (!IsSuccess(response.StatusCode, parameters))
        {
            Transport.LogError($"{method} {url} failed with {response.StatusCode}: {HttpFailures.Summary(response)}");
            var summary = HttpFailures.Summary(response);
            throw HttpFailures.StatusError(Transport, response,
                $"Request failed with status code {response.StatusCode} ({method} {url}{(summary.Length > 0 ? ": " + summary : "")})",
                new JsonObject { ["response"] = ErrorResponse(response) });
        }
        Transport.LogInformation($"{method} request succeeded with {response.StatusCode} ✓");

        var result = new JsonObject
        {
            ["body"] = rawBody ? JsonValue.Create(response.BodyText) : AxiosData(response),
            ["response"] = responseObject,
        };
        if (JsValues.GetBool(parameters, "keepCookie"))
            result["cookies"] = cookies;
        return result;
    }

    /// <summary>Absolute URLs as given (no baseUrl check); otherwise <c>baseUrl</c> + <c>/</c> + path.</summary>
    private static string ResolveUrl(JsonObject configuration, string path)
    {
        if (AbsoluteUrl().IsMatch(path))
            return path;
        var baseUrl = JsValues.GetString(configuration, "baseUrl");
        if (string.IsNullOrEmpty(baseUrl))
            throw new AdaptorException($"http: '{path}' is not an absolute URL and the credential has no baseUrl");
        return baseUrl.TrimEnd('/') + "/" + path.TrimStart('/');
    }

    /// <summary>axios 1.1.3: default headers, the job's headers, auth, cookie jar, then the body per transformRequest.</summary>
    private void BuildHeadersAndBody(TransportRequest request, JsonObject parameters, JsonObject configuration)
    {
        request.Header("Accept", "application/json, text/plain, */*");
        foreach (var (name, value) in parameters["headers"] as JsonObject ?? [])
            if (value is not null)
                request.SetHeader(name, JsValues.ToJsString(value));
        if (parameters["gzip"] is JsonValue gzip && gzip.GetValueKind() == JsonValueKind.True)
            request.SetHeader("Accept-Encoding", "gzip, deflate");

        var formFields = (parameters["formData"] ?? parameters["form"]) as JsonObject;
        Func<HttpContent>? form = formFields is { Count: > 0 } ? () => MultipartForm(formFields) : null;
        var jsonOption = parameters["json"];
        var body = parameters["body"];
        if (JsValues.IsTruthy(jsonOption))
        {
            request.SetHeader("Content-type", "application/json");
            if (jsonOption is JsonObject or JsonArray)
                body = jsonOption;
        }

        var auth = JsValues.IsTruthy(parameters["authentication"]) ? parameters["authentication"]
            : JsValues.IsTruthy(parameters["auth"]) ? parameters["auth"]
            : JsValues.IsTruthy(configuration["username"]) ? configuration : null;
        if (auth is not null)
        {
            request.RemoveHeader("Authorization");
            var pair = (JsValues.GetString(auth, "username") ?? "") + ":" + (auth["password"] is null ? "" : JsValues.GetString(auth, "password"));
            request.Header("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
        }

        var uri = new Uri(request.Url);
        var jarCookies = _cookies.CookiesFor(uri);
        if (jarCookies.Count > 0 || !request.HasHeader("cookie"))
            request.SetHeader("cookie", string.Join("; ", jarCookies));

        var data = parameters.ContainsKey("data") && parameters["data"] is not null ? parameters["data"]
            : JsValues.IsTruthy(body) ? body
            : null;
        if (data is null && form is not null)
        {
            request.RemoveHeader("Content-Type");
            request.Body = form;
        }
        else
        {
            var contentType = request.GetHeader("Content-Type") ?? "";
            var hasJsonType = contentType.Contains("application/json", StringComparison.OrdinalIgnoreCase);
            if (data is null)
            {
                if (hasJsonType)
                    request.Body = TransportRequest.TextBody("null");
            }
            else if (JsValues.IsString(data))
            {
                request.Body = TransportRequest.TextBody(data.GetValue<string>());
            }
            else if (data is JsonObject urlEncoded && contentType.Contains("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            {
                request.Body = TransportRequest.TextBody(QueryStrings.Axios(urlEncoded).Replace("%20", "+"));
            }
            else
            {
                if (!request.HasHeader("Content-Type"))
                    request.Header("Content-Type", "application/json");
                request.Body = TransportRequest.TextBody(data.ToJsonString());
            }
        }
        if (!request.HasHeader("User-Agent"))
            request.Header("User-Agent", "axios/1.1.3");
        if (!request.HasHeader("Accept-Encoding"))
            request.Header("Accept-Encoding", "gzip, deflate, br");
    }

    private static HttpContent MultipartForm(JsonObject fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            if (value is null)
                continue;
            form.Add(new StringContent(value is JsonObject or JsonArray ? value.ToJsonString() : JsValues.ToJsString(value), Encoding.UTF8), name);
        }
        return form;
    }

    private static bool IsSuccess(int status, JsonObject parameters) =>
        JsValues.Get(parameters["options"], "successCodes") is JsonArray codes
            ? codes.Any(c => c is JsonValue v && v.GetValueKind() == JsonValueKind.Number && (int)JsValues.Number(v) == status)
            : status is >= 200 and < 300;

    /// <summary>axios with <c>responseType: 'json'</c>: JSON when the text parses, otherwise the text itself.</summary>
    private static JsonNode? AxiosData(TransportResponse response)
    {
        var text = response.BodyText;
        if (text.Length == 0)
            return JsonValue.Create("");
        var parsed = JsValues.TryParse(text, out var ok);
        return ok ? parsed : JsonValue.Create(text);
    }

    /// <summary>The serializable part of an axios response (config without headers or auth, which hold credentials).</summary>
    private static JsonObject ResponseObject(TransportResponse response, string method, string url, JsonObject query) => new()
    {
        ["status"] = response.StatusCode,
        ["statusText"] = StatusPhrases.For(response.StatusCode),
        ["headers"] = response.HeadersAsJson(),
        ["config"] = new JsonObject { ["url"] = url, ["method"] = method.ToLowerInvariant(), ["params"] = query.DeepClone() },
        ["httpStatus"] = response.StatusCode,
        ["message"] = StatusPhrases.For(response.StatusCode),
    };

    private static JsonObject ErrorResponse(TransportResponse response) => new()
    {
        ["status"] = response.StatusCode,
        ["statusText"] = StatusPhrases.For(response.StatusCode),
        ["data"] = HttpFailures.BodyForDetails(response),
        ["headers"] = response.HeadersAsJson(),
    };
}
