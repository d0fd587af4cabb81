using OpenFn.Adaptors.Common;
using OpenFn.Adaptors.Http.Emulation;

namespace OpenFn.Adaptors.Primero;

/// <summary>
/// <c>@openfn/language-primero</c>: 1.0.0 (Primero API v1.1), 2.7.0 (API v2, the unicef-cambodia V2 jobs; stands for
/// 2.x) and 4.1.1 (API v2, current; stands for 3.x–4.x). All v2 versions send 2.x payloads (<c>{ "data": … }</c>),
/// fetch every page of a list and refuse an upsert without an id value.
/// </summary>
public sealed class PrimeroAdaptor : EmulatedAdaptor
{
    private static readonly IReadOnlyList<string> V1CommonExports =
        ["alterState", "dataPath", "dataValue", "each", "field", "fields", "fn", "lastReferenceValue", "merge", "sourceValue"];

    private static readonly IReadOnlyList<string> V2_7CommonExports =
        ["alterState", "combine", "dataPath", "dataValue", "each", "field", "fields", "fn", "lastReferenceValue", "merge", "sourceValue"];

    private static readonly IReadOnlyList<string> V4CommonExports =
    [
        "alterState", "combine", "cursor", "dataPath", "dataValue", "dateFns", "each", "field", "fields", "fn", "fnIf",
        "lastReferenceValue", "log", "merge", "sourceValue",
    ];

    private static readonly OperationParameter Callback = new("callback", "function", true, "called with the next state");
    private static readonly OperationParameter Query = new("query", "object", true, "Primero query parameters, e.g. { remote: true, case_id }");
    private static readonly OperationParameter CaseParams = new("params", "object", Doc: "{ data: the case fields }");

    private static readonly OperationDescriptor GetCasesV2 = new("getCases", [Query, new("options", "object", true, "{ withReferrals: true }"), Callback],
        "Gets every matching case (all pages); withReferrals adds each case's referrals.");
    private static readonly OperationDescriptor CreateCase = new("createCase", [CaseParams, Callback], "Creates a case; state.data is Primero's answer.");
    private static readonly OperationDescriptor UpdateCase = new("updateCase", [new("id", "string", Doc: "the record id"), CaseParams, Callback],
        "Updates a case by record id (subforms merge by unique_id).");
    private static readonly OperationDescriptor UpsertCase = new("upsertCase",
        [new("params", "object", Doc: "{ externalIds: ['case_id'], data }"), Callback],
        "Finds the case by the external ids that have a value, then updates it or creates it; no id value is an error.");
    private static readonly OperationDescriptor GetReferrals = new("getReferrals", [new("params", "object", Doc: "{ externalId: 'record_id' | other, id }"), Callback],
        "Gets the referrals of one case, by record id or by case_id.");
    private static readonly OperationDescriptor CreateReferrals = new("createReferrals", [new("params", "object", Doc: "{ data: { ids, transitioned_to, notes } }"), Callback],
        "Refers one or more cases (bulk).");

    public PrimeroAdaptor()
    {
        var assembly = typeof(PrimeroAdaptor).Assembly;
        var v2 = JsModules.Load(assembly, "OpenFn.Adaptors.Primero.Js.primero-v2.js");
        Add(new EmulatedVersion(this, "1.0.0", 1, 1,
            [
                new("getCases", [new("query", "object", true, "v1.1 filters, e.g. { remote: true, scope: { … } } (not resolved)"), Callback],
                    "Gets every matching case from GET /api/cases (all pages)."),
                CreateCase, UpdateCase,
                new("upsertCase", [new("params", "object", Doc: "{ externalIds, data }"), Callback],
                    "Finds the case by scope[or] on the external ids, then updates it (new services appended) or creates it."),
            ],
            V1CommonExports, JsModules.Load(assembly, "OpenFn.Adaptors.Primero.Js.primero-v1.js"), context => new PrimeroV1Session(context)));
        Add(new EmulatedVersion(this, "2.7.0", 2, 2,
            [
                GetCasesV2, CreateCase, UpdateCase, UpsertCase, GetReferrals, CreateReferrals,
                new("updateReferrals", [new("params", "object", Doc: "{ externalId, id (case), referral_id, data }"), Callback],
                    "Updates one referral of a case (2.7 parameter names)."),
            ],
            V2_7CommonExports, JsModules.ForVersion(v2, "2.7.0"), context => new PrimeroV2Session(context)));
        Add(new EmulatedVersion(this, "4.1.1", 3, 4,
            [
                GetCasesV2, CreateCase, UpdateCase, UpsertCase, GetReferrals, CreateReferrals,
                new("updateReferral", [new("params", "object", Doc: "{ caseExternalId, caseId, id (referral), data }"), Callback],
                    "Updates one referral of a case; an unknown case_id leaves state unchanged."),
                new("updateReferrals", [new("params", "object"), Callback], "Deprecated alias of updateReferral."),
                new("getForms", [Query, Callback], "Gets form definitions."),
                new("getLookups", [Query, Callback], "Gets every lookup (all pages)."),
                new("getLocations", [Query, Callback], "Gets every location (all pages)."),
                new("http", [], "http.get/post/patch(path, data, options) on /api/v2 with Basic auth.", OperationKind.Utility),
            ],
            V4CommonExports, JsModules.ForVersion(v2, "4.1.1"), context => new PrimeroV2Session(context)));
    }

    public override string Name => "primero";

    public override string PackageName => "@openfn/language-primero";
}
