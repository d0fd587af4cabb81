using OpenFn.Adaptors.Common;
using OpenFn.Adaptors.Http;
using OpenFn.Adaptors.Http.Emulation;

namespace OpenFn.Adaptors.Progres;

/// <summary>
/// UNHCR proGres v4 through the Data Transfer Platform (DTP, Azure API Management). The public OpenFn jobs called it
/// through language-http; this adaptor speaks the agreed message set directly. Credential:
/// <c>{ url, subscriptionKey, cert?, key?, pfx?, passphrase?, ca? }</c> (see <see cref="DtpCredential"/>).
/// </summary>
public sealed class ProgresAdaptor : EmulatedAdaptor
{
    private static readonly OperationParameter Callback = new("callback", "function", true, "called with the next state");

    public ProgresAdaptor()
    {
        Add(new EmulatedVersion(this, "1.0.0", 0, 1,
            [
                new("sendReferral", [new("message", "object", Doc: "ReceiveIncomingReferral fields: id (case_id#service suffix), service_type, …"), Callback],
                    "Sends a UNICEF → UNHCR referral to ReceiveIncomingReferral; only the four agreed service types are accepted."),
                new("sendDecision", [new("message", "object", Doc: "{ case_id, progres_interventionnumber, status: acknowledged|rejected, closure_reason?, primero_user }"), Callback],
                    "Sends UNICEF's decision on a UNHCR referral to ReceiveDecisionOutgoingReferral."),
                new("sendSuccessNotification", [new("message", "object", Doc: "{ progres_interventionnumber, case_id, primero_user }"), Callback],
                    "Tells DTP a referral was stored in Primero (status Pending Acknowledgement)."),
                new("sendErrorNotification", [new("message", "object", Doc: "{ progres_interventionnumber, closure_reason }"), Callback],
                    "Tells DTP a referral could not be stored (status Delivery Fail, request_type Feedback)."),
                new("parseReferral", [new("payload", "object", Doc: "the PrimeroOutgoingReferral body DTP posted")],
                    "Reads and validates the interventions of a DTP referral; throws with error.code, error.field and error.closureReason.",
                    OperationKind.Utility),
                new("parseDecision", [new("payload", "object", Doc: "the PrimeroIncomingReferralDecision body DTP posted")],
                    "Reads and validates UNHCR's decisions on UNICEF referrals (case_id and service suffix split out).", OperationKind.Utility),
                new("codes", [], "The agreed code tables: the four intervention types, sex, review decision, rejection reasons.", OperationKind.Utility),
            ],
            HttpAdaptor.CurrentCommonExports, JsModules.Load(typeof(ProgresAdaptor).Assembly, "OpenFn.Adaptors.Progres.Js.progres.js"),
            context => new ProgresSession(context)));
    }

    public override string Name => "progres";

    public override string PackageName => "@openfn-dotnet/language-progres";
}
