using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenFn.Simulators.Infrastructure;
using OpenFn.Simulators.Seed;

namespace OpenFn.Simulators.Primero;

/// <summary>
/// UNICEF Primero v2 (and the v1.1 case list): token/Basic/session auth, case search with paging and filters,
/// create/update with subform merge, referrals, users, forms, lookups, locations (system-apis §1).
/// </summary>
public sealed class PrimeroSimulator : SimulatorServer
{
    private readonly PrimeroAuth auth;
    private readonly IReadOnlyList<JsonObject> users;

    public PrimeroSimulator(PrimeroOptions options, SyntheticPopulation population, TimeProvider clock) : base("primero", clock)
    {
        Options = options;
        auth = new PrimeroAuth(options, clock);
        users = PrimeroDirectory.Users(options.Logins.Keys);
        Store = new PrimeroStore(clock);
        V1Store = new PrimeroV1Store(clock);
        if (options.SeedFixtures)
        {
            foreach (var record in PrimeroSeed.FixtureCases()) Store.LoadCase(record);
            foreach (var referral in PrimeroSeed.FixtureReferrals()) Store.LoadReferral(referral);
            V1Store.Load(PrimeroSeed.V1FixtureCases());
        }
        LoadSynthetic(population, options.SyntheticCases);
        Store.MarkAsSeed();
    }

    public PrimeroOptions Options { get; }

    /// <summary>Generates the synthetic cases in parallel, in chunks (records are independent and deterministic per index).</summary>
    private void LoadSynthetic(SyntheticPopulation population, int count)
    {
        const int chunk = 8192;
        for (var start = 0; start < count; start += chunk)
        {
            var batch = new (PrimeroCaseRecord, string[], IReadOnlyList<PrimeroReferral>)[Math.Min(chunk, count - start)];
            Parallel.For(0, batch.Length, i =>
            {
                var (json, referrals) = PrimeroSeed.SyntheticCase(population, start + i);
                batch[i] = (PrimeroCaseRecord.From(json), json.Select(p => p.Key).ToArray(), referrals);
            });
            Store.LoadRecords(batch);
        }
    }

    /// <summary>The v2 cases and referrals (read and change them directly in tests).</summary>
    public PrimeroStore Store { get; }

    /// <summary>The v1.1 cases behind GET /api/cases.</summary>
    public PrimeroV1Store V1Store { get; }

    protected override void ResetState()
    {
        Store.ResetToSeed();
        V1Store.Reset();
        auth.Clear();
    }

    protected override void WriteStore(Utf8JsonWriter writer, bool summary) => Store.WriteStore(writer, summary);

    protected override string? CredentialOf(HttpRequest request) =>
        base.CredentialOf(request) ?? (request.Cookies.TryGetValue(PrimeroAuth.SessionCookie, out var session) ? session : null);

    protected override Task WriteErrorAsync(HttpContext ctx, int status)
    {
        var retryAfter = ctx.Response.Headers.RetryAfter.ToString();
        return WriteErrors(ctx, status, ReasonPhrase(status), retryAfter.Length > 0 ? "Retry-After: " + retryAfter : null);
    }

    protected override Task WriteTokenExpiredAsync(HttpContext ctx) => WriteErrors(ctx, 401, "Signature has expired");

    /// <summary>Primero's error envelope: <c>{"errors":[{"status", "resource", "message", "detail"}]}</c>.</summary>
    private static Task WriteErrors(HttpContext ctx, int status, string message, string? detail = null) =>
        HttpJson.WriteAsync(ctx, status, new JsonObject
        {
            ["errors"] = new JsonArray(ErrorItem(ctx, status, message, detail)),
        });

    private static JsonObject ErrorItem(HttpContext ctx, int status, string message, string? detail)
    {
        var item = new JsonObject { ["status"] = status, ["resource"] = ctx.Request.Path.Value, ["message"] = message };
        if (detail is not null) item["detail"] = detail;
        return item;
    }

    protected override void MapRoutes(WebApplication web)
    {
        web.MapPost("/api/v2/tokens", LoginAsync);
        web.MapDelete("/api/v2/tokens", LogoutAsync);
        web.MapGet("/api/v2/primero", ctx => HttpJson.WriteAsync(ctx, 200, new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["sandbox_ui"] = false, ["locales"] = new JsonArray("en"), ["base_language"] = "en",
                ["primero_version"] = Options.LoginMode == PrimeroLoginMode.BearerToken ? "2.10.0" : "2.11.0",
            },
        }));
        web.MapGet("/api/v2/cases", Authed(ListCasesAsync));
        web.MapPost("/api/v2/cases", Authed(CreateCaseAsync));
        web.MapPost("/api/v2/cases/referrals", Authed(BulkReferAsync));
        web.MapGet("/api/v2/cases/{id}", Authed(GetCaseAsync));
        web.MapMethods("/api/v2/cases/{id}", ["PATCH"], Authed(UpdateCaseAsync));
        web.MapDelete("/api/v2/cases/{id}", Authed(DisableCaseAsync));
        web.MapGet("/api/v2/cases/{id}/referrals", Authed(ListReferralsAsync));
        web.MapGet("/api/v2/cases/{id}/transitions", Authed(ListReferralsAsync));
        web.MapPost("/api/v2/cases/{id}/referrals", Authed(CreateReferralAsync));
        web.MapMethods("/api/v2/cases/{id}/referrals/{referralId}", ["PATCH"], Authed(UpdateReferralAsync));
        web.MapDelete("/api/v2/cases/{id}/referrals/{referralId}", Authed(RevokeReferralAsync));
        web.MapGet("/api/v2/users", Authed((ctx, _) => WriteList(ctx, users.Where(u =>
            ctx.Request.Query["agency"].ToString() is not { Length: > 0 } agency || (string?)u["agency_id"] == agency).ToList())));
        web.MapGet("/api/v2/lookups", Authed((ctx, _) => WriteList(ctx, PrimeroDirectory.Lookups())));
        web.MapGet("/api/v2/locations", Authed((ctx, _) => WriteList(ctx, PrimeroDirectory.Locations().Select(l =>
        {
            if (ctx.Request.Query["hierarchy"] != "true") l.Remove("hierarchy");
            return l;
        }).ToList())));
        web.MapGet("/api/v2/forms", Authed((ctx, _) => HttpJson.WriteAsync(ctx, 200, new JsonObject
        {
            ["data"] = new JsonArray(PrimeroDirectory.Forms().Select(f => (JsonNode?)f).ToArray()),
        })));
        PrimeroV1Routes.Map(web, auth, V1Store, Options);
        web.MapFallback(ctx => WriteErrors(ctx, 404, "Not Found", "No route matches " + ctx.Request.Path));
    }

    private RequestDelegate Authed(Func<HttpContext, string, Task> handler) => async ctx =>
    {
        var result = auth.AuthenticateV2(ctx.Request);
        if (result.Ok)
        {
            await handler(ctx, result.User!);
            return;
        }
        if (result.DeviseBody)
        {
            ctx.Response.Headers.WWWAuthenticate = "Basic realm=\"Primero\"";
            await HttpJson.WriteAsync(ctx, result.Status, new JsonObject { ["error"] = result.Message });
            return;
        }
        await WriteErrors(ctx, result.Status, result.Message!);
    };

    private async Task LoginAsync(HttpContext ctx)
    {
        var (body, error) = await HttpJson.ReadAsync(ctx);
        if (error is not null)
        {
            await WriteErrors(ctx, 400, "Bad Request", error);
            return;
        }
        var userName = (string?)body?["user"]?["user_name"];
        if (userName is null && Options.LoginMode == PrimeroLoginMode.BearerToken && auth.AuthenticateV2(ctx.Request) is { Ok: true } renewal)
        {
            await IssueTokenAsync(ctx, renewal.User!);
            return;
        }
        if (userName is not null && !auth.TryCountLogin(userName))
        {
            await HttpJson.WriteTextAsync(ctx, 429, "Retry later\n", "text/plain");
            return;
        }
        if (!auth.CheckPassword(userName, (string?)body?["user"]?["password"]))
        {
            await HttpJson.WriteAsync(ctx, 401, new JsonObject { ["error"] = PrimeroAuth.InvalidLogin });
            return;
        }
        if (Options.LoginMode == PrimeroLoginMode.BearerToken)
        {
            await IssueTokenAsync(ctx, userName!);
            return;
        }
        var (session, csrf) = auth.OpenSession(userName!);
        ctx.Response.Cookies.Append(PrimeroAuth.SessionCookie, session, new CookieOptions { HttpOnly = true, Path = "/" });
        ctx.Response.Cookies.Append(PrimeroAuth.CsrfCookie, csrf, new CookieOptions { Path = "/" });
        await HttpJson.WriteAsync(ctx, 200, new JsonObject { ["id"] = UserId(userName!), ["user_name"] = userName, ["group_permission"] = "all" });
    }

    private async Task IssueTokenAsync(HttpContext ctx, string user)
    {
        var token = auth.IssueToken(user);
        ctx.Response.Headers.Authorization = "Bearer " + token;
        await HttpJson.WriteAsync(ctx, 200, new JsonObject { ["id"] = UserId(user), ["user_name"] = user, ["token"] = token });
    }

    private async Task LogoutAsync(HttpContext ctx)
    {
        var header = ctx.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) auth.RevokeToken(header[7..].Trim());
        if (ctx.Request.Cookies.TryGetValue(PrimeroAuth.SessionCookie, out var session)) auth.CloseSession(session);
        await HttpJson.WriteAsync(ctx, 200, new JsonObject());
    }

    private int UserId(string user) =>
        users.FirstOrDefault(u => (string?)u["user_name"] == user)?["id"]?.GetValue<int>() ?? 1;

    private string? AgencyOf(string user) => (string?)users.FirstOrDefault(u => (string?)u["user_name"] == user)?["agency_id"];

    private async Task ListCasesAsync(HttpContext ctx, string user)
    {
        var page = Math.Max(1, QueryInt(ctx, "page") ?? 1);
        var per = QueryInt(ctx, "per") is { } asked && asked > 0 ? asked : 20;
        if (Options.MaxPerPage is { } cap) per = Math.Min(per, cap);
        var query = PrimeroCaseQuery.Parse(ctx.Request.Query, Store.IsKnownField);
        var (records, total) = Store.Search(query, page, per);
        await using var json = HttpJson.Begin(ctx, 200);
        var w = json.Writer;
        w.WriteStartObject();
        w.WriteStartArray("data");
        foreach (var record in records)
        {
            WriteRecord(w, record.Json, query.Fields);
            await json.FlushIfFullAsync();
        }
        w.WriteEndArray();
        w.WriteStartObject("metadata");
        w.WriteNumber("total", total);
        w.WriteNumber("per", per);
        w.WriteNumber("page", page);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteRecord(Utf8JsonWriter w, byte[] json, IReadOnlyList<string>? fields)
    {
        if (fields is null)
        {
            w.WriteRawValue(json, skipInputValidation: true);
            return;
        }
        using var document = JsonDocument.Parse(json);
        w.WriteStartObject();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Name == "id" || fields.Contains(property.Name)) property.WriteTo(w);
        }
        w.WriteEndObject();
    }

    private static int? QueryInt(HttpContext ctx, string name) =>
        int.TryParse(ctx.Request.Query[name].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private async Task GetCaseAsync(HttpContext ctx, string user)
    {
        var id = (string)ctx.Request.RouteValues["id"]!;
        var record = Store.GetCase(id);
        if (record is null)
        {
            await NotFound(ctx, id);
            return;
        }
        var fields = ctx.Request.Query["fields"].ToString();
        await HttpJson.WriteAsync(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("data");
            WriteRecord(w, HttpJson.ToUtf8(record), fields.Length == 0 ? null : fields.Split(','));
            w.WriteEndObject();
        });
    }

    private static Task NotFound(HttpContext ctx, string id) =>
        WriteErrors(ctx, 404, "Not Found", $"Couldn't find Child with 'id'={id}");

    /// <summary>Reads <c>{"data": {...}}</c>; writes the 422 Primero answers for a missing <c>data</c> and returns null.</summary>
    private static async Task<JsonObject?> ReadDataAsync(HttpContext ctx)
    {
        var (body, error) = await HttpJson.ReadAsync(ctx);
        if (error is not null)
        {
            await WriteErrors(ctx, 422, "Unprocessable Entity", error);
            return null;
        }
        if (body?["data"] is not JsonObject data)
        {
            await WriteErrors(ctx, 422, "param is missing or the value is empty: data", "data");
            return null;
        }
        return data;
    }

    /// <summary>Type checks of the field schema; each bad field gives one error (422).</summary>
    private static List<JsonObject> Validate(HttpContext ctx, JsonObject data)
    {
        var errors = new List<JsonObject>();
        foreach (var field in new[] { "date_of_birth", "registration_date" })
        {
            if (data[field] is null) continue;
            if (data[field] is not JsonValue v || v.GetValueKind() != JsonValueKind.String
                || !DateTime.TryParseExact(v.ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                errors.Add(ErrorItem(ctx, 422, "must be a date (YYYY-MM-DD)", field));
        }
        if (data["age"] is { } age && (age is not JsonValue a || a.GetValueKind() != JsonValueKind.Number))
            errors.Add(ErrorItem(ctx, 422, "must be a number", "age"));
        foreach (var (key, value) in data)
        {
            if (key.EndsWith("_section", StringComparison.Ordinal) && value is not null && (value is not JsonArray list || list.Any(e => e is not JsonObject)))
                errors.Add(ErrorItem(ctx, 422, "must be a list of subform objects", key));
        }
        return errors;
    }

    private async Task CreateCaseAsync(HttpContext ctx, string user)
    {
        var data = await ReadDataAsync(ctx);
        if (data is null) return;
        if (Validate(ctx, data) is { Count: > 0 } errors)
        {
            await HttpJson.WriteAsync(ctx, 422, new JsonObject { ["errors"] = new JsonArray(errors.Select(e => (JsonNode?)e).ToArray()) });
            return;
        }
        var clientId = (string?)data["id"];
        var created = Store.CreateCase(data, user, AgencyOf(user));
        if (created is null)
        {
            await WriteErrors(ctx, 409, "Conflict: A record with this id already exists", clientId);
            return;
        }
        if (!string.IsNullOrEmpty(clientId))
        {
            ctx.Response.StatusCode = 204;
            return;
        }
        await HttpJson.WriteAsync(ctx, 200, new JsonObject { ["data"] = created });
    }

    private async Task UpdateCaseAsync(HttpContext ctx, string user)
    {
        var id = (string)ctx.Request.RouteValues["id"]!;
        var data = await ReadDataAsync(ctx);
        if (data is null) return;
        if (Validate(ctx, data) is { Count: > 0 } errors)
        {
            await HttpJson.WriteAsync(ctx, 422, new JsonObject { ["errors"] = new JsonArray(errors.Select(e => (JsonNode?)e).ToArray()) });
            return;
        }
        var update = Store.UpdateCase(id, data);
        if (update is null)
        {
            await NotFound(ctx, id);
            return;
        }
        await HttpJson.WriteAsync(ctx, 200, new JsonObject { ["data"] = update.Changed });
    }

    private async Task DisableCaseAsync(HttpContext ctx, string user)
    {
        var id = (string)ctx.Request.RouteValues["id"]!;
        if (Store.UpdateCase(id, new JsonObject { ["record_state"] = false }) is null)
        {
            await NotFound(ctx, id);
            return;
        }
        await HttpJson.WriteAsync(ctx, 200, new JsonObject { ["data"] = new JsonObject { ["id"] = id } });
    }

    private async Task ListReferralsAsync(HttpContext ctx, string user)
    {
        var id = (string)ctx.Request.RouteValues["id"]!;
        if (!Store.Exists(id))
        {
            await NotFound(ctx, id);
            return;
        }
        var types = ctx.Request.Query["types"].ToString();
        var referrals = types.Length == 0 || types.Split(',').Contains("Referral") ? Store.GetReferrals(id) : [];
        await HttpJson.WriteAsync(ctx, 200, new JsonObject
        {
            ["data"] = new JsonArray(referrals.Select(r => (JsonNode?)r.ToJson(user)).ToArray()),
        });
    }

    private async Task CreateReferralAsync(HttpContext ctx, string user)
    {
        var id = (string)ctx.Request.RouteValues["id"]!;
        var data = await ReadDataAsync(ctx);
        if (data is null) return;
        var (referral, record, error) = Refer(ctx, id, data, user);
        if (error is not null)
        {
            await HttpJson.WriteAsync(ctx, (int)error["status"]!, new JsonObject { ["errors"] = new JsonArray(error) });
            return;
        }
        var json = referral!.ToJson(user);
        json["record"] = record;
        await HttpJson.WriteAsync(ctx, 200, new JsonObject { ["data"] = json });
    }

    private async Task BulkReferAsync(HttpContext ctx, string user)
    {
        var data = await ReadDataAsync(ctx);
        if (data is null) return;
        var created = new JsonArray();
        var errors = new JsonArray();
        foreach (var id in (data["ids"] as JsonArray)?.Select(n => n?.ToString()).OfType<string>() ?? [])
        {
            var (referral, _, error) = Refer(ctx, id, data, user);
            if (error is not null) errors.Add(error);
            else created.Add(referral!.ToJson(user));
        }
        var answer = new JsonObject { ["data"] = created };
        if (errors.Count > 0) answer["errors"] = errors;
        await HttpJson.WriteAsync(ctx, 200, answer);
    }

    /// <summary>Creates a referral on case <paramref name="id"/>: consent rule, service flag, owner list, case bump.</summary>
    private (PrimeroReferral? Referral, JsonObject? Record, JsonObject? Error) Refer(HttpContext ctx, string id, JsonObject data, string user)
    {
        var record = Store.GetCase(id);
        if (record is null) return (null, null, ErrorItem(ctx, 404, "Not Found", $"Couldn't find Child with 'id'={id}"));
        var transitionedTo = (string?)data["transitioned_to"];
        if (string.IsNullOrEmpty(transitionedTo)) return (null, null, ErrorItem(ctx, 422, "transition.errors.to_user_can_receive", "transitioned_to"));
        var overridden = IsTrue(data["consent_overridden"]);
        if (!overridden && (string?)record["module_id"] == "primeromodule-cp"
                        && !(IsTrue(record["consent_for_services"]) && IsTrue(record["disclosure_other_orgs"])))
            return (null, null, ErrorItem(ctx, 422, "transition.errors.consent", "consent"));
        var serviceRecordId = (string?)data["service_record_id"] ?? "";
        var referral = Store.AddReferral(new PrimeroReferral
        {
            Id = Guid.NewGuid().ToString(),
            RecordId = id,
            TransitionedTo = transitionedTo,
            TransitionedToAgency = (string?)data["transitioned_to_agency"] ?? AgencyOf(transitionedTo),
            TransitionedBy = user,
            Notes = (string?)data["notes"],
            Service = (string?)data["service"],
            ServiceRecordId = serviceRecordId,
            Remote = IsTrue(data["remote"]),
            ConsentOverridden = overridden,
            CreatedAt = UtcNow,
        });
        JsonObject? changed = null;
        Store.Touch(id, json =>
        {
            var names = (json["associated_user_names"] as JsonArray)?.Select(n => n?.ToString()).OfType<string>().ToList() ?? [];
            if (!names.Contains(transitionedTo)) names.Add(transitionedTo);
            json["associated_user_names"] = new JsonArray(names.Select(n => (JsonNode?)n).ToArray());
            var service = (json["services_section"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(s => (string?)s["unique_id"] == serviceRecordId);
            if (service is not null) service["service_status_referred"] = true;
            changed = new JsonObject { ["id"] = id, ["associated_user_names"] = json["associated_user_names"]!.DeepClone() };
            if (service is not null) changed["services_section"] = json["services_section"]!.DeepClone();
        });
        changed!["last_updated_at"] = Store.GetCase(id)!["last_updated_at"]!.DeepClone();
        return (referral, changed, null);
    }

    private static bool IsTrue(JsonNode? node) => node is JsonValue v && (
        (v.GetValueKind() == JsonValueKind.True) || (v.GetValueKind() == JsonValueKind.String && v.ToString() == "true"));

    private async Task UpdateReferralAsync(HttpContext ctx, string user)
    {
        var id = (string)ctx.Request.RouteValues["id"]!;
        var referralId = (string)ctx.Request.RouteValues["referralId"]!;
        var data = await ReadDataAsync(ctx);
        if (data is null) return;
        var wanted = (string?)data["status"];
        var bump = false;
        var referral = Store.ChangeReferral(id, referralId, r =>
        {
            if (wanted == r.Status) return;
            switch (wanted)
            {
                case "accepted" when r.Status == "in_progress":
                    r.Status = "accepted";
                    r.RespondedAt = UtcNow;
                    break;
                case "rejected" when r.Status == "in_progress":
                    r.Status = "rejected";
                    r.RespondedAt = UtcNow;
                    r.RejectedReason = (string?)data["rejected_reason"];
                    bump = true;
                    break;
                case "done" when r.Status == "accepted":
                    r.Status = "done";
                    r.RejectionNote = (string?)data["rejection_note"];
                    bump = true;
                    break;
            }
        });
        await AnswerReferralChangeAsync(ctx, id, referralId, referral, bump, user);
    }

    private async Task RevokeReferralAsync(HttpContext ctx, string user)
    {
        var id = (string)ctx.Request.RouteValues["id"]!;
        var referralId = (string)ctx.Request.RouteValues["referralId"]!;
        var referral = Store.ChangeReferral(id, referralId, r => r.Status = "revoked");
        await AnswerReferralChangeAsync(ctx, id, referralId, referral, true, user);
    }

    private async Task AnswerReferralChangeAsync(HttpContext ctx, string id, string referralId, PrimeroReferral? referral, bool bump, string user)
    {
        if (referral is null)
        {
            await WriteErrors(ctx, 404, "Not Found", $"Couldn't find Referral with 'id'={referralId}");
            return;
        }
        if (bump) Store.Touch(id);
        var json = referral.ToJson(user);
        json["record"] = new JsonObject { ["id"] = id, ["last_updated_at"] = Store.GetCase(id)?["last_updated_at"]?.DeepClone() };
        await HttpJson.WriteAsync(ctx, 200, new JsonObject { ["data"] = json });
    }

    private static Task WriteList(HttpContext ctx, IReadOnlyList<JsonObject> items)
    {
        var page = Math.Max(1, QueryInt(ctx, "page") ?? 1);
        var per = QueryInt(ctx, "per") is { } asked && asked > 0 ? asked : 20;
        var slice = items.Skip((page - 1) * per).Take(per).Select(i => (JsonNode?)i.DeepClone()).ToArray();
        return HttpJson.WriteAsync(ctx, 200, new JsonObject
        {
            ["data"] = new JsonArray(slice),
            ["metadata"] = new JsonObject { ["total"] = items.Count, ["per"] = per, ["page"] = page },
        });
    }
}
