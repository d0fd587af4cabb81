using System.Text.Json.Nodes;
using OpenFn.Adaptors.Common;

namespace OpenFn.Adaptors.Progres;

/// <summary>
/// The code tables UNICEF and UNHCR agreed for the DTP exchange (system-apis §3.1, §6.1): Dynamics option-set codes,
/// the four intervention types that may be exchanged, and the closure reasons DTP shows for a refused referral.
/// </summary>
public static class ProgresCodes
{
    /// <summary>The only intervention types exchanged, with the Gambella Primero <c>service_type</c> each maps to.</summary>
    public static readonly IReadOnlyList<(string Progres, string Primero)> InterventionTypes =
    [
        ("Alternative Care", "alternative_care"),
        ("BIA", "focuses_non_specialized_mhpss_care"),
        ("BID", "focuses_non_specialized_mhpss_care"),
        ("Family Tracing and Reunification", "food"),
    ];

    /// <summary><c>individuals.progres_sex</c>: option-set code → sex; the older DTP format sent the formatted labels.</summary>
    public static readonly IReadOnlyDictionary<string, string> Sex = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["125080000"] = "female", ["125080001"] = "male", ["125080002"] = "other", ["125080003"] = "unknown",
        ["female"] = "female", ["male"] = "male", ["other"] = "other", ["unknown"] = "unknown",
    };

    /// <summary><c>progres_reviewdecision</c>: option-set code → Primero referral status; other codes pass through.</summary>
    public static readonly IReadOnlyDictionary<string, string> ReviewDecision = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["125080000"] = "accepted", ["125080001"] = "rejected", ["accepted"] = "accepted", ["rejected"] = "rejected",
    };

    /// <summary><c>progres_interoperabiltyreferralrejectionreason</c> codes; free text passes through.</summary>
    public static readonly IReadOnlyDictionary<string, string> RejectionReason = new Dictionary<string, string>
    {
        ["125080000"] = "Individual Not Found", ["125080001"] = "Individual Not Match UNHCR ID", ["125080002"] = "Not applicable",
    };

    public const string MissingFieldsReason =
        "Intervention referral is missing fields required for sending to Primero. Please include missing fields and re-send the request.";

    public static string UnsupportedTypeReason(string type) =>
        $"Service value shared ({type}) via interoperability is not an accepted UNICEF service type. "
        + $"Accepted types: {string.Join(", ", InterventionTypes.Select(t => t.Progres))}.";

    public static string InvalidDataReason(string field) =>
        $"Intervention referral has invalid data in {field} and could not be sent to Primero. Please correct it and re-send the request.";

    /// <summary>The agreed proGres type for a name as DTP spells it (trimmed, any case), or null.</summary>
    public static string? AcceptedType(string? name) =>
        name is null ? null : InterventionTypes.Select(t => t.Progres).FirstOrDefault(t => string.Equals(t, name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The code tables as a JSON object, for jobs (<c>progres.codes</c>).</summary>
    public static JsonObject ToJson() => new()
    {
        ["interventionTypes"] = new JsonArray(InterventionTypes.Select(t => (JsonNode?)new JsonObject { ["progres"] = t.Progres, ["primero"] = t.Primero }).ToArray()),
        ["sex"] = Table(Sex.Where(p => char.IsDigit(p.Key[0]))),
        ["reviewDecision"] = Table(ReviewDecision.Where(p => char.IsDigit(p.Key[0]))),
        ["rejectionReason"] = Table(RejectionReason),
        ["closureReasons"] = new JsonObject { ["missingFields"] = MissingFieldsReason },
    };

    private static JsonObject Table(IEnumerable<KeyValuePair<string, string>> pairs) =>
        new(pairs.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value))));
}

/// <summary>Why a DTP message was refused: the <c>code</c> a job branches on (it becomes <c>error.code</c> in the job).</summary>
public static class ProgresErrorCodes
{
    /// <summary>Required fields are absent (DTP closure reason "missing fields").</summary>
    public const string MissingFields = "MISSING_FIELDS";

    /// <summary>An intervention or service type outside the four agreed ones.</summary>
    public const string UnsupportedType = "UNSUPPORTED_TYPE";

    /// <summary>A field is present but cannot be read (a wrong shape, an unknown code, not a date).</summary>
    public const string InvalidField = "INVALID_FIELD";

    /// <summary>The message as a whole is not what the call expects (wrong request_type, no interventions).</summary>
    public const string InvalidMessage = "INVALID_MESSAGE";

    /// <summary>
    /// A validation failure a job can catch: <c>error.code</c>, <c>error.field</c> (the first bad field),
    /// <c>error.fields</c>, <c>error.interventionNumber</c> and <c>error.closureReason</c> (the text for DTP's error notification).
    /// </summary>
    internal static AdaptorException Error(string code, string message, IReadOnlyList<string> fields, string? interventionNumber = null,
        string? closureReason = null)
    {
        var details = new JsonObject
        {
            ["code"] = code,
            ["field"] = fields.Count > 0 ? fields[0] : null,
            ["fields"] = new JsonArray(fields.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray()),
        };
        if (interventionNumber is not null)
            details["interventionNumber"] = interventionNumber;
        if (closureReason is not null)
            details["closureReason"] = closureReason;
        return new AdaptorException(message, details);
    }
}
