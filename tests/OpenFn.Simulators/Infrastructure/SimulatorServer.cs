using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace OpenFn.Simulators.Infrastructure;

/// <summary>
/// One simulated system: a real HTTP server on loopback with its own routes and store, the shared fault
/// layer, a request log and the admin endpoints under <c>/__admin</c> (store, reset, log, faults).
/// </summary>
public abstract class SimulatorServer : IAsyncDisposable
{
    private WebApplication? app;
    private Uri? baseUrl;

    protected SimulatorServer(string name, TimeProvider clock)
    {
        Name = name;
        Clock = clock;
    }

    /// <summary>Short name ("primero", "oscar", ...).</summary>
    public string Name { get; }

    /// <summary>Root URL, e.g. http://127.0.0.1:4101/ (always ends with a slash).</summary>
    public Uri BaseUrl => baseUrl ?? throw new InvalidOperationException($"The {Name} simulator is not started.");

    /// <summary>Fault knobs (also settable over HTTP at /__admin/faults).</summary>
    public FaultInjector Faults { get; } = new();

    /// <summary>Requests received, oldest first (also readable at /__admin/log).</summary>
    public RequestLog Log { get; } = new();

    protected TimeProvider Clock { get; }

    /// <summary>Current time in UTC from the simulator's clock.</summary>
    protected DateTime UtcNow => Clock.GetUtcNow().UtcDateTime;

    /// <summary>Starts listening on <paramref name="address"/>:<paramref name="port"/> (0 = any free port).</summary>
    public async Task StartAsync(IPAddress address, int port, bool logToConsole = false, CancellationToken cancel = default)
    {
        if (app is not null) throw new InvalidOperationException($"The {Name} simulator is already started.");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (logToConsole)
        {
            // Warnings and handler errors go to the console; a failed start is reported once, by the caller.
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
                .AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        }
        builder.WebHost.UseKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = 256L * 1024 * 1024;
            k.Listen(address, port);
        });
        var web = builder.Build();
        web.Use(RunThroughFaultLayerAsync);
        MapAdminRoutes(web);
        MapRoutes(web);
        await web.StartAsync(cancel);
        var bound = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        baseUrl = new Uri(bound.TrimEnd('/') + "/");
        app = web;
    }

    /// <summary>Puts the store back to its seeded state, forgets sessions, empties the log and removes all faults.</summary>
    public void Reset()
    {
        ResetState();
        Log.Clear();
        Faults.Clear();
    }

    /// <summary>Restores the seeded store and forgets issued tokens.</summary>
    protected abstract void ResetState();

    /// <summary>Maps the system's own routes (and any extra admin routes).</summary>
    protected abstract void MapRoutes(WebApplication web);

    /// <summary>Writes the store for GET /__admin/store (<paramref name="summary"/>: counts only).</summary>
    protected abstract void WriteStore(Utf8JsonWriter writer, bool summary);

    /// <summary>The credential a request carries, for per-token expiry faults (default: the Authorization header).</summary>
    protected virtual string? CredentialOf(HttpRequest request)
    {
        var value = request.Headers.Authorization.ToString();
        return value.Length == 0 ? null : value;
    }

    /// <summary>Writes the system's own answer for an injected error status.</summary>
    protected virtual Task WriteErrorAsync(HttpContext ctx, int status) =>
        HttpJson.WriteAsync(ctx, status, new JsonObject { ["error"] = ReasonPhrase(status) });

    /// <summary>Writes the system's own answer for an expired token.</summary>
    protected virtual Task WriteTokenExpiredAsync(HttpContext ctx) => WriteErrorAsync(ctx, 401);

    protected static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";

    private async Task RunThroughFaultLayerAsync(HttpContext ctx, RequestDelegate next)
    {
        if (ctx.Request.Path.StartsWithSegments("/__admin"))
        {
            await next(ctx);
            return;
        }
        var started = Stopwatch.GetTimestamp();
        var receivedAt = Clock.GetUtcNow();
        var sequence = Log.NextSequence();
        var body = await ReadBodyForLogAsync(ctx.Request);
        var decision = Faults.Decide(ctx.Request.Method, ctx.Request.Path.Value ?? "/", CredentialOf(ctx.Request));
        var dropped = false;
        var failed = false;
        try
        {
            if (decision.IsNone)
            {
                await next(ctx);
                return;
            }
            if (decision.Latency > TimeSpan.Zero) await Task.Delay(decision.Latency, ctx.RequestAborted);
            if (decision.DropBefore)
            {
                dropped = true;
                ctx.Abort();
                return;
            }
            if (decision.TokenExpired)
            {
                await WriteTokenExpiredAsync(ctx);
                return;
            }
            if (decision.ErrorRule is { } rule)
            {
                await WriteInjectedErrorAsync(ctx, rule);
                return;
            }
            if (!decision.Malformed && !decision.DropAfter)
            {
                await next(ctx);
                return;
            }
            var original = ctx.Response.Body;
            var captured = new MemoryStream();
            ctx.Response.Body = captured;
            try
            {
                await next(ctx);
            }
            finally
            {
                ctx.Response.Body = original;
            }
            if (decision.DropAfter)
            {
                dropped = true;
                ctx.Abort();
                return;
            }
            var bytes = captured.ToArray();
            ctx.Response.ContentLength = null;
            await original.WriteAsync(bytes.AsMemory(0, Math.Max(1, bytes.Length / 2)), ctx.RequestAborted);
        }
        catch (Exception) when (!dropped)
        {
            failed = true;
            throw;
        }
        finally
        {
            var headers = ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            Log.Add(new RequestLogEntry(
                sequence, receivedAt, ctx.Request.Method, ctx.Request.Path.Value ?? "/", ctx.Request.QueryString.Value ?? "",
                headers, body, dropped ? 0 : failed ? 500 : ctx.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                decision.Describe()));
        }
    }

    private async Task WriteInjectedErrorAsync(HttpContext ctx, FaultRule rule)
    {
        if (rule.RetryAfterSeconds is { } seconds) ctx.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (rule.ErrorBody is null)
        {
            await WriteErrorAsync(ctx, rule.ErrorStatus);
            return;
        }
        await HttpJson.WriteTextAsync(ctx, rule.ErrorStatus, rule.ErrorBody, rule.ErrorContentType ?? "application/json; charset=utf-8");
    }

    private static async Task<string> ReadBodyForLogAsync(HttpRequest request)
    {
        if (request.ContentLength is 0 || (request.ContentLength is null && !request.Headers.TransferEncoding.Any())) return "";
        request.EnableBuffering();
        using var reader = new StreamReader(request.Body, Encoding.UTF8, leaveOpen: true);
        var buffer = new char[RequestLog.MaxBodyChars];
        var read = await reader.ReadBlockAsync(buffer, request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        return new string(buffer, 0, read);
    }

    private void MapAdminRoutes(WebApplication web)
    {
        web.MapGet("/__admin/store", async ctx =>
        {
            var summary = string.Equals(ctx.Request.Query["summary"], "true", StringComparison.OrdinalIgnoreCase);
            await HttpJson.WriteAsync(ctx, 200, w => WriteStore(w, summary));
        });
        web.MapPost("/__admin/reset", async ctx =>
        {
            Reset();
            await HttpJson.WriteAsync(ctx, 200, new JsonObject { ["reset"] = Name });
        });
        web.MapGet("/__admin/log", ctx => HttpJson.WriteAsync(ctx, 200, w =>
            JsonSerializer.Serialize(w, Log.Entries, HttpJson.SerializerOptions)));
        web.MapDelete("/__admin/log", ctx =>
        {
            Log.Clear();
            ctx.Response.StatusCode = 204;
            return Task.CompletedTask;
        });
        web.MapGet("/__admin/faults", ctx => HttpJson.WriteAsync(ctx, 200, w =>
            JsonSerializer.Serialize(w, Faults.Rules.Select(r => new { id = r.Id, rule = r.Rule }), HttpJson.SerializerOptions)));
        web.MapPost("/__admin/faults", async ctx =>
        {
            FaultRule? posted;
            try
            {
                posted = await JsonSerializer.DeserializeAsync<FaultRule>(ctx.Request.Body, HttpJson.SerializerOptions, ctx.RequestAborted);
            }
            catch (JsonException e)
            {
                await HttpJson.WriteAsync(ctx, 400, new JsonObject { ["error"] = "Invalid fault rule: " + e.Message });
                return;
            }
            if (posted is null)
            {
                await HttpJson.WriteAsync(ctx, 400, new JsonObject { ["error"] = "Send a fault rule as a JSON object." });
                return;
            }
            try
            {
                var id = Faults.Add(posted);
                await HttpJson.WriteAsync(ctx, 201, new JsonObject { ["id"] = id });
            }
            catch (ArgumentException e)
            {
                await HttpJson.WriteAsync(ctx, 400, new JsonObject { ["error"] = e.Message });
            }
        });
        web.MapDelete("/__admin/faults", ctx =>
        {
            Faults.Clear();
            ctx.Response.StatusCode = 204;
            return Task.CompletedTask;
        });
        web.MapDelete("/__admin/faults/{id:int}", (HttpContext ctx, int id) =>
        {
            ctx.Response.StatusCode = Faults.Remove(id) ? 204 : 404;
            return Task.CompletedTask;
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (app is null) return;
        await app.StopAsync(TimeSpan.FromSeconds(5));
        await app.DisposeAsync();
        app = null;
        GC.SuppressFinalize(this);
    }
}
