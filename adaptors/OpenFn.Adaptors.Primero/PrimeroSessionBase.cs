using System.Text.Json.Nodes;
using OpenFn.Adaptors.Common;
using OpenFn.Adaptors.Http.Emulation;
using OpenFn.Adaptors.Http.Transport;

namespace OpenFn.Adaptors.Primero;

/// <summary>
/// What both Primero APIs share: the <c>url</c> credential, qs-encoded queries, JSON bodies, login before the first call,
/// exactly one re-login when a call answers 401, success = 200/201/202/204, and Primero-aware error messages.
/// </summary>
internal abstract class PrimeroSessionBase : HostSession
{
    private static readonly HashSet<int> SuccessCodes = [200, 201, 202, 204];

    private bool _loggedIn;

    protected PrimeroSessionBase(AdaptorContext context) : base(context) =>
        On("login", async (_, configuration, ct) =>
        {
            await EnsureLoggedInAsync(configuration, ct).ConfigureAwait(false);
            return null;
        });

    protected override string AdaptorName => "primero";

    /// <summary>Obtains the session's credentials (token, cookie or Basic header).</summary>
    protected abstract Task LoginAsync(JsonObject configuration, CancellationToken cancellationToken);

    /// <summary>Adds the session's credentials to a request.</summary>
    protected abstract void Authorize(TransportRequest request);

    /// <summary>False when credentials are static (Basic auth), so a 401 cannot be cured by logging in again.</summary>
    protected abstract bool CanLogInAgain { get; }

    protected static string ServerUrl(JsonObject configuration)
    {
        var url = JsValues.GetString(configuration, "url");
        if (string.IsNullOrWhiteSpace(url))
            throw new AdaptorException("primero: the credential (state.configuration) has no 'url' (the Primero host, e.g. https://primero.example.org)");
        return url.TrimEnd('/');
    }

    protected static string User(JsonObject configuration) =>
        JsValues.GetString(configuration, "user") ?? JsValues.GetString(configuration, "username")
        ?? throw new AdaptorException("primero: the credential (state.configuration) has no 'user'");

    protected static string Password(JsonObject configuration) =>
        JsValues.GetString(configuration, "password") ?? throw new AdaptorException("primero: the credential (state.configuration) has no 'password'");

    protected async Task EnsureLoggedInAsync(JsonObject configuration, CancellationToken cancellationToken)
    {
        if (_loggedIn)
            return;
        await LoginAsync(configuration, cancellationToken).ConfigureAwait(false);
        _loggedIn = true;
    }

    /// <summary>
    /// Sends an authorized request to <c>{url}{path}</c>; on 401 logs in again once and repeats it.
    /// Unless <paramref name="allowFailure"/>, a status outside 200/201/202/204 becomes an <see cref="AdaptorException"/>.
    /// </summary>
    protected async Task<TransportResponse> CallAsync(HttpMethod method, string path, JsonObject? query, JsonNode? body,
        JsonObject configuration, CancellationToken cancellationToken, bool allowFailure = false)
    {
        await EnsureLoggedInAsync(configuration, cancellationToken).ConfigureAwait(false);
        var url = QueryStrings.Append(ServerUrl(configuration) + path, query is null ? "" : QueryStrings.Qs(query));
        var response = await SendAuthorizedAsync(method, url, body, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == 401 && CanLogInAgain)
        {
            Transport.LogWarning($"Primero answered 401 to {method} {url}; logging in again");
            await LoginAsync(configuration, cancellationToken).ConfigureAwait(false);
            response = await SendAuthorizedAsync(method, url, body, cancellationToken).ConfigureAwait(false);
        }
        if (!allowFailure && !IsSuccess(response))
            throw Failure(response);
        return response;
    }

    protected static bool IsSuccess(TransportResponse response) => SuccessCodes.Contains(response.StatusCode);

    private Task<TransportResponse> SendAuthorizedAsync(HttpMethod method, string url, JsonNode? body, CancellationToken cancellationToken)
    {
        var request = new TransportRequest(method, url);
        Authorize(request);
        request.Header("Content-Type", "application/json");
        if (body is not null)
        {
            request.Header("Accept", "application/json");
            request.Body = TransportRequest.TextBody(body.ToJsonString());
        }
        return Transport.SendAsync(request, cancellationToken);
    }

    /// <summary>A login POST (no session credentials attached).</summary>
    protected Task<TransportResponse> PostLoginAsync(string url, JsonNode body, CancellationToken cancellationToken)
    {
        var request = new TransportRequest(HttpMethod.Post, url) { Body = TransportRequest.TextBody(body.ToJsonString()) };
        request.Header("Content-Type", "application/json");
        return Transport.SendAsync(request, cancellationToken);
    }

    protected AdaptorException Failure(TransportResponse response, string? prefix = null)
    {
        var text = ErrorText(response);
        var message = $"{prefix ?? "Primero"} {response.Method} {response.Url} returned {response.StatusCode} {StatusPhrases.For(response.StatusCode)}"
                      + (text.Length > 0 ? ": " + text : "");
        Transport.LogError(message);
        return HttpFailures.StatusError(Transport, response, message);
    }

    /// <summary>The v2 <c>errors[]</c> envelope (<c>message (detail)</c>), a Devise <c>error</c>, or a body excerpt.</summary>
    private static string ErrorText(TransportResponse response)
    {
        var json = JsValues.TryParse(response.BodyText, out var parsed);
        if (parsed && json?["errors"] is JsonArray errors && errors.Count > 0)
        {
            return string.Join("; ", errors.Select(e =>
            {
                var message = JsValues.GetString(e, "message") ?? JsValues.ToJsString(e);
                var detail = JsValues.GetString(e, "detail");
                return string.IsNullOrEmpty(detail) ? message : $"{message} ({detail})";
            }));
        }
        if (parsed && JsValues.GetString(json, "error") is { } error)
            return error;
        return HttpFailures.Summary(response);
    }

    /// <summary>Parses a JSON response body (null when empty).</summary>
    protected static JsonNode? Json(TransportResponse response)
    {
        if (response.Body.Length == 0)
            return null;
        var json = JsValues.TryParse(response.BodyText, out var parsed);
        return parsed ? json : throw new AdaptorException(
            $"Primero {response.Method} {response.Url} answered {response.StatusCode} with a body that is not JSON: {HttpFailures.Summary(response)}");
    }

    protected void LogPrimeroSays(TransportResponse response) =>
        Transport.LogInformation($"Primero says: '{response.StatusCode} {StatusPhrases.For(response.StatusCode)}'");

    /// <summary>Every external id with a truthy value in data, or a clear error (an empty search would match arbitrary cases).</summary>
    protected static List<string> MatchableExternalIds(JsonNode? externalIds, JsonObject data)
    {
        var ids = (externalIds as JsonArray ?? (externalIds is null ? [] : [externalIds.DeepClone()]))
            .Select(JsValues.StringOrNull).Where(id => id is not null).Select(id => id!).ToList();
        var matchable = ids.Where(id => JsValues.IsTruthy(data[id])).ToList();
        if (matchable.Count == 0)
        {
            throw new AdaptorException(
                $"upsertCase: none of the externalIds [{string.Join(", ", ids)}] has a value in data, so no existing case can be matched; "
                + "refusing to search Primero without an id (it would update an arbitrary case). Give the record an id or call createCase.");
        }
        return matchable;
    }
}
