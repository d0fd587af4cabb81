using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenFn.Runner.Credentials;
using OpenFn.Runner.Execution;
using OpenFn.Runner.History;
using OpenFn.Runner.Projects;

namespace OpenFn.Runner.Serve;

/// <summary>
/// <c>POST /inbox/{trigger}</c>: a JSON message becomes a run of the webhook trigger's workflow with
/// <c>{ data: body, request: { method, path, headers, query_params } }</c> as input (§7.2). Answers 202 with the run
/// id, or — for a trigger with <c>webhook_reply: after_completion</c> — the run's final state when it ends.
/// </summary>
public static class InboxEndpoint
{
    public const string SecretHeader = "x-api-key";
    private static readonly string[] RedactedHeaders = ["authorization", SecretHeader, "cookie", "proxy-authorization"];

    public static void Map(WebApplication app)
    {
        app.MapPost("/inbox/{trigger}", HandleAsync);
        app.MapGet("/inbox/{trigger}", (string trigger, ProjectHost projects) =>
            projects.Current.Inboxes.TryGetValue(trigger, out var inbox)
                ? Results.Json(new { message = "POST a JSON body to this address to start a run", workflow = inbox.Workflow.Key, trigger = inbox.Trigger.Key })
                : Error(StatusCodes.Status404NotFound, $"no inbox '{trigger}'"));
        app.MapGet("/health", (ProjectHost projects, RunDispatcher dispatcher) =>
            Results.Json(new { status = "ok", project = projects.Current.Spec.Name, version = projects.Current.Version, runs = dispatcher.Count }));
    }

    private static async Task<IResult> HandleAsync(string trigger, HttpContext http)
    {
        var services = http.RequestServices;
        var project = services.GetRequiredService<ProjectHost>().Current;
        var options = services.GetRequiredService<ServeOptions>();
        if (!project.Inboxes.TryGetValue(trigger, out var inbox))
            return Error(StatusCodes.Status404NotFound, $"no inbox '{trigger}'");
        var (workflow, spec) = inbox;
        if (!spec.Enabled)
            return Error(StatusCodes.Status403Forbidden, "trigger_disabled");
        if (spec.InboxSecret is not null)
        {
            var expected = services.GetRequiredService<CredentialSource>().Current.FindSecret(spec.InboxSecret);
            if (expected is null)
                return Error(StatusCodes.Status503ServiceUnavailable, $"this inbox's secret ('{spec.InboxSecret}') has no value on the runner");
            if (!SameSecret(ProvidedSecret(http.Request), expected))
                return Error(StatusCodes.Status401Unauthorized, $"missing or wrong {SecretHeader} header");
        }
        if (http.Request.ContentType is { } contentType && !contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
            return Error(StatusCodes.Status415UnsupportedMediaType, $"the body must be JSON (Content-Type application/json), not {contentType}");

        var limit = spec.MaxBodyBytes ?? options.MaxBodyBytes;
        var body = await ReadLimitedAsync(http.Request, limit, http.RequestAborted);
        if (body is null)
            return Error(StatusCodes.Status413PayloadTooLarge, $"the body is larger than this inbox's limit of {limit / 1024} KB");
        JsonNode? data;
        try
        {
            data = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, column {e.BytePositionInLine + 1})" : "";
            return Error(StatusCodes.Status400BadRequest, $"invalid JSON{where}: {e.Message.Split(" Path:")[0].Split(" LineNumber:")[0].TrimEnd('.')}");
        }

        var input = new JsonObject { ["data"] = data, ["request"] = RequestOf(http.Request, trigger) };
        RunHandle? handle;
        try
        {
            handle = await services.GetRequiredService<TriggerRuns>().SubmitInboxAsync(project, workflow, spec, input);
        }
        catch (RunnerStoppingException)
        {
            return Error(StatusCodes.Status503ServiceUnavailable, "the runner is shutting down; try again later");
        }
        if (handle is null)
            return Error(StatusCodes.Status500InternalServerError, "the run could not be started; see the runner's log");
        http.Response.Headers["x-meta-run-id"] = handle.RunId;
        http.Response.Headers["x-meta-work-order-id"] = handle.RunId;
        if (spec.Reply == WebhookReply.BeforeStart)
            return Results.Json(new { run_id = handle.RunId, work_order_id = handle.RunId }, statusCode: StatusCodes.Status202Accepted);

        RunOutcome outcome;
        try
        {
            outcome = await handle.Outcome.WaitAsync(options.ReplyTimeout, http.RequestAborted);
        }
        catch (TimeoutException)
        {
            return Results.Json(new { error = "timeout", run_id = handle.RunId }, statusCode: StatusCodes.Status504GatewayTimeout);
        }
        return outcome.Status == RunState.Success
            ? Results.Text(outcome.FinalState?.ToJsonString() ?? "null", "application/json", Encoding.UTF8, spec.SuccessCode)
            : Results.Json(new { run_id = handle.RunId, status = outcome.Status.ToText(), error = outcome.Error, final_state = outcome.FinalState }, statusCode: spec.ErrorCode);
    }

    private static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);

    private static string? ProvidedSecret(HttpRequest request)
    {
        if (request.Headers[SecretHeader].FirstOrDefault() is { Length: > 0 } key)
            return key;
        var authorization = request.Headers.Authorization.FirstOrDefault();
        return authorization?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true ? authorization[7..].Trim() : null;
    }

    private static bool SameSecret(string? provided, string expected) =>
        provided is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(provided), Encoding.UTF8.GetBytes(expected));

    /// <summary>The body, or null when it is larger than <paramref name="limit"/> bytes.</summary>
    internal static async Task<byte[]?> ReadLimitedAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
            return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
                return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static JsonObject RequestOf(HttpRequest request, string trigger)
    {
        var headers = new JsonObject();
        foreach (var (name, values) in request.Headers)
        {
            var key = name.ToLowerInvariant();
            headers[key] = RedactedHeaders.Contains(key) ? "[REDACTED]" : values.ToString();
        }
        var query = new JsonObject();
        foreach (var (name, values) in request.Query)
            query[name] = values.ToString();
        return new JsonObject
        {
            ["method"] = request.Method,
            ["path"] = new JsonArray("inbox", trigger),
            ["headers"] = headers,
            ["query_params"] = query,
        };
    }
}
