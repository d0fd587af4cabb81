using System.Globalization;
using System.Text.Json.Nodes;
using OpenFn.Simulators.Infrastructure;

namespace OpenFn.Simulators.Primero;

/// <summary>The Primero v1.1 API: cookie login, bare-array case list with scope filters, create and update (system-apis §1.5).</summary>
internal static class PrimeroV1Routes
{
    public static void Map(WebApplication web, PrimeroAuth auth, PrimeroV1Store store, PrimeroOptions options)
    {
        web.MapPost("/api/login", async ctx =>
        {
            var (body, _) = await HttpJson.ReadAsync(ctx);
            var user = (string?)body?["user_name"];
            if (!auth.CheckPassword(user, (string?)body?["password"]))
            {
                await Task.Delay(options.V1FailedLoginDelay, ctx.RequestAborted);
                ctx.Response.StatusCode = 401;
                return;
            }
            var session = auth.OpenV1Session(user!);
            ctx.Response.Cookies.Append(PrimeroAuth.V1SessionCookie, session, new CookieOptions { HttpOnly = true, Path = "/" });
            await HttpJson.WriteAsync(ctx, 201, new JsonObject
            {
                ["session"] = new JsonObject
                {
                    ["token"] = session,
                    ["link"] = new JsonObject { ["rel"] = "session", ["uri"] = "/sessions/" + session },
                },
                ["db_key"] = "simulated", ["organization"] = "agency-unicef", ["module_ids"] = new JsonArray("primeromodule-cp"),
                ["role_ids"] = new JsonArray("role-cp-case-worker"), ["language"] = "en", ["verified"] = true,
            });
        });
        web.MapPost("/api/logout", ctx =>
        {
            if (ctx.Request.Cookies.TryGetValue(PrimeroAuth.V1SessionCookie, out var session)) auth.CloseV1Session(session);
            ctx.Response.StatusCode = 200;
            return Task.CompletedTask;
        });
        web.MapGet("/api/cases", V1(auth, (ctx, _) => ListAsync(ctx, store)));
        web.MapGet("/api/children", V1(auth, (ctx, _) => ListAsync(ctx, store)));
        web.MapGet("/api/cases/{id}", V1(auth, async (ctx, _) =>
        {
            var record = store.Get((string)ctx.Request.RouteValues["id"]!);
            if (record is null) ctx.Response.StatusCode = 404;
            else await HttpJson.WriteAsync(ctx, 200, record);
        }));
        web.MapPost("/api/cases", V1(auth, async (ctx, user) =>
        {
            if (await ReadChildAsync(ctx) is { } child) await HttpJson.WriteAsync(ctx, 201, store.Create(child, user));
        }));
        web.MapMethods("/api/cases/{id}", ["PATCH", "PUT"], V1(auth, async (ctx, _) =>
        {
            if (await ReadChildAsync(ctx) is not { } child) return;
            var updated = store.Update((string)ctx.Request.RouteValues["id"]!, child);
            if (updated is null) ctx.Response.StatusCode = 404;
            else await HttpJson.WriteAsync(ctx, 200, updated);
        }));
    }

    private static RequestDelegate V1(PrimeroAuth auth, Func<HttpContext, string, Task> handler) => async ctx =>
    {
        if (auth.AuthenticateV1(ctx.Request) is { } user) await handler(ctx, user);
        else ctx.Response.StatusCode = 401;
    };

    private static Task ListAsync(HttpContext ctx, PrimeroV1Store store)
    {
        var page = int.TryParse(ctx.Request.Query["page"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
        var per = int.TryParse(ctx.Request.Query["per"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 20;
        var cases = store.Query(ctx.Request.Query, page, per);
        return HttpJson.WriteAsync(ctx, 200, new JsonArray(cases.Select(c => (JsonNode?)c).ToArray()));
    }

    /// <summary>Reads <c>{"child": {...}}</c>; answers v1's 422 shape <c>{"field": ["message"]}</c> when it is missing.</summary>
    private static async Task<JsonObject?> ReadChildAsync(HttpContext ctx)
    {
        var (body, _) = await HttpJson.ReadAsync(ctx);
        if (body?["child"] is JsonObject child) return child;
        await HttpJson.WriteAsync(ctx, 422, new JsonObject { ["child"] = new JsonArray("can't be blank") });
        return null;
    }
}
