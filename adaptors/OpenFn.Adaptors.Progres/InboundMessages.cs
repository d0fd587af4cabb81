using System.Text.Json.Nodes;
using OpenFn.Adaptors.Http.Transport;

namespace OpenFn.Adaptors.Progres;

/// <summary>
/// The two messages DTP posts to the inbox (system-apis §3.1), read and validated: <c>PrimeroOutgoingReferral</c>
/// (UNHCR refers individuals to UNICEF) and <c>PrimeroIncomingReferralDecision</c> (UNHCR's answer to a UNICEF referral).
/// The results use plain names; <c>raw</c> keeps the Dynamics rows.
/// </summary>
internal static class InboundMessages
{
    public const string ReferralRequestType = "PrimeroOutgoingReferral";
    public const string DecisionRequestType = "PrimeroIncomingReferralDecision";

    private static readonly string[] RequiredReferralFields =
    [
        "progres_interventionnumber", "interventiontype.progres_description", "individuals.progres_id",
        "individuals.progres_registrationgroupid", "individuals.progres_givenname", "individuals.progres_familyname",
    ];

    // Dynamics spells these two attributes this way; one old sample has the correct "…rejectioncomment".
    private const string RejectionReasonField = "progres_interoperabiltyreferralrejectionreason";
    private const string RejectionCommentField = "progres_interoperabilityreferralrejectionomment";
    private const string RejectionCommentFieldCorrected = "progres_interoperabilityreferralrejectioncomment";

    /// <summary>
    /// Reads a referral message into one object per intervention. DTP sends one row per joined child record, so rows
    /// of the same intervention are merged (their languages and specific needs collected). The first invalid
    /// intervention fails the call: missing required fields, a type outside the four agreed, or an unreadable field.
    /// </summary>
    public static JsonArray ParseReferral(JsonNode? payload)
    {
        var rows = Rows(payload, ReferralRequestType);
        var result = new JsonArray();
        foreach (var group in rows.GroupBy(r => JsValues.GetString(r, "progres_interventionnumber") ?? JsValues.GetString(r, "progres_lpinterventionid") ?? ""))
            result.Add(ParseIntervention(group.ToList()));
        return result;
    }

    /// <summary>Reads a decision message into one object per decision; <c>progres_orgreferralid</c> must be <c>case_id#suffix</c>.</summary>
    public static JsonArray ParseDecision(JsonNode? payload)
    {
        var result = new JsonArray();
        foreach (var raw in Rows(payload, DecisionRequestType))
            result.Add(ParseOneDecision(raw));
        return result;
    }

    private static List<JsonObject> Rows(JsonNode? payload, string expectedRequestType)
    {
        var message = payload as JsonObject;
        if (message is not null && message["interventions"] is null && message["data"] is JsonObject wrapped)
            message = wrapped;
        if (message is null)
            throw Invalid("interventions", $"a {expectedRequestType} message must be a JSON object with an interventions list");
        var requestType = JsValues.GetString(message, "request_type");
        if (requestType is not null && requestType != expectedRequestType)
        {
            var hint = requestType switch
            {
                ReferralRequestType => " (use parseReferral)",
                DecisionRequestType => " (use parseDecision)",
                _ => "",
            };
            throw Invalid("request_type", $"expected request_type {expectedRequestType}, got '{requestType}'{hint}");
        }
        if (message["interventions"] is not JsonArray list || list.Count == 0)
            throw Invalid("interventions", $"a {expectedRequestType} message needs a non-empty interventions list");
        var rows = new List<JsonObject>();
        for (var i = 0; i < list.Count; i++)
            rows.Add(list[i] as JsonObject ?? throw Invalid($"interventions[{i}]", $"interventions[{i}] is not an object"));
        return rows;

        static Exception Invalid(string field, string message) =>
            ProgresErrorCodes.Error(ProgresErrorCodes.InvalidMessage, "DTP message: " + message, [field]);
    }

    private static JsonObject ParseIntervention(List<JsonObject> rows)
    {
        var number = JsValues.GetString(rows[0], "progres_interventionnumber");
        var subject = $"proGres intervention {number ?? "(no number)"}";
        var first = new DynamicsRow(rows[0], subject, number);

        var missing = RequiredReferralFields.Where(f => !HasValue(first, f)).ToList();
        if (missing.Count > 0)
        {
            throw ProgresErrorCodes.Error(ProgresErrorCodes.MissingFields,
                $"{subject} is missing required fields: {string.Join(", ", missing)}", missing, number, ProgresCodes.MissingFieldsReason);
        }
        var typeName = first.Text("interventiontype.progres_description")!;
        var type = ProgresCodes.AcceptedType(typeName)
                   ?? throw ProgresErrorCodes.Error(ProgresErrorCodes.UnsupportedType,
                       $"{subject}: intervention type '{typeName}' is not one of the four exchanged with UNICEF "
                       + $"({string.Join(", ", ProgresCodes.InterventionTypes.Select(t => t.Progres))})",
                       ["interventiontype.progres_description"], number, ProgresCodes.UnsupportedTypeReason(typeName));

        var all = rows.Select(r => new DynamicsRow(r, subject, number)).ToList();
        var levels = Enumerable.Range(1, 5).Select(l => first.Lookup($"individuals.progres_coalocationlevel{l}")).OfType<string>().ToList();
        var detail = first.Text("individuals.progres_coalocationlevel6");
        return new JsonObject
        {
            ["interventionNumber"] = number,
            ["interventionId"] = first.Text("progres_lpinterventionid"),
            ["type"] = type,
            ["serviceType"] = ProgresCodes.InterventionTypes.First(t => t.Progres == type).Primero,
            ["subtype"] = first.Text("interventionsubtype.progres_description"),
            ["startDate"] = first.DateTime("progres_interventionstartdate"),
            ["description"] = first.PlainText("progres_interventiondescription"),
            ["reasonsForReferral"] = first.Comments("progres_reasonforreferral"),
            ["comments"] = first.Comments("progres_comments_nonrestrictedstore"),
            ["priority"] = first.Text("childprotection.progres_priority"),
            ["primeroId"] = first.Text("progres_primeroid"),
            ["businessUnit"] = first.Text("progres_businessunit"),
            ["businessOwner"] = first.Text("progres_businessowner"),
            ["serviceProvider"] = first.Text("progres_interventionserviceprovider"),
            ["referrer"] = new JsonObject
            {
                ["title"] = first.Text("user.title"),
                ["email"] = first.Text("user.internalemailaddress"),
                ["phone"] = first.Text("user.mobilephone"),
                ["partner"] = first.Lookup("user.progres_partner"),
            },
            ["individual"] = new JsonObject
            {
                ["progresId"] = first.Text("individuals.progres_id"),
                ["registrationGroup"] = first.Lookup("individuals.progres_registrationgroupid"),
                ["givenName"] = first.Text("individuals.progres_givenname"),
                ["middleName"] = first.Text("individuals.progres_middlename"),
                ["familyName"] = first.Text("individuals.progres_familyname"),
                ["commonlyUsedName"] = first.Text("individuals.progres_commonyusedname"),
                ["dateOfBirth"] = first.Date("individuals.progres_dateofbirth"),
                ["sex"] = first.Option("individuals.progres_sex", ProgresCodes.Sex),
                ["phone"] = first.Text("individuals.progres_primaryphonenumber"),
                ["locationLevels"] = Strings(levels),
                ["locationDetail"] = detail,
                ["address"] = string.Join(' ', levels.Append(detail).OfType<string>()) is { Length: > 0 } address ? address : null,
                ["languages"] = Strings(all.Select(r => r.Lookup("languages.progres_languagecodeid")).OfType<string>().Distinct()),
                ["specificNeeds"] = SpecificNeeds(all),
            },
            ["rows"] = rows.Count,
            ["raw"] = new JsonArray(rows.Select(r => (JsonNode?)r.DeepClone()).ToArray()),
        };
    }

    private static bool HasValue(DynamicsRow row, string attribute) =>
        attribute == "individuals.progres_registrationgroupid" ? row.Lookup(attribute) is not null : row.Has(attribute);

    private static JsonArray SpecificNeeds(List<DynamicsRow> rows)
    {
        var needs = new JsonArray();
        var seen = new HashSet<string>();
        foreach (var row in rows)
        {
            var category = row.Lookup("specificneeds.progres_spncategory2");
            var subcategory = row.Lookup("specificneeds.progres_spnsubcategory2");
            var categoryCode = row.Text("spncategory2code");
            var subcategoryCode = row.Text("spnsubcategory2code");
            if (category is null && categoryCode is null && subcategory is null && subcategoryCode is null)
                continue;
            if (!seen.Add($"{categoryCode}|{category}|{subcategoryCode}|{subcategory}"))
                continue;
            needs.Add(new JsonObject
            {
                ["category"] = category, ["categoryCode"] = categoryCode, ["subcategory"] = subcategory, ["subcategoryCode"] = subcategoryCode,
            });
        }
        return needs;
    }

    private static JsonObject ParseOneDecision(JsonObject raw)
    {
        var referralNumber = JsValues.GetString(raw, "progres_interoperabilityreferralnumber");
        var subject = $"DTP decision {referralNumber ?? "(no referral number)"}";
        var row = new DynamicsRow(raw, subject);
        var missing = new[] { "progres_orgreferralid", "progres_reviewdecision" }.Where(f => !row.Has(f)).ToList();
        if (missing.Count > 0)
            throw ProgresErrorCodes.Error(ProgresErrorCodes.MissingFields, $"{subject} is missing required fields: {string.Join(", ", missing)}", missing);

        var orgReferralId = row.Text("progres_orgreferralid")!;
        var parts = orgReferralId.Split('#');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length != 12)
            throw row.Invalid("progres_orgreferralid", $"is '{orgReferralId}', not <Primero case_id>#<last 12 characters of the service unique_id>");

        var decisionCode = row.Text("progres_reviewdecision")!;
        var reasonCode = row.Text(RejectionReasonField);
        return new JsonObject
        {
            ["referralId"] = row.Text("progres_interoperabilityreferralid"),
            ["referralNumber"] = referralNumber,
            ["orgReferralId"] = orgReferralId,
            ["caseId"] = parts[0],
            ["serviceSuffix"] = parts[1],
            ["individualId"] = row.Text("progres_individualid"),
            ["interventionTypeId"] = row.Text("progres_interventiontype"),
            ["routeTo"] = row.Text("progres_interoperabilityreferralrouteto"),
            ["reviewedBy"] = row.Text("progres_reviewby"),
            ["reviewDate"] = row.DateTime("progres_reviewdate"),
            ["decisionCode"] = decisionCode,
            ["decision"] = ProgresCodes.ReviewDecision.GetValueOrDefault(decisionCode, decisionCode),
            ["rejectionReasonCode"] = reasonCode,
            ["rejectionReason"] = reasonCode is null ? null : ProgresCodes.RejectionReason.GetValueOrDefault(reasonCode, reasonCode),
            ["rejectionComment"] = row.Text(RejectionCommentField) ?? row.Text(RejectionCommentFieldCorrected),
            ["raw"] = raw.DeepClone(),
        };
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
