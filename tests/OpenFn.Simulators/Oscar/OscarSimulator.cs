using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenFn.Simulators.Infrastructure;
using OpenFn.Simulators.Seed;

namespace OpenFn.Simulators.Oscar;

/// <summary>
/// OSCaR (oscarhq.com) interop API: devise_token_auth sign-in with token headers, GET clients with since_date /
/// end_date, upsert with the server's decision rules, update_links, update_statuses (system-apis §2).
/// </summary>
public sealed class OscarSimulator : SimulatorServer
{
    public const string SignInRequired = "You need to sign in or sign up before continuing.";

    /// <summary>Rails' production error page (the Cambodia job fails when the body is not JSON).</summary>
    public const string RailsErrorPage = """
        <!DOCTYPE html>
        <html>
        <head><title>We're sorry, but something went wrong (500)</title></head>
        <body><div class="dialog"><h1>We're sorry, but something went wrong.</h1></div>
        <p>If you are the application owner check the logs for more information.</p></body>
        </html>
        """;

    private readonly object gate = new();
    private readonly Dictionary<(string Uid, string Client), (string Token, DateTime Expires)> tokens = [];

    public OscarSimulator(OscarOptions options, SyntheticPopulation population, TimeProvider clock) : base("oscar", clock)
    {
        Options = options;
        Store = new OscarStore(clock, options.ExternalSystemName, options.Tenants);
        if (options.SeedFixtures) OscarSeed.LoadFixtures(Store, options.Tenants.ToList());
        for (var i = 0; i < options.SyntheticClients; i++)
        {
            var (client, referral) = OscarSeed.SyntheticClient(population, i);
            if (!options.Tenants.Contains(client.Tenant)) continue;
            Store.AddClient(client);
            if (referral is not null) Store.AddReferral(referral);
        }
        Store.MarkAsSeed();
    }

    public OscarOptions Options { get; }

    /// <summary>Clients and referrals; also the NGO-side actions (accept a referral, refer a client to Primero).</summary>
    public OscarStore Store { get; }

    protected override void ResetState()
    {
        Store.ResetToSeed();
        lock (gate) tokens.Clear();
    }

    protected override void WriteStore(Utf8JsonWriter writer, bool summary) => Store.WriteStore(writer, summary);

    protected override string? CredentialOf(HttpRequest request) =>
        request.Headers["access-token"].ToString() is { Length: > 0 } token ? token + "|" + request.Headers["client"] : null;

    protected override Task WriteErrorAsync(HttpContext ctx, int status) => status == 500
        ? HttpJson.WriteTextAsync(ctx, 500, RailsErrorPage, "text/html; charset=utf-8")
        : HttpJson.WriteAsync(ctx, status, new JsonObject { ["errors"] = new JsonArray(ReasonPhrase(status)) });

    protected override Task WriteTokenExpiredAsync(HttpContext ctx) =>
        HttpJson.WriteAsync(ctx, 401, new JsonObject { ["errors"] = new JsonArray(SignInRequired) });

    protected override void MapRoutes(WebApplication web)
    {
        web.MapPost("/api/v1/admin_auth/sign_in", SignInAsync);
        web.MapGet("/api/v1/organizations", ctx => HttpJson.WriteAsync(ctx, 200, new JsonArray(Store.Tenants.Select(t => (JsonNode?)new JsonObject
        {
            ["short_name"] = t, ["full_name"] = t.ToUpperInvariant(), ["demo"] = t == "demo",
        }).ToArray())));
        web.MapGet("/api/v1/organizations/clients", Protected(ListClientsAsync));
        web.MapPost("/api/v1/organizations/clients/upsert", Protected(async ctx => await AnswerAsync(ctx, Store.Upsert(await ReadAsync(ctx)))));
        web.MapPut("/api/v1/organizations/clients/update_links", Protected(async ctx => await AnswerAsync(ctx, Store.UpdateLinks(await ReadAsync(ctx)))));
        web.MapPut("/api/v1/organizations/referrals/update_statuses", Protected(async ctx => await AnswerAsync(ctx, Store.UpdateStatuses(await ReadAsync(ctx)))));
        web.MapGet("/api/v1/organizations/clients/check_duplication", Protected(ctx =>
        {
            var q = ctx.Request.Query;
            var found = Store.HasSimilarClient(q["given_name"], q["family_name"], q["date_of_birth"]);
            return HttpJson.WriteAsync(ctx, 200, new JsonObject { ["similar_fields"] = found ? "Record was Found" : "Record was not found" });
        }));
        web.MapGet("/api/v1/organizations/transactions/{txId}", Protected(ctx =>
            HttpJson.WriteAsync(ctx, 500, new JsonObject { ["message"] = OscarStore.RecordError })));
        web.MapPost("/__admin/referrals/{id:int}/accept", (HttpContext ctx, int id) =>
        {
            try
            {
                var client = Store.AcceptReferral(id);
                return HttpJson.WriteAsync(ctx, 200, new JsonObject { ["global_id"] = client.GlobalId, ["slug"] = client.Slug, ["tenant"] = client.Tenant });
            }
            catch (KeyNotFoundException e)
            {
                return HttpJson.WriteAsync(ctx, 404, new JsonObject { ["error"] = e.Message });
            }
        });
        web.MapFallback(ctx => HttpJson.WriteAsync(ctx, 404, new JsonObject { ["status"] = "404", ["error"] = "Not Found" }));
    }

    private static async Task<JsonNode?> ReadAsync(HttpContext ctx)
    {
        var (body, _) = await HttpJson.ReadAsync(ctx);
        return body;
    }

    private static Task AnswerAsync(HttpContext ctx, OscarAnswer answer) => answer.Html
        ? HttpJson.WriteTextAsync(ctx, answer.Status, RailsErrorPage, "text/html; charset=utf-8")
        : HttpJson.WriteAsync(ctx, answer.Status, answer.Body);

    private async Task SignInAsync(HttpContext ctx)
    {
        var (body, _) = await HttpJson.ReadAsync(ctx);
        var email = (string?)body?["email"];
        var password = (string?)body?["password"];
        if (email is null || password is null || !Options.Logins.TryGetValue(email, out var expected) || expected != password)
        {
            await HttpJson.WriteAsync(ctx, 401, new JsonObject { ["errors"] = new JsonArray("Invalid login credentials. Please try again.") });
            return;
        }
        var client = RandomToken();
        var token = RandomToken();
        var expires = UtcNow + Options.TokenLifetime;
        lock (gate) tokens[(email, client)] = (token, expires);
        var headers = ctx.Response.Headers;
        headers["access-token"] = token;
        headers["token-type"] = "Bearer";
        headers["client"] = client;
        headers["expiry"] = new DateTimeOffset(expires).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        headers["uid"] = email;
        ctx.Response.Cookies.Append("_cif-web_session", RandomToken() + RandomToken(), new CookieOptions { HttpOnly = true, Path = "/" });
        await HttpJson.WriteAsync(ctx, 200, new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["id"] = 20, ["first_name"] = "External User", ["last_name"] = "External User", ["roles"] = "case worker",
                ["email"] = email, ["provider"] = "email", ["uid"] = email, ["admin"] = true, ["organization_name"] = null,
            },
        });
    }

    /// <summary>Requires the access-token, client and uid headers of a live sign-in.</summary>
    private RequestDelegate Protected(RequestDelegate handler) => async ctx =>
    {
        var h = ctx.Request.Headers;
        bool valid;
        lock (gate)
        {
            valid = tokens.TryGetValue((h["uid"].ToString(), h["client"].ToString()), out var entry)
                    && entry.Token == h["access-token"].ToString() && entry.Expires > UtcNow;
        }
        if (!valid)
        {
            await WriteTokenExpiredAsync(ctx);
            return;
        }
        await handler(ctx);
    };

    private async Task ListClientsAsync(HttpContext ctx)
    {
        DateTime? since = null, end = null;
        if (ctx.Request.Query["since_date"].ToString() is { Length: > 0 } sinceText)
        {
            if (!TryParseTime(sinceText, out var parsed))
            {
                await HttpJson.WriteTextAsync(ctx, 500, RailsErrorPage, "text/html; charset=utf-8");
                return;
            }
            since = parsed;
        }
        if (ctx.Request.Query["end_date"].ToString() is { Length: > 0 } endText && TryParseTime(endText, out var until)) end = until;
        await using var json = HttpJson.Begin(ctx, 200);
        await Store.WriteClientsAsync(json, since, end);
    }

    private static bool TryParseTime(string text, out DateTime value) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out value);

    private static string RandomToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
