using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenFn.Simulators.Infrastructure;

namespace OpenFn.Simulators.Dtp;

/// <summary>The four messages OpenFn sends to DTP (system-apis §3.2).</summary>
public enum DtpMessageType
{
    /// <summary>ReceiveIncomingReferral: a UNICEF → UNHCR referral.</summary>
    Referral,

    /// <summary>ReceiveDecisionOutgoingReferral: UNICEF's decision on a UNHCR referral.</summary>
    Decision,

    /// <summary>ReceiveDecisionOutgoingReferral without request_type: "Pending Acknowledgement".</summary>
    SuccessNotification,

    /// <summary>ReceiveDecisionOutgoingReferral with request_type Feedback: "Delivery Fail".</summary>
    ErrorNotification,
}

/// <summary>A message the fake APIM accepted.</summary>
public sealed record DtpMessage(long Sequence, DateTimeOffset ReceivedAt, string Operation, DtpMessageType Type, JsonObject Body);

/// <summary>A message the pusher sent to a webhook, and what the webhook answered (0 when unreachable).</summary>
public sealed record DtpPush(DateTimeOffset SentAt, string Url, string RequestType, JsonNode Payload, int Status, string Answer);

public sealed class DtpOptions
{
    /// <summary>The Ocp-Apim-Subscription-Key the gateway accepts.</summary>
    public string SubscriptionKey { get; init; } = SimulatorDefaults.DtpSubscriptionKey;
}

/// <summary>
/// UNHCR's Data Transfer Platform behind Azure API Management: the two operations OpenFn posts to (checked for
/// the subscription key and request_type, recorded for assertions), and a pusher that posts the two inbound
/// message types (interventions and decisions) to a webhook (system-apis §3).
/// </summary>
public sealed class DtpSimulator : SimulatorServer
{
    public const string ReceiveIncomingReferral = "ReceiveIncomingReferral";
    public const string ReceiveDecisionOutgoingReferral = "ReceiveDecisionOutgoingReferral";

    private readonly object gate = new();
    private readonly List<DtpMessage> messages = [];
    private readonly List<DtpPush> pushes = [];
    private long sequence;

    public DtpSimulator(DtpOptions options, TimeProvider clock) : base("dtp", clock)
    {
        Options = options;
    }

    public DtpOptions Options { get; }

    /// <summary>Messages received on the two operations, oldest first.</summary>
    public IReadOnlyList<DtpMessage> Messages
    {
        get { lock (gate) return messages.ToList(); }
    }

    public IReadOnlyList<DtpMessage> MessagesOf(DtpMessageType type) => Messages.Where(m => m.Type == type).ToList();

    /// <summary>Messages pushed to webhooks, oldest first.</summary>
    public IReadOnlyList<DtpPush> Pushes
    {
        get { lock (gate) return pushes.ToList(); }
    }

    protected override void ResetState()
    {
        lock (gate)
        {
            messages.Clear();
            pushes.Clear();
        }
    }

    protected override void WriteStore(Utf8JsonWriter writer, bool summary)
    {
        lock (gate)
        {
            writer.WriteStartObject();
            foreach (var type in Enum.GetValues<DtpMessageType>()) writer.WriteNumber(type + "_count", messages.Count(m => m.Type == type));
            writer.WriteNumber("push_count", pushes.Count);
            if (!summary)
            {
                writer.WritePropertyName("messages");
                JsonSerializer.Serialize(writer, messages, HttpJson.SerializerOptions);
                writer.WritePropertyName("pushes");
                JsonSerializer.Serialize(writer, pushes, HttpJson.SerializerOptions);
            }
            writer.WriteEndObject();
        }
    }

    protected override string? CredentialOf(HttpRequest request) =>
        request.Headers["Ocp-Apim-Subscription-Key"].ToString() is { Length: > 0 } key ? key : null;

    /// <summary>APIM's error body: <c>{"statusCode": N, "message": "…"}</c>.</summary>
    protected override Task WriteErrorAsync(HttpContext ctx, int status)
    {
        var retry = ctx.Response.Headers.RetryAfter.ToString();
        var message = status == 429
            ? $"Rate limit is exceeded. Try again in {(retry.Length > 0 ? retry : "60")} seconds."
            : ReasonPhrase(status);
        return HttpJson.WriteAsync(ctx, status, new JsonObject { ["statusCode"] = status, ["message"] = message });
    }

    protected override Task WriteTokenExpiredAsync(HttpContext ctx) => HttpJson.WriteAsync(ctx, 401, new JsonObject
    {
        ["statusCode"] = 401,
        ["message"] = "Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.",
    });

    protected override void MapRoutes(WebApplication web)
    {
        foreach (var operation in new[] { ReceiveIncomingReferral, ReceiveDecisionOutgoingReferral })
        {
            web.MapPost("/" + operation, ctx => ReceiveAsync(ctx, operation));
            web.MapPost("/{api}/" + operation, ctx => ReceiveAsync(ctx, operation));
        }
        web.MapPost("/__admin/push", PushFromAdminAsync);
        web.MapFallback(ctx => HttpJson.WriteAsync(ctx, 404, new JsonObject { ["statusCode"] = 404, ["message"] = "Resource not found" }));
    }

    private async Task ReceiveAsync(HttpContext ctx, string operation)
    {
        var key = ctx.Request.Headers["Ocp-Apim-Subscription-Key"].ToString();
        if (key.Length == 0)
        {
            await HttpJson.WriteAsync(ctx, 401, new JsonObject
            {
                ["statusCode"] = 401,
                ["message"] = "Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.",
            });
            return;
        }
        if (key != Options.SubscriptionKey)
        {
            await WriteTokenExpiredAsync(ctx);
            return;
        }
        var (body, error) = await HttpJson.ReadAsync(ctx);
        if (body is not JsonObject message)
        {
            await Reject(ctx, error ?? "The request body must be a JSON object.");
            return;
        }
        var requestType = message["request_type"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        DtpMessageType? type = (operation, requestType) switch
        {
            (ReceiveIncomingReferral, ReceiveIncomingReferral) => DtpMessageType.Referral,
            (ReceiveDecisionOutgoingReferral, ReceiveDecisionOutgoingReferral or "PrimeroIncomingReferralDecision") => DtpMessageType.Decision,
            (ReceiveDecisionOutgoingReferral, "Feedback") => DtpMessageType.ErrorNotification,
            (ReceiveDecisionOutgoingReferral, null) => DtpMessageType.SuccessNotification,
            _ => null,
        };
        if (type is null)
        {
            await Reject(ctx, $"request_type '{requestType}' is not accepted by {operation}.");
            return;
        }
        if (type == DtpMessageType.Referral && string.IsNullOrEmpty((string?)message["id"]))
        {
            await Reject(ctx, "A referral needs its id (<case_id>#<service suffix>).");
            return;
        }
        lock (gate) messages.Add(new DtpMessage(++sequence, Clock.GetUtcNow(), operation, type.Value, message));
        await HttpJson.WriteAsync(ctx, 200, new JsonObject { ["status"] = "received", ["correlationId"] = Guid.NewGuid().ToString() });
    }

    private static Task Reject(HttpContext ctx, string message) =>
        HttpJson.WriteAsync(ctx, 400, new JsonObject { ["status"] = "rejected", ["message"] = message });

    /// <summary>
    /// Posts an inbound message (an intervention or a decision, see <see cref="DtpPayloads"/>) to a webhook, as DTP
    /// does; returns the webhook's status (0 when it could not be reached) and answer.
    /// </summary>
    public async Task<DtpPush> PushAsync(Uri webhook, JsonNode payload, CancellationToken cancel = default)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var content = new StringContent(HttpJson.ToJson(payload), Encoding.UTF8, "application/json");
        int status;
        string answer;
        try
        {
            using var response = await http.PostAsync(webhook, content, cancel);
            status = (int)response.StatusCode;
            answer = await response.Content.ReadAsStringAsync(cancel);
        }
        catch (HttpRequestException e)
        {
            status = 0;
            answer = e.Message;
        }
        var push = new DtpPush(Clock.GetUtcNow(), webhook.ToString(), (string?)payload["request_type"] ?? "", payload.DeepClone(), status, answer);
        lock (gate) pushes.Add(push);
        return push;
    }

    /// <summary>POST /__admin/push <c>{"url": "...", "payload": {...}}</c> or <c>{"url": "...", "sample": "intervention"|"decision"}</c>.</summary>
    private async Task PushFromAdminAsync(HttpContext ctx)
    {
        var (body, _) = await HttpJson.ReadAsync(ctx);
        if (!Uri.TryCreate((string?)body?["url"], UriKind.Absolute, out var url))
        {
            await HttpJson.WriteAsync(ctx, 400, new JsonObject { ["error"] = "Send {\"url\": \"http://…\", \"payload\": {…}} or \"sample\": \"intervention\"|\"decision\"." });
            return;
        }
        var payload = body!["payload"]?.DeepClone() ?? ((string?)body["sample"] switch
        {
            "decision" => DtpPayloads.Decision(),
            _ => DtpPayloads.Intervention(),
        });
        var push = await PushAsync(url, payload, ctx.RequestAborted);
        await HttpJson.WriteAsync(ctx, 200, new JsonObject { ["status"] = push.Status, ["answer"] = push.Answer });
    }
}

/// <summary>Builders of the two inbound DTP payloads from the captured fixtures (system-apis §3.1).</summary>
public static class DtpPayloads
{
    /// <summary>
    /// A <c>PrimeroOutgoingReferral</c> (one intervention) based on the 2023 BIA capture; <paramref name="index"/> makes
    /// the intervention number and the individual unique, <paramref name="type"/> sets the intervention type.
    /// </summary>
    public static JsonObject Intervention(int index = 0, string? type = null)
    {
        var payload = Seed.Fixtures.LoadObject("progres/flow1__PrimeroOutgoingReferral.json");
        var intervention = payload["interventions"]!.AsArray()[0]!.AsObject();
        if (index > 0)
        {
            intervention["progres_interventionnumber"] = $"803-25-PRTITV-{1_000_000 + index:D7}";
            intervention["progres_lpinterventionid"] = DeterministicGuid("intervention", index);
            intervention["individuals.progres_id"] = $"803-{10_000_000 + index:D8}";
        }
        if (type is not null) intervention["interventiontype.progres_description"] = type;
        return payload;
    }

    /// <summary>The full Alternative Care capture (lookups, locations, specific needs, comments JSON).</summary>
    public static JsonObject FullIntervention() => Seed.Fixtures.LoadObject("progres/referralFromProgres_sample2408022.json");

    /// <summary>
    /// A <c>PrimeroIncomingReferralDecision</c>: <paramref name="caseId"/> and <paramref name="serviceUniqueId"/> build
    /// <c>progres_orgreferralid</c> = case_id#last 12 chars of the service id; accepted = 125080000, rejected = 125080001.
    /// </summary>
    public static JsonObject Decision(string? caseId = null, string? serviceUniqueId = null, bool accepted = true, string? comment = null)
    {
        var payload = Seed.Fixtures.LoadObject("progres/progresDecision__flow2-3.json");
        var decision = payload["interventions"]!.AsArray()[0]!.AsObject();
        if (caseId is not null && serviceUniqueId is not null) decision["progres_orgreferralid"] = caseId + "#" + serviceUniqueId[^12..];
        decision["progres_reviewdecision"] = accepted ? "125080000" : "125080001";
        if (comment is not null) decision["progres_interoperabilityreferralrejectionomment"] = comment;
        return payload;
    }

    private static string DeterministicGuid(string kind, int index)
    {
        var bytes = System.Security.Cryptography.MD5.HashData(Encoding.UTF8.GetBytes(kind + index));
        return new Guid(bytes).ToString();
    }
}
