using System.Text;
using System.Text.Json.Nodes;
using OpenFn.Adaptors.Common;
using OpenFn.Adaptors.Http.Current;
using OpenFn.Adaptors.Http.Transport;

namespace OpenFn.Adaptors.Primero;

/// <summary>
/// Primero API v2 as language-primero 2.x–4.x calls it (openfn-semantics §5.1–5.2, system-apis §1.2–1.4), with two
/// deliberate fixes: every page of a list is fetched, and upsertCase without an id value fails instead of updating
/// whatever case the server lists first.
/// </summary>
internal sealed class PrimeroV2Session : PrimeroSessionBase
{
    private string? _authorization;

    public PrimeroV2Session(AdaptorContext context) : base(context)
    {
        On("getCases", GetCasesAsync);
        On("createCase", (args, configuration, ct) => WriteCaseAsync(HttpMethod.Post, "/api/v2/cases", Arg(args, 0), configuration, ct));
        On("updateCase", (args, configuration, ct) =>
            WriteCaseAsync(HttpMethod.Patch, "/api/v2/cases/" + RecordId(Arg(args, 0)), Arg(args, 1), configuration, ct));
        On("upsertCase", UpsertCaseAsync);
        On("getReferrals", GetReferralsAsync);
        On("createReferrals", (args, configuration, ct) => WriteCaseAsync(HttpMethod.Post, "/api/v2/cases/referrals", Arg(args, 0), configuration, ct));
        On("updateReferral", UpdateReferralAsync);
        On("getForms", (args, configuration, ct) => ListAsync("/api/v2/forms", "forms", Arg(args, 0), configuration, ct));
        On("getLookups", (args, configuration, ct) => ListAsync("/api/v2/lookups", "lookups", Arg(args, 0), configuration, ct));
        On("getLocations", (args, configuration, ct) => ListAsync("/api/v2/locations", "locations", Arg(args, 0), configuration, ct));
        On("http", HttpAsync);
    }

    protected override bool CanLogInAgain => _authorization?.StartsWith("Bearer ", StringComparison.Ordinal) == true;

    protected override void Authorize(TransportRequest request)
    {
        if (_authorization is not null)
            request.Header("Authorization", _authorization);
    }

    /// <summary><c>basicAuth: true</c> → Basic header, no call (servers ≥ 2.11); otherwise <c>POST /api/v2/tokens</c>.</summary>
    protected override async Task LoginAsync(JsonObject configuration, CancellationToken cancellationToken)
    {
        var user = User(configuration);
        var password = Password(configuration);
        if (JsValues.GetBool(configuration, "basicAuth"))
        {
            _authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));
            return;
        }
        var body = new JsonObject { ["user"] = new JsonObject { ["user_name"] = user, ["password"] = password } };
        var response = await PostLoginAsync(ServerUrl(configuration) + "/api/v2/tokens", body, cancellationToken).ConfigureAwait(false);
        if (!IsSuccess(response))
            throw Failure(response, "Primero login failed:");
        var token = JsValues.GetString(JsValues.TryParse(response.BodyText, out _), "token");
        if (!string.IsNullOrEmpty(token))
            _authorization = "Bearer " + token;
        else if (response.Header("authorization") is { } header && header.StartsWith("Bearer ", StringComparison.Ordinal))
            _authorization = header;
        else
            throw new AdaptorException(
                "Primero login returned no token: servers from 2.11 on use sessions for native logins. Set basicAuth: true in the credential.");
        Transport.AddSecrets(_authorization, _authorization["Bearer ".Length..]);
        Transport.LogInformation("Logged in to Primero (token)");
    }

    /// <summary><c>getCases(query, options)</c>: every page of <c>GET /api/v2/cases</c>, then one referrals GET per case if asked.</summary>
    private async Task<JsonNode?> GetCasesAsync(JsonArray args, JsonObject configuration, CancellationToken cancellationToken)
    {
        var query = Arg(args, 0) as JsonObject ?? [];
        var (cases, metadata) = await FetchAllPagesAsync("/api/v2/cases", "cases", query, configuration, cancellationToken).ConfigureAwait(false);
        if (JsValues.GetBool(Arg(args, 1), "withReferrals"))
        {
            Transport.LogInformation($"Fetching referrals for {cases.Count} cases...");
            foreach (var item in cases.OfType<JsonObject>())
            {
                var referrals = await CallAsync(HttpMethod.Get, $"/api/v2/cases/{JsValues.GetString(item, "id")}/referrals", null, null,
                    configuration, cancellationToken, allowFailure: true).ConfigureAwait(false);
                if (IsSuccess(referrals) && Json(referrals)?["data"] is { } list)
                    item["referrals"] = list.DeepClone();
                else
                    Transport.LogWarning($"Could not fetch the referrals of case {JsValues.GetString(item, "id")}: {referrals.StatusCode}");
            }
        }
        return new JsonObject { ["data"] = cases, ["metadata"] = metadata };
    }

    /// <summary>
    /// A list endpoint, page after page: the first request is the job's own query; while <c>metadata</c> says more
    /// records exist, the next page is asked for with the page size the server actually used (≥ 2.11 caps <c>per</c>
    /// at 1000). A query that names a <c>page</c> is the job paging itself, so only that page is fetched.
    /// </summary>
    private async Task<(JsonArray Items, JsonNode? Metadata)> FetchAllPagesAsync(string path, string noun, JsonObject query,
        JsonObject configuration, CancellationToken cancellationToken)
    {
        var items = new JsonArray();
        var seen = new HashSet<string>();
        JsonNode? metadata = null;
        var pageQuery = (JsonObject)query.DeepClone();
        var pages = 0;
        while (true)
        {
            var response = await CallAsync(HttpMethod.Get, path, pageQuery, null, configuration, cancellationToken).ConfigureAwait(false);
            pages++;
            if (pages == 1)
                LogPrimeroSays(response);
            var body = Json(response);
            if (body?["data"] is not JsonArray data)
                throw new AdaptorException($"Primero GET {response.Url} returned no '{noun}' list (the body has no data array)");
            metadata = body["metadata"]?.DeepClone();
            var added = 0;
            foreach (var item in data)
            {
                var id = JsValues.GetString(item, "id");
                if (id is not null && !seen.Add(id))
                    continue;
                items.Add(item?.DeepClone());
                added++;
            }
            if (query.ContainsKey("page") || metadata is null)
                break;
            var total = JsValues.GetInt(metadata, "total") ?? 0;
            var page = JsValues.GetInt(metadata, "page") ?? pages;
            var per = JsValues.GetInt(metadata, "per") ?? data.Count;
            if (pages == 1 && data.Count > 0 && data.Count < per && total > data.Count)
                per = data.Count;
            if (data.Count == 0 || added == 0 || per <= 0 || page * per >= total)
                break;
            pageQuery["page"] = page + 1;
            pageQuery["per"] = per;
        }
        var totalText = JsValues.GetInt(metadata, "total") is { } t ? $" of {t}" : "";
        Transport.LogInformation($"{items.Count}{totalText} {noun} retrieved from {path} in {pages} page{(pages == 1 ? "" : "s")}");
        return (items, metadata);
    }

    private async Task<JsonNode?> ListAsync(string path, string noun, JsonNode? query, JsonObject configuration, CancellationToken cancellationToken)
    {
        var (items, _) = await FetchAllPagesAsync(path, noun, query as JsonObject ?? [], configuration, cancellationToken).ConfigureAwait(false);
        return new JsonObject { ["data"] = items };
    }

    /// <summary>POST/PATCH with the <c>{ "data": … }</c> envelope; the result is the <c>data</c> of Primero's answer.</summary>
    private async Task<JsonNode?> WriteCaseAsync(HttpMethod method, string path, JsonNode? data, JsonObject configuration,
        CancellationToken cancellationToken)
    {
        var response = await CallAsync(method, path, null, new JsonObject { ["data"] = data?.DeepClone() }, configuration, cancellationToken)
            .ConfigureAwait(false);
        Transport.LogInformation($"{(method == HttpMethod.Post ? "Post" : "PATCH")} succeeded: {response.StatusCode} {StatusPhrases.For(response.StatusCode)}");
        var result = new JsonObject();
        if (Json(response)?["data"] is { } answer)
            result["data"] = answer.DeepClone();
        return result;
    }

    /// <summary>Searches by the external ids that have a value (<c>remote=true</c>), then creates or updates the first match.</summary>
    private async Task<JsonNode?> UpsertCaseAsync(JsonArray args, JsonObject configuration, CancellationToken cancellationToken)
    {
        var parameters = Arg(args, 0);
        var data = JsValues.Get(parameters, "data")?.DeepClone() as JsonObject
                   ?? throw new AdaptorException("upsertCase: params.data must be an object (the case to create or update)");
        var query = new JsonObject { ["remote"] = true };
        foreach (var id in MatchableExternalIds(JsValues.Get(parameters, "externalIds"), data))
            query[id] = JsValues.ToJsString(data[id]);
        data.Remove("record_id");

        var search = await CallAsync(HttpMethod.Get, "/api/v2/cases", query, null, configuration, cancellationToken).ConfigureAwait(false);
        var matches = Json(search)?["data"] as JsonArray ?? [];
        if (matches.Count == 0)
        {
            Transport.LogInformation("No case found. Performing create.");
            return await WriteCaseAsync(HttpMethod.Post, "/api/v2/cases", data, configuration, cancellationToken).ConfigureAwait(false);
        }
        var recordId = RecordId(matches[0]?["id"]);
        if (matches.Count > 1)
            Transport.LogWarning($"{matches.Count} cases match {string.Join(", ", query.Where(q => q.Key != "remote").Select(q => q.Key))}; updating the first ({recordId})");
        Transport.LogInformation("Case found. Performing update.");
        return await WriteCaseAsync(HttpMethod.Patch, "/api/v2/cases/" + recordId, data, configuration, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>externalId: 'record_id'</c> reads the case's referrals directly; otherwise the case is found by <c>case_id</c> first.</summary>
    private async Task<JsonNode?> GetReferralsAsync(JsonArray args, JsonObject configuration, CancellationToken cancellationToken)
    {
        var parameters = Arg(args, 0);
        var id = JsValues.GetString(parameters, "id");
        var recordId = await CaseRecordIdAsync(JsValues.GetString(parameters, "externalId"), id, "Fetching", configuration, cancellationToken)
                           .ConfigureAwait(false)
                       ?? throw new AdaptorException($"No case found (case_id {id})");
        var response = await CallAsync(HttpMethod.Get, $"/api/v2/cases/{recordId}/referrals", null, null, configuration, cancellationToken)
            .ConfigureAwait(false);
        LogPrimeroSays(response);
        var referrals = Json(response)?["data"]?.DeepClone();
        Transport.LogInformation($"{(referrals as JsonArray)?.Count ?? 0} referrals retrieved from request: GET {response.Url}");
        return new JsonObject { ["data"] = referrals };
    }

    /// <summary>
    /// PATCH one referral. With a case_id that matches no case the state is left unchanged (no error), as in the adaptor.
    /// The result keeps language-primero's shape: <c>{ body: &lt;Primero's answer&gt; }</c>.
    /// </summary>
    private async Task<JsonNode?> UpdateReferralAsync(JsonArray args, JsonObject configuration, CancellationToken cancellationToken)
    {
        var parameters = Arg(args, 0);
        var referralId = JsValues.GetString(parameters, "id");
        var recordId = await CaseRecordIdAsync(JsValues.GetString(parameters, "caseExternalId"), JsValues.GetString(parameters, "caseId"),
            "Updating referral", configuration, cancellationToken).ConfigureAwait(false);
        if (recordId is null)
        {
            Transport.LogInformation("No case found.");
            return new JsonObject { ["unchanged"] = true };
        }
        var response = await CallAsync(HttpMethod.Patch, $"/api/v2/cases/{recordId}/referrals/{Uri.EscapeDataString(referralId ?? "undefined")}",
            null, new JsonObject { ["data"] = JsValues.Get(parameters, "data")?.DeepClone() }, configuration, cancellationToken).ConfigureAwait(false);
        LogPrimeroSays(response);
        Transport.LogInformation("Referral updated.");
        return new JsonObject { ["data"] = new JsonObject { ["body"] = Json(response)?.DeepClone() } };
    }

    /// <summary>
    /// The record id of a case named by <c>record_id</c> (as given) or by <c>case_id</c> (searched; null when no case has it,
    /// an error when several do).
    /// </summary>
    private async Task<string?> CaseRecordIdAsync(string? externalId, string? id, string action, JsonObject configuration,
        CancellationToken cancellationToken)
    {
        if (externalId == "record_id")
        {
            Transport.LogInformation($"{action} by record id...");
            return RecordId(JsonValue.Create(id));
        }
        Transport.LogInformation($"{action} by case id...");
        var response = await CallAsync(HttpMethod.Get, "/api/v2/cases", new JsonObject { ["case_id"] = id ?? "undefined" }, null,
            configuration, cancellationToken).ConfigureAwait(false);
        var matches = Json(response)?["data"] as JsonArray ?? [];
        if (matches.Count > 1)
            throw new AdaptorException("Multiple cases found. Try using another externalId and ensure that it is unique.");
        if (matches.Count == 0)
            return null;
        Transport.LogInformation("Case found.");
        return RecordId(matches[0]?["id"]);
    }

    /// <summary>
    /// 4.x <c>http.get/post/patch(path, data, { query, headers, parseAs })</c>: language-common's request against
    /// <c>{url}/api/v2/</c> with Basic auth from user/password and a <c>{ "data": … }</c> body even on GET.
    /// </summary>
    private async Task<JsonNode?> HttpAsync(JsonArray args, JsonObject configuration, CancellationToken cancellationToken)
    {
        var method = (JsValues.StringOrNull(Arg(args, 0)) ?? "GET").ToUpperInvariant();
        var path = JsValues.StringOrNull(Arg(args, 1)) ?? "";
        var options = Arg(args, 3) as JsonObject ?? [];
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(User(configuration) + ":" + Password(configuration)));
        var headers = new List<KeyValuePair<string, string>> { new("Content-type", "application/json"), new("Authorization", basic) };
        foreach (var (name, value) in options["headers"] as JsonObject ?? [])
        {
            if (value is null)
                continue;
            headers.RemoveAll(h => h.Key == name);
            headers.Add(new(name, JsValues.ToJsString(value)));
        }
        var body = new JsonObject { ["data"] = Arg(args, 2)?.DeepClone() ?? new JsonObject() };
        return await CommonRequest.SendAsync(Transport, method, path, new CommonRequestOptions
        {
            BaseUrl = ServerUrl(configuration) + "/api/v2/",
            Headers = headers,
            Query = options["query"] as JsonObject,
            Body = TransportRequest.TextBody(body.ToJsonString()),
            ParseAs = JsValues.GetString(options, "parseAs") ?? "json",
        }, cancellationToken).ConfigureAwait(false);
    }

    private static string RecordId(JsonNode? id) => Uri.EscapeDataString(id is null ? "undefined" : JsValues.ToJsString(id));
}
