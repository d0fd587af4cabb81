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

        return await CommonRequest.SendAsync(Transport, method, path ?? "", new CommonRequestOptions
        {
            BaseUrl = baseUrl,
            Headers = headers,
            Query = options["query"] as JsonObject,
            Body = content,
            Errors = options["errors"],
            ParseAs = JsValues.GetString(options, "parseAs") ?? "auto",
            Timeout = JsValues.GetInt(options, "timeout") is > 0 and var timeoutMs ? TimeSpan.FromMilliseconds(timeoutMs) : null,
            MaxRedirections = maxRedirections,
        }, cancellationToken).ConfigureAwait(false);
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
}
