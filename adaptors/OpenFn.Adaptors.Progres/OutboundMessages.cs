using System.Text.Json;
using System.Text.Json.Nodes;
using OpenFn.Adaptors.Http.Transport;

namespace OpenFn.Adaptors.Progres;

/// <summary>The two APIM operations of DTP that receive OpenFn's messages (system-apis §3.2).</summary>
internal enum DtpOperation
{
    ReceiveIncomingReferral,
    ReceiveDecisionOutgoingReferral,
}

/// <summary>One outgoing message kind: the operation it goes to, its <c>request_type</c> (null = none) and its rules.</summary>
internal sealed record OutboundMessage(string Kind, DtpOperation Operation, string? RequestType, string[] Required, string? DefaultStatus,
    string[]? AllowedStatuses)
{
    public static readonly OutboundMessage Referral = new("referral", DtpOperation.ReceiveIncomingReferral, "ReceiveIncomingReferral",
        ["id", "service_type"], null, null);

    public static readonly OutboundMessage Decision = new("decision", DtpOperation.ReceiveDecisionOutgoingReferral, "ReceiveDecisionOutgoingReferral",
        ["case_id", "progres_interventionnumber", "status"], null, ["acknowledged", "rejected"]);

    public static readonly OutboundMessage SuccessNotification = new("success notification", DtpOperation.ReceiveDecisionOutgoingReferral, null,
        ["progres_interventionnumber"], "Pending Acknowledgement", ["Pending Acknowledgement"]);

    public static readonly OutboundMessage ErrorNotification = new("error notification", DtpOperation.ReceiveDecisionOutgoingReferral, "Feedback",
        ["progres_interventionnumber", "closure_reason"], "Delivery Fail", ["Delivery Fail"]);

    private const string NoReasonGiven = "No reason specified.";

    /// <summary>
    /// The body to post: the job's fields (nulls kept, as DTP expects them), the operation's <c>request_type</c> and
    /// default <c>status</c>. Refuses a missing required field, a status or request_type that does not belong to the
    /// message, a malformed referral id, and a service type outside the four agreed.
    /// </summary>
    public JsonObject Build(JsonNode? fields)
    {
        if (fields is not JsonObject given)
            throw Invalid(ProgresErrorCodes.InvalidMessage, "message", $"the {Kind} must be an object of DTP fields");
        var body = (JsonObject)given.DeepClone();
        var requestType = JsValues.GetString(body, "request_type");
        if (requestType is not null && requestType != RequestType)
        {
            throw Invalid(ProgresErrorCodes.InvalidMessage, "request_type",
                $"request_type '{requestType}' does not belong to the {Kind} ({(RequestType is null ? "it has none" : "expected " + RequestType)})");
        }
        body.Remove("request_type");
        if (RequestType is not null)
            body["request_type"] = RequestType;
        if (DefaultStatus is not null && !HasText(body, "status"))
            body["status"] = DefaultStatus;
        if (this == Decision && !HasText(body, "closure_reason"))
            body["closure_reason"] = NoReasonGiven;

        var missing = Required.Where(f => !HasText(body, f)).ToList();
        if (missing.Count > 0)
            throw ProgresErrorCodes.Error(ProgresErrorCodes.MissingFields, $"DTP {Kind} is missing required fields: {string.Join(", ", missing)}", missing);
        if (AllowedStatuses is not null && !AllowedStatuses.Contains(JsValues.GetString(body, "status")))
        {
            throw Invalid(ProgresErrorCodes.InvalidField, "status",
                $"status '{JsValues.GetString(body, "status")}' is not valid for the {Kind} (expected {string.Join(" or ", AllowedStatuses)})");
        }
        if (this == Referral)
            CheckReferral(body);
        return body;
    }

    private static void CheckReferral(JsonObject body)
    {
        var id = JsValues.GetString(body, "id")!;
        var parts = id.Split('#');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length != 12)
            throw Invalid(ProgresErrorCodes.InvalidField, "id", $"referral id '{id}' is not <Primero case_id>#<last 12 characters of the service unique_id>");
        var serviceType = JsValues.GetString(body, "service_type")!;
        if (ProgresCodes.AcceptedType(serviceType) is not { } accepted)
        {
            throw Invalid(ProgresErrorCodes.UnsupportedType, "service_type",
                $"referral {id}: service type '{serviceType}' is not one of the four exchanged with UNHCR "
                + $"({string.Join(", ", ProgresCodes.InterventionTypes.Select(t => t.Progres))})");
        }
        body["service_type"] = accepted;
    }

    private static bool HasText(JsonObject body, string field) =>
        body[field] is JsonValue value && value.GetValueKind() is JsonValueKind.String or JsonValueKind.Number
                                       && JsValues.ToJsString(value).Trim().Length > 0;

    private static Exception Invalid(string code, string field, string message) =>
        ProgresErrorCodes.Error(code, "DTP message: " + message, [field]);
}
