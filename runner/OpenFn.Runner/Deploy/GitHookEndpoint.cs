using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OpenFn.Runner.Credentials;
using OpenFn.Runner.Logging;
using OpenFn.Runner.Serve;

namespace OpenFn.Runner.Deploy;

/// <summary>
/// <c>POST /hooks/git</c>: a push webhook (GitHub, Gitea, Forgejo) makes the runner fetch at once. Only a request
/// whose <c>X-Hub-Signature-256</c> is the HMAC-SHA256 of its raw body with the runner's webhook secret is acted on;
/// anything else gets 401 and nothing is fetched. The body says nothing else that is trusted: the runner fetches
/// the configured branch itself.
/// </summary>
public static class GitHookEndpoint
{
    /// <summary>GitHub's own cap on webhook payloads.</summary>
    public const long MaxBodyBytes = 25L * 1024 * 1024;

    public static void Map(WebApplication app) => app.MapPost("/hooks/git", HandleAsync);

    private static async Task<IResult> HandleAsync(HttpContext http, GitDeployer deployer, CredentialSource credentials, LogOutput log)
    {
        var secretName = deployer.Options.SecretName;
        var secret = credentials.Current.FindSecret(secretName);
        if (secret is null)
            return Error(StatusCodes.Status503ServiceUnavailable,
                $"push webhooks are off: the runner has no secret '{secretName}' (add it to the credentials file or set {CredentialStore.EnvironmentName(secretName)})");
        var body = await InboxEndpoint.ReadLimitedAsync(http.Request, MaxBodyBytes, http.RequestAborted);
        if (body is null)
            return Error(StatusCodes.Status413PayloadTooLarge, $"the body is larger than {MaxBodyBytes / 1024 / 1024} MB");
        if (!PushSignature.IsValid(secret, body, http.Request.Headers[PushSignature.Header].FirstOrDefault()))
        {
            log.Cli(Levels.Warn, $"Refused a push webhook from {http.Connection.RemoteIpAddress}: missing or wrong {PushSignature.Header}");
            return Error(StatusCodes.Status401Unauthorized, $"missing or wrong {PushSignature.Header}");
        }
        if (http.Request.Headers["X-GitHub-Event"].FirstOrDefault() == "ping")
            return Results.Json(new { message = "pong" });
        var branchRef = "refs/heads/" + deployer.Options.Branch;
        if (PushedRef(body) is { } pushed && pushed != branchRef)
            return Results.Json(new { status = "ignored", message = $"a push to {pushed}; this runner deploys {branchRef}" }, statusCode: StatusCodes.Status202Accepted);
        log.Cli(Levels.Info, "Push webhook: fetching now");
        deployer.RequestFetch();
        return Results.Json(new { status = "fetching", branch = deployer.Options.Branch }, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>The <c>ref</c> of a JSON push event; null for other bodies (then the branch is fetched anyway).</summary>
    private static string? PushedRef(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body) is JsonObject push && push["ref"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);
}
