using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenFn.Adaptors.Common;
using OpenFn.Adaptors.Http.Emulation;
using OpenFn.Adaptors.Http.Transport;

namespace OpenFn.Adaptors.Oscar;

/// <summary>
/// OSCaR's interop API (system-apis §2): devise_token_auth sign-in whose <c>access-token</c>/<c>client</c>/<c>uid</c>
/// headers are reused for the session (one new sign-in on 401), day-granular <c>since_date</c>, and request bodies
/// whose nulls are sent as empty strings.
/// </summary>
internal sealed partial class OscarSession : HostSession
{
    private const string ClientsPath = "/api/v1/organizations/clients";

    private (string AccessToken, string Client, string Uid)? _session;

    public OscarSession(AdaptorContext context) : base(context)
    {
        On("signIn", async (_, configuration, ct) =>
        {
            await SignInAsync(configuration, ct).ConfigureAwait(false);
            return null;
        });
        On("getClients", GetClientsAsync);
        On("upsertClients", UpsertClientsAsync);
        On("updateLinks", (args, configuration, ct) => PutBatchAsync("/api/v1/organizations/clients/update_links", Arg(args, 0), configuration, ct));
        On("updateStatuses", (args, configuration, ct) => PutBatchAsync("/api/v1/organizations/referrals/update_statuses", Arg(args, 0), configuration, ct));
    }

    protected override string AdaptorName => "oscar";

    [GeneratedRegex(@"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$")]
    private static partial Regex LocalDateTime();

    private string BaseUrl(JsonObject configuration) => RequiredSetting(configuration, "baseUrl", "url").TrimEnd('/');

    private async Task SignInAsync(JsonObject configuration, CancellationToken cancellationToken)
    {
        var email = RequiredSetting(configuration, "username", "email");
        var password = RequiredSetting(configuration, "password");
        var request = new TransportRequest(HttpMethod.Post, BaseUrl(configuration) + "/api/v1/admin_auth/sign_in")
        {
            Body = TransportRequest.TextBody(new JsonObject { ["email"] = email, ["password"] = password }.ToJsonString()),
        };
        request.Header("Content-Type", "application/json").Header("Accept", "application/json");
        var response = await Transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess)
            throw Failure(response, "OSCaR sign-in failed:");
        var accessToken = response.Header("access-token");
        var client = response.Header("client");
        if (string.IsNullOrEmpty(accessToken) || string.IsNullOrEmpty(client))
            throw new AdaptorException("OSCaR sign-in answered without the access-token and client headers; is the base URL an OSCaR server?");
        _session = (accessToken, client, response.Header("uid") ?? email);
        Transport.AddSecrets(accessToken, client);
        Transport.LogInformation("Signed in to OSCaR");
    }

    /// <summary>Sends with the session headers; a 401 gets one new sign-in and one repeat. Non-2xx becomes an error.</summary>
    private async Task<TransportResponse> CallAsync(HttpMethod method, string pathAndQuery, JsonNode? body, JsonObject configuration,
        CancellationToken cancellationToken)
    {
        if (_session is null)
            await SignInAsync(configuration, cancellationToken).ConfigureAwait(false);
        var response = await SendAsync(method, BaseUrl(configuration) + pathAndQuery, body, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == 401)
        {
            Transport.LogWarning($"OSCaR answered 401 to {method} {pathAndQuery}; signing in again");
            await SignInAsync(configuration, cancellationToken).ConfigureAwait(false);
            response = await SendAsync(method, BaseUrl(configuration) + pathAndQuery, body, cancellationToken).ConfigureAwait(false);
        }
        return response;
    }

    private Task<TransportResponse> SendAsync(HttpMethod method, string url, JsonNode? body, CancellationToken cancellationToken)
    {
        var (accessToken, client, uid) = _session!.Value;
        var request = new TransportRequest(method, url);
        request.Header("access-token", accessToken).Header("client", client).Header("uid", uid)
            .Header("Content-Type", "application/json").Header("Accept", "application/json");
        if (body is not null)
            request.Body = TransportRequest.TextBody(body.ToJsonString());
        return Transport.SendAsync(request, cancellationToken);
    }

    /// <summary>
    /// <c>getClients(since_date, { end_date })</c>. OSCaR filters by day, so <c>since_date</c> is sent as
    /// <c>YYYY-MM-DD 00:00:00</c>; a later time of day is rounded down (re-reading part of a day is safe, skipping it is not).
    /// </summary>
    private async Task<JsonNode?> GetClientsAsync(JsonArray args, JsonObject configuration, CancellationToken cancellationToken)
    {
        var parameters = new List<string>();
        var since = Arg(args, 0);
        string? sinceText = null;
        if (since is null || (JsValues.IsString(since) && since.GetValue<string>().Length == 0))
        {
            Transport.LogWarning("getClients: no since_date, so OSCaR returns every shared client");
        }
        else
        {
            var parsed = ParseDate(since, "since_date");
            sinceText = parsed.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 00:00:00";
            if (parsed.TimeOfDay != TimeSpan.Zero)
                Transport.LogInformation($"getClients: since_date {JsValues.ToJsString(since)} rounded down to {sinceText} (OSCaR filters by day)");
            parameters.Add("since_date=" + QueryStrings.AxiosEncode(sinceText));
        }
        var options = Arg(args, 1);
        var end = JsValues.Get(options, "end_date") ?? JsValues.Get(options, "endDate");
        if (end is not null)
            parameters.Add("end_date=" + QueryStrings.AxiosEncode(ParseDate(end, "end_date").ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)));

        var response = await CallAsync(HttpMethod.Get, ClientsPath + (parameters.Count > 0 ? "?" + string.Join("&", parameters) : ""), null,
            configuration, cancellationToken).ConfigureAwait(false);
        var body = JsonBody(response);
        if (JsValues.Get(body, "data") is not JsonArray clients)
            throw new AdaptorException($"OSCaR GET {response.Url} returned no client list (the body has no data array)");
        Transport.LogInformation($"Fetched {clients.Count} clients from OSCaR{(sinceText is null ? "" : " since " + sinceText)}");
        return new JsonObject { ["data"] = clients.DeepClone() };
    }

    /// <summary>
    /// One <c>POST …/clients/upsert</c> per client, wrapped in <c>{ organization: … }</c> unless already wrapped, nulls as "".
    /// Stops at the first rejection (after the earlier clients were saved) unless <c>continueOnError</c> is set, in which
    /// case every outcome is returned.
    /// </summary>
    private async Task<JsonNode?> UpsertClientsAsync(JsonArray args, JsonObject configuration, CancellationToken cancellationToken)
    {
        var clients = Arg(args, 0) switch
        {
            JsonArray list => list.ToList(),
            JsonObject single => [single],
            _ => throw new AdaptorException("upsertClients: pass a client object or an array of clients"),
        };
        var continueOnError = JsValues.GetBool(Arg(args, 1), "continueOnError");
        var results = new JsonArray();
        var saved = 0;
        for (var i = 0; i < clients.Count; i++)
        {
            var client = clients[i];
            var wrapped = client is JsonObject obj && obj.Count == 1 && obj["organization"] is JsonObject
                ? (JsonObject)obj.DeepClone()
                : new JsonObject { ["organization"] = client?.DeepClone() };
            var externalId = JsValues.GetString(wrapped["organization"], "external_id") ?? "";
            var response = await CallAsync(HttpMethod.Post, ClientsPath + "/upsert", EmptyStringsForNulls(wrapped), configuration, cancellationToken)
                .ConfigureAwait(false);
            var answer = JsValues.TryParse(response.BodyText, out _);
            var outcome = new JsonObject
            {
                ["external_id"] = externalId,
                ["ok"] = response.IsSuccess,
                ["statusCode"] = response.StatusCode,
                ["message"] = ErrorText(response),
            };
            if (JsValues.Get(answer, "errors") is { } errors)
                outcome["errors"] = errors.DeepClone();
            results.Add(outcome);
            if (response.IsSuccess)
            {
                saved++;
                continue;
            }
            if (!continueOnError)
                throw Failure(response, $"OSCaR rejected client {externalId} ({i + 1} of {clients.Count}; {saved} saved before it):");
            Transport.LogWarning($"OSCaR rejected client {externalId}: {response.StatusCode} {ErrorText(response)}");
        }
        Transport.LogInformation($"Upserted {saved} of {clients.Count} clients in OSCaR");
        return new JsonObject { ["data"] = results };
    }

    /// <summary><c>PUT</c> of <c>{ data: [...] }</c> (update_links, update_statuses); the answer is OSCaR's body.</summary>
    private async Task<JsonNode?> PutBatchAsync(string path, JsonNode? items, JsonObject configuration, CancellationToken cancellationToken)
    {
        var list = items switch
        {
            JsonArray array => (JsonArray)array.DeepClone(),
            JsonObject single => new JsonArray(single.DeepClone()),
            _ => throw new AdaptorException($"{path}: pass an item or an array of items"),
        };
        var response = await CallAsync(HttpMethod.Put, path, EmptyStringsForNulls(new JsonObject { ["data"] = list }), configuration, cancellationToken)
            .ConfigureAwait(false);
        if (!response.IsSuccess)
            throw Failure(response);
        Transport.LogInformation($"PUT {path}: {list.Count} item{(list.Count == 1 ? "" : "s")}, OSCaR says: {ErrorText(response)}");
        return new JsonObject { ["data"] = JsonBody(response)?.DeepClone() };
    }

    /// <summary>OSCaR misbehaves on nulls, so every null in a request body becomes "" (system-apis §2.6).</summary>
    internal static JsonNode EmptyStringsForNulls(JsonNode? node) => node switch
    {
        null => JsonValue.Create(""),
        JsonValue value when value.GetValueKind() == JsonValueKind.Null => JsonValue.Create(""),
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)EmptyStringsForNulls(p.Value)))),
        JsonArray array => new JsonArray(array.Select(e => (JsonNode?)EmptyStringsForNulls(e)).ToArray()),
        _ => node.DeepClone(),
    };

    private static DateTime ParseDate(JsonNode value, string name)
    {
        if (value is JsonValue number && number.GetValueKind() == JsonValueKind.Number)
            return DateTimeOffset.FromUnixTimeMilliseconds((long)JsValues.Number(number)).UtcDateTime;
        var text = JsValues.ToJsString(value).Trim();
        var local = LocalDateTime().Match(text);
        if (local.Success)
        {
            int Part(int group) => local.Groups[group].Success ? int.Parse(local.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
            return new DateTime(Part(1), Part(2), Part(3), Part(4), Part(5), Part(6), DateTimeKind.Unspecified);
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            return parsed.UtcDateTime;
        throw new AdaptorException($"getClients: {name} '{text}' is not a date (expected YYYY-MM-DD or YYYY-MM-DD 00:00:00)");
    }

    private static JsonNode? JsonBody(TransportResponse response)
    {
        var json = JsValues.TryParse(response.BodyText, out var parsed);
        if (!parsed)
            throw new AdaptorException($"OSCaR {response.Method} {response.Url} answered {response.StatusCode} with a body that is not JSON: {HttpFailures.Summary(response)}");
        return json;
    }

    private AdaptorException Failure(TransportResponse response, string? prefix = null)
    {
        var text = ErrorText(response);
        var message = (prefix is null ? "OSCaR " : prefix + " ") + $"{response.Method} {response.Url} returned {response.StatusCode}"
                      + (text.Length > 0 ? ": " + text : "");
        Transport.LogError(message);
        return HttpFailures.StatusError(Transport, response, message);
    }

    /// <summary>OSCaR's <c>message</c>, <c>error</c> and <c>errors</c> (array or field map) in one line, or a body excerpt.</summary>
    private static string ErrorText(TransportResponse response)
    {
        var json = JsValues.TryParse(response.BodyText, out var parsed);
        if (!parsed || json is not JsonObject body)
            return HttpFailures.Summary(response);
        var parts = new List<string>();
        if (body["message"] is { } message)
            parts.Add(JsValues.IsString(message) ? message.GetValue<string>() : message.ToJsonString());
        if (JsValues.GetString(body, "error") is { } error)
            parts.Add(error);
        switch (body["errors"])
        {
            case JsonArray list:
                parts.Add(string.Join("; ", list.Select(JsValues.ToJsString)));
                break;
            case JsonObject fields:
                parts.Add(string.Join("; ", fields.Select(f => JsValues.ToJsString(f.Value))));
                break;
        }
        return parts.Count == 0 ? HttpFailures.Summary(response) : string.Join(" — ", parts);
    }
}
