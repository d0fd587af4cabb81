using System.Text.Json.Nodes;

namespace OpenFn.Simulators.Primero;

/// <summary>A Primero v2 referral (a "transition" on a case).</summary>
public sealed class PrimeroReferral
{
    public required string Id { get; init; }
    public required string RecordId { get; init; }
    public string Status { get; set; } = "in_progress";
    public string? TransitionedTo { get; init; }
    public string? TransitionedToAgency { get; init; }
    public string? TransitionedBy { get; init; }
    public string? Notes { get; init; }
    public string? Service { get; init; }
    public string ServiceRecordId { get; init; } = "";
    public bool Remote { get; init; }
    public bool ConsentOverridden { get; init; }
    public bool ConsentIndividualTransfer { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? RespondedAt { get; set; }
    public string? RejectedReason { get; set; }
    public string? RejectionNote { get; set; }

    /// <summary>The referral as the API shows it; null attributes are left out (Primero's compact_deep).</summary>
    public JsonObject ToJson(string? viewer = null)
    {
        var json = new JsonObject
        {
            ["id"] = Id,
            ["type"] = "Referral",
            ["status"] = Status,
            ["record_id"] = RecordId,
            ["record_type"] = "case",
            ["transitioned_to"] = TransitionedTo,
            ["transitioned_to_agency"] = TransitionedToAgency,
            ["notes"] = Notes,
            ["transitioned_by"] = TransitionedBy,
            ["service"] = Service,
            ["service_record_id"] = ServiceRecordId,
            ["remote"] = Remote,
            ["consent_overridden"] = ConsentOverridden,
            ["consent_individual_transfer"] = ConsentIndividualTransfer,
            ["created_at"] = PrimeroStore.FormatTime(CreatedAt),
            ["responded_at"] = RespondedAt is { } at ? PrimeroStore.FormatTime(at) : null,
            ["rejected_reason"] = RejectedReason,
            ["rejection_note"] = RejectionNote,
            ["record_access_denied"] = false,
            ["user_can_accept_or_reject"] = viewer is not null && viewer == TransitionedTo && Status == "in_progress",
        };
        foreach (var key in json.Where(p => p.Value is null).Select(p => p.Key).ToList()) json.Remove(key);
        return json;
    }

    public static PrimeroReferral FromJson(JsonObject json) => new()
    {
        Id = (string)json["id"]!,
        RecordId = (string)json["record_id"]!,
        Status = (string?)json["status"] ?? "in_progress",
        TransitionedTo = (string?)json["transitioned_to"],
        TransitionedToAgency = (string?)json["transitioned_to_agency"],
        TransitionedBy = (string?)json["transitioned_by"],
        Notes = (string?)json["notes"],
        Service = (string?)json["service"],
        ServiceRecordId = (string?)json["service_record_id"] ?? "",
        Remote = (bool?)json["remote"] ?? false,
        ConsentOverridden = (bool?)json["consent_overridden"] ?? false,
        ConsentIndividualTransfer = (bool?)json["consent_individual_transfer"] ?? false,
        CreatedAt = PrimeroStore.ParseTime((string?)json["created_at"]) ?? DateTime.UnixEpoch,
        RejectedReason = (string?)json["rejected_reason"],
    };

    public PrimeroReferral Copy() => (PrimeroReferral)MemberwiseClone();
}
