using System.Text.Json.Nodes;
using OpenFn.Adaptors.Common;
using OpenFn.Adaptors.Http.Legacy;
using OpenFn.Adaptors.Http.Transport;

namespace OpenFn.Adaptors.Primero;

/// <summary>
/// Primero API v1.1 as language-primero 1.x calls it (openfn-semantics §5.3, system-apis §1.5): a cookie session from
/// <c>POST /api/login</c>, bare JSON arrays and objects, <c>scope[…]</c> filters, and upsert by <c>scope[or]</c> search.
/// </summary>
internal sealed class PrimeroV1Session : PrimeroSessionBase
{
    /// <summary>v1.1 lists default to 20 records per page and report no total.</summary>
    private const int DefaultPageSize = 20;

    private readonly CookieJar _cookies;

    public PrimeroV1Session(AdaptorContext context) : base(context)
    {
        _cookies = new CookieJar(context.Http.TimeProvider);
        On("getCases", GetCasesAsync);
        On("createCase", (args, configuration, ct) => WriteAsync(HttpMethod.Post, "/api/cases", Arg(args, 0), configuration, ct));
        On("updateCase", (args, configuration, ct) =>
            WriteAsync(HttpMethod.Patch, "/api/cases/" + Uri.EscapeDataString(JsValues.ToJsString(Arg(args, 0))), Arg(args, 1), configuration, ct));
        On("upsertCase", UpsertCaseAsync);
    }

    protected override bool CanLogInAgain => true;

    protected override void Authorize(TransportRequest request)
    {
        var cookie = _cookies.CookieHeader(new Uri(request.Url));
        if (cookie.Length > 0)
            request.Header("Cookie", cookie);
    }

    protected override async Task LoginAsync(JsonObject configuration, CancellationToken cancellationToken)
    {
        var url = ServerUrl(configuration) + "/api/login";
        var body = new JsonObject { ["user_name"] = User(configuration), ["password"] = Password(configuration) };
        var response = await PostLoginAsync(url, body, cancellationToken).ConfigureAwait(false);
        if (!IsSuccess(response))
            throw Failure(response, "Primero login failed:");
        foreach (var setCookie in response.HeaderValues("set-cookie"))
            _cookies.Store(setCookie, new Uri(url));
        Transport.AddSecrets(_cookies.CookieHeader(new Uri(url)).Split("; ").Select(c => c[(c.IndexOf('=') + 1)..]).ToArray());
        Transport.LogInformation("Logged in to Primero (v1.1 session)");
    }

    /// <summary>
    /// <c>GET /api/cases?&lt;query&gt;</c>, every page: v1.1 returns a bare array with no total, so pages are requested
    /// (same <c>per</c>) until one comes back short or repeats records. A query that names a <c>page</c> gets that page only.
    /// </summary>
    private async Task<JsonNode?> GetCasesAsync(JsonArray args, JsonObject configuration, CancellationToken cancellationToken)
    {
        var query = Arg(args, 0) as JsonObject ?? [];
        var per = JsValues.GetInt(query, "per") ?? DefaultPageSize;
        var pageQuery = (JsonObject)query.DeepClone();
        var cases = new JsonArray();
        var seen = new HashSet<string>();
        var pages = 0;
        while (true)
        {
            var response = await CallAsync(HttpMethod.Get, "/api/cases", pageQuery, null, configuration, cancellationToken).ConfigureAwait(false);
            pages++;
            if (pages == 1)
                LogPrimeroSays(response);
            if (Json(response) is not JsonArray page)
                throw new AdaptorException($"Primero GET {response.Url} did not return a list of cases");
            var added = 0;
            foreach (var item in page)
            {
                var id = JsValues.GetString(item, "_id") ?? JsValues.GetString(item, "id");
                if (id is not null && !seen.Add(id))
                    continue;
                cases.Add(item?.DeepClone());
                added++;
            }
            if (query.ContainsKey("page") || page.Count < per || added == 0)
                break;
            pageQuery["page"] = pages + 1;
            pageQuery["per"] = per;
        }
        Transport.LogInformation($"{cases.Count} cases retrieved from /api/cases in {pages} page{(pages == 1 ? "" : "s")}");
        return new JsonObject { ["data"] = cases };
    }

    /// <summary>v1.1 create/update: the JSON body is <c>data</c> itself (no envelope) and the answer is the bare case.</summary>
    private async Task<JsonNode?> WriteAsync(HttpMethod method, string path, JsonNode? data, JsonObject configuration, CancellationToken cancellationToken)
    {
        var response = await CallAsync(method, path, null, data?.DeepClone() ?? new JsonObject(), configuration, cancellationToken).ConfigureAwait(false);
        LogPrimeroSays(response);
        return new JsonObject { ["data"] = Json(response)?.DeepClone() };
    }

    /// <summary>
    /// Searches <c>remote=true&amp;scope[or][id]=or_op||value</c>; none → create; one → update its <c>_id</c>, keeping the
    /// services Primero already has and adding only those with a new <c>unique_id</c>; several → error.
    /// </summary>
    private async Task<JsonNode?> UpsertCaseAsync(JsonArray args, JsonObject configuration, CancellationToken cancellationToken)
    {
        var parameters = Arg(args, 0);
        var data = JsValues.Get(parameters, "data")?.DeepClone() as JsonObject
                   ?? throw new AdaptorException("upsertCase: params.data must be an object (the case to create or update)");
        var or = new JsonObject();
        foreach (var id in MatchableExternalIds(JsValues.Get(parameters, "externalIds"), data))
            or[id] = "or_op||" + JsValues.ToJsString(data[id]);
        var query = new JsonObject { ["remote"] = true, ["scope"] = new JsonObject { ["or"] = or } };

        var search = await CallAsync(HttpMethod.Get, "/api/cases", query, null, configuration, cancellationToken).ConfigureAwait(false);
        var matches = Json(search) as JsonArray ?? [];
        switch (matches.Count)
        {
            case 0:
                Transport.LogInformation("No case found. Performing create.");
                return await WriteAsync(HttpMethod.Post, "/api/cases", data, configuration, cancellationToken).ConfigureAwait(false);
            case 1:
                Transport.LogInformation("Case found. Performing update.");
                var existing = matches[0];
                var recordId = JsValues.GetString(existing, "_id") ?? JsValues.GetString(existing, "id");
                return await WriteAsync(HttpMethod.Patch, "/api/cases/" + Uri.EscapeDataString(recordId ?? "undefined"),
                    WithMergedServices(data, existing), configuration, cancellationToken).ConfigureAwait(false);
            default:
                throw new AdaptorException("Multiple cases found. Try using another externalId and ensure that it is unique.");
        }
    }

    private static JsonObject WithMergedServices(JsonObject data, JsonNode? existing)
    {
        if (existing?["services_section"] is not JsonArray { Count: > 0 } oldServices || data["child"] is not JsonObject child)
            return data;
        var known = oldServices.Select(s => JsValues.GetString(s, "unique_id")).ToHashSet();
        var merged = new JsonArray(oldServices.Select(s => s?.DeepClone()).ToArray());
        foreach (var service in child["services_section"] as JsonArray ?? [])
            if (!known.Contains(JsValues.GetString(service, "unique_id")))
                merged.Add(service?.DeepClone());
        child["services_section"] = merged;
        return data;
    }
}
