using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenFn.Adaptors.Common;
using OpenFn.Adaptors.Http.Emulation;
using OpenFn.Adaptors.Http.Transport;

namespace OpenFn.Adaptors.Hpc;

/// <summary>
/// OCHA's HPC Tools API (system-apis §4): plans, projects, project attachments, disaggregation groups and FTS flows
/// (every page, following <c>meta.nextLink</c>), all in the <c>{"status": "ok", "data": …}</c> envelope; anonymous or
/// HTTP Basic. GETs are retried on 429/502/503/504 by the transport. The PRP writes go through <see cref="PrpApi"/>.
/// Credential: <c>{ hpc: { baseUrl?, username?, password? }, prp: { url, token } }</c>.
/// </summary>
internal sealed partial class HpcSession : HostSession
{
    public const string DefaultBaseUrl = "https://api.hpc.tools";

    /// <summary>Safety net against a server whose nextLink never ends.</summary>
    private const int MaxFlowPages = 10_000;

    private readonly PrpApi _prp;

    public HpcSession(AdaptorContext context) : base(context)
    {
        _prp = new PrpApi(Transport);
        On("getPlan", GetPlanAsync);
        On("getPlansByYear", (args, configuration, ct) =>
            GetDataAsync(configuration, $"/v2/public/plan/year/{Year(Arg(args, 0))}", "plans", ct));
        On("getProject", (args, configuration, ct) =>
            GetDataAsync(configuration, $"/v2/public/project/{Id(Arg(args, 0), "getProject")}", "project", ct));
        On("getProjectAttachments", (args, configuration, ct) =>
            GetDataAsync(configuration, $"/v2/public/project/{Id(Arg(args, 0), "getProjectAttachments")}/attachments", "project attachments", ct));
        On("getDisaggregationGroups", (_, configuration, ct) =>
            GetDataAsync(configuration, "/v2/public/disaggregation-category-group", "disaggregation groups", ct));
        On("getFlows", GetFlowsAsync);
        On("getPrp", (args, configuration, ct) => _prp.GetAsync(Prp(configuration), Arg(args, 0), Arg(args, 1), ct));
        On("upsertPrp", (args, configuration, ct) => _prp.UpsertAsync(Prp(configuration), Arg(args, 0), Arg(args, 1), ct));
    }

    protected override string AdaptorName => "hpc";

    [GeneratedRegex(@"^\d{4}$")]
    private static partial Regex FourDigits();

    /// <summary>
    /// <c>getPlan(id, { api: 'v2' | 'v1', content, disaggregation })</c>: v2 (default) is
    /// <c>/v2/public/plan/{id}?content=entities&amp;disaggregation=…</c>; v1 is the RPM form PRP reads,
    /// <c>/v1/public/rpm/plan/id/{id}?format=json&amp;content=entities|measurements|basic</c>.
    /// </summary>
    private Task<JsonNode?> GetPlanAsync(JsonArray args, JsonObject configuration, CancellationToken cancellationToken)
    {
        var id = Id(Arg(args, 0), "getPlan");
        var options = Arg(args, 1);
        var api = JsValues.GetString(options, "api") ?? "v2";
        var content = JsValues.GetString(options, "content") ?? "entities";
        if (content is not ("basic" or "entities" or "measurements"))
            throw new AdaptorException($"getPlan: content '{content}' is not basic, entities or measurements");
        var path = api switch
        {
            "v2" => $"/v2/public/plan/{id}?content={content}&disaggregation={(JsValues.Get(options, "disaggregation") is { } d && !JsValues.IsTruthy(d) ? "false" : "true")}",
            "v1" => $"/v1/public/rpm/plan/id/{id}?format=json&content={content}",
            _ => throw new AdaptorException($"getPlan: api '{api}' is not v1 or v2"),
        };
        return GetDataAsync(configuration, path, "plan", cancellationToken);
    }

    private async Task<JsonNode?> GetDataAsync(JsonObject configuration, string pathAndQuery, string noun, CancellationToken cancellationToken)
    {
        var envelope = await GetEnvelopeAsync(configuration, BaseUrl(configuration) + pathAndQuery, cancellationToken).ConfigureAwait(false);
        var data = envelope["data"];
        Transport.LogInformation($"HPC {noun}: {Describe(data)} from {pathAndQuery}");
        return new JsonObject { ["data"] = data?.DeepClone() };
    }

    /// <summary>
    /// <c>getFlows(query)</c>: FTS flows for a boundary (<c>projectId</c>, <c>projectCode</c>, <c>planId</c>, … ; an array
    /// value becomes a comma list), every page: <c>meta.nextLink</c> is followed until it is absent (its known doubled
    /// <c>/v1/v1/</c> segment is repaired). The result keeps the first page's incoming/outgoing/internal summaries and
    /// all the flows.
    /// </summary>
    private async Task<JsonNode?> GetFlowsAsync(JsonArray args, JsonObject configuration, CancellationToken cancellationToken)
    {
        var query = Arg(args, 0) as JsonObject ?? throw new AdaptorException("getFlows: pass the boundary, e.g. { projectId: 203417 }");
        var parameters = query.Where(p => p.Value is not null)
            .Select(p => KeyValuePair.Create(p.Key, p.Value is JsonArray list ? JsonValue.Create(string.Join(",", list.Select(JsValues.ToJsString))) : (JsonNode?)p.Value))
            .ToList();
        var baseUrl = BaseUrl(configuration);
        var url = QueryStrings.Append(baseUrl + "/v1/public/fts/flow", QueryStrings.NodeQuerystring(parameters));
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var flows = new JsonArray();
        JsonObject? summary = null;
        var pages = 0;
        while (true)
        {
            if (!visited.Add(url) || pages >= MaxFlowPages)
                throw new AdaptorException($"FTS paging does not end: meta.nextLink leads back to {Transport.Scrub(url)} after {pages} pages");
            var envelope = await GetEnvelopeAsync(configuration, url, cancellationToken).ConfigureAwait(false);
            pages++;
            if (envelope["data"] is not JsonObject data || data["flows"] is not JsonArray page)
                throw new AdaptorException($"HPC GET {Transport.Scrub(url)} returned no data.flows list");
            summary ??= (JsonObject)data.DeepClone();
            foreach (var flow in page)
                flows.Add(flow?.DeepClone());
            var next = JsValues.GetString(envelope["meta"], "nextLink");
            if (string.IsNullOrEmpty(next))
                break;
            url = NextPageUrl(baseUrl, next);
        }
        summary["flows"] = flows;
        Transport.LogInformation($"FTS: {flows.Count} flows in {pages} page{(pages == 1 ? "" : "s")} for {QueryStrings.NodeQuerystring(parameters)}");
        return new JsonObject { ["data"] = summary };
    }

    /// <summary>A nextLink made absolute against the API, with the doubled version segment some servers emit repaired.</summary>
    internal static string NextPageUrl(string baseUrl, string nextLink)
    {
        var absolute = new Uri(new Uri(baseUrl + "/"), nextLink);
        var builder = new UriBuilder(absolute);
        while (builder.Path.Contains("/v1/v1/", StringComparison.Ordinal))
            builder.Path = builder.Path.Replace("/v1/v1/", "/v1/", StringComparison.Ordinal);
        return builder.Uri.AbsoluteUri;
    }

    /// <summary>GET with Basic auth (same origin only); a non-2xx status, a body that is not JSON or a status other than "ok" is an error.</summary>
    private async Task<JsonObject> GetEnvelopeAsync(JsonObject configuration, string url, CancellationToken cancellationToken)
    {
        var request = new TransportRequest(HttpMethod.Get, url);
        request.Header("Accept", "application/json");
        if (Authorization(configuration) is { } authorization && SameOrigin(url, BaseUrl(configuration)))
            request.Header("Authorization", authorization);
        var response = await Transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var json = JsValues.TryParse(response.BodyText, out var parsed);
        var status = JsValues.GetString(json, "status");
        if (!response.IsSuccess || !parsed || json is not JsonObject envelope || status != "ok")
        {
            var text = parsed ? JsValues.GetString(json, "message") ?? HttpFailures.Summary(response) : HttpFailures.Summary(response);
            var problem = response.IsSuccess ? $"answered {response.StatusCode} with status '{status ?? "(none)"}'" : $"returned {response.StatusCode} {StatusPhrases.For(response.StatusCode)}";
            var message = $"HPC GET {response.Url} {problem}" + (text.Length > 0 ? ": " + text : "");
            Transport.LogError(message);
            throw HttpFailures.StatusError(Transport, response, message);
        }
        return envelope;
    }

    private string? Authorization(JsonObject configuration)
    {
        var hpc = configuration["hpc"] as JsonObject;
        var user = JsValues.GetString(hpc, "username") ?? JsValues.GetString(hpc, "user");
        var password = JsValues.GetString(hpc, "password");
        if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(password))
            return null;
        return "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));
    }

    private static string BaseUrl(JsonObject configuration) =>
        (JsValues.GetString(configuration["hpc"], "baseUrl") ?? JsValues.GetString(configuration["hpc"], "url") ?? DefaultBaseUrl).TrimEnd('/');

    private static PrpApi.Endpoint Prp(JsonObject configuration)
    {
        var prp = configuration["prp"] as JsonObject;
        var url = JsValues.GetString(prp, "url");
        var token = JsValues.GetString(prp, "token");
        if (string.IsNullOrWhiteSpace(url) || string.IsNullOrWhiteSpace(token))
            throw new AdaptorException("hpc: the credential (state.configuration) needs prp.url and prp.token for PRP calls");
        return new PrpApi.Endpoint(url.TrimEnd('/'), token);
    }

    private static bool SameOrigin(string url, string baseUrl)
    {
        var a = new Uri(url);
        var b = new Uri(baseUrl);
        return a.Scheme == b.Scheme && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;
    }

    /// <summary>An HPC id: a positive integer, as a number or a string of digits.</summary>
    private static long Id(JsonNode? value, string operation)
    {
        var text = value is null ? "" : JsValues.ToJsString(value).Trim();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw new AdaptorException($"{operation}: '{(value is null ? "undefined" : text)}' is not an HPC id (a positive integer)");
    }

    private static string Year(JsonNode? value)
    {
        var text = value is null ? "" : JsValues.ToJsString(value).Trim();
        return FourDigits().IsMatch(text) ? text : throw new AdaptorException($"getPlansByYear: '{text}' is not a year (YYYY)");
    }

    private static string Describe(JsonNode? data) => data switch
    {
        JsonArray list => $"{list.Count} record{(list.Count == 1 ? "" : "s")}",
        JsonObject obj when obj["id"] is { } id => $"id {JsValues.ToJsString(id)}",
        JsonObject => "1 record",
        _ => data?.GetValueKind() == JsonValueKind.Null || data is null ? "no data" : "a value",
    };
}
