using OpenFn.Adaptors.Common;
using OpenFn.Adaptors.Http;
using OpenFn.Adaptors.Http.Emulation;

namespace OpenFn.Adaptors.Hpc;

/// <summary>
/// OCHA's HPC Tools API (api.hpc.tools) read for UNICEF's Partner Reporting Portal, and PRP's import API written by
/// OCHA id. Credential: <c>{ hpc: { baseUrl?, username?, password? }, prp: { url, token } }</c>; HPC is read
/// anonymously unless a username and password are given.
/// </summary>
public sealed class HpcAdaptor : EmulatedAdaptor
{
    private static readonly OperationParameter Callback = new("callback", "function", true, "called with the next state");
    private static readonly OperationParameter Id = new("id", "number", Doc: "the HPC id");

    public HpcAdaptor()
    {
        Add(new EmulatedVersion(this, "1.0.0", 0, 1,
            [
                new("getPlan", [Id, new("options", "object", true, "{ api: 'v2' (default) | 'v1', content: 'entities' | 'measurements' | 'basic', disaggregation }"), Callback],
                    "Gets a response plan with its clusters, plan entities and attachments (v2 or the v1 RPM form)."),
                new("getPlansByYear", [new("year", "number", Doc: "YYYY"), Callback], "Lists the response plans of a year."),
                new("getProject", [Id, Callback], "Gets a project with its versions (v2)."),
                new("getProjectAttachments", [Id, Callback], "Gets a project's attachments (its indicators)."),
                new("getDisaggregationGroups", [Callback], "Gets the disaggregation category groups (Age, Sex, …)."),
                new("getFlows", [new("query", "object", Doc: "FTS boundary: { projectId } | { projectCode } | { planId } …, limit"), Callback],
                    "Gets every FTS flow of a boundary, following meta.nextLink to the last page."),
                new("getPrp", [new("collection", "string", Doc: "response-plans, clusters, objectives, activities, indicators, partner-projects, funding"),
                        new("externalId", "string", Doc: "the OCHA id"), Callback],
                    "Gets one PRP record by OCHA id (null when absent)."),
                new("upsertPrp", [new("collection", "string", Doc: "the PRP collection"), new("records", "object[]", Doc: "records with external_id = the OCHA id"), Callback],
                    "Creates or updates PRP records by OCHA id (PUT; a re-run never duplicates)."),
                new("supportedIds", [new("planEntity", "object")], "The parent objective ids of a plan entity (support as a list or a keyed object).",
                    OperationKind.Utility),
                new("toNumber", [new("value", "any")], "An HPC figure (number or numeric string with commas) as a number, else null.", OperationKind.Utility),
            ],
            HttpAdaptor.CurrentCommonExports, JsModules.Load(typeof(HpcAdaptor).Assembly, "OpenFn.Adaptors.Hpc.Js.hpc.js"),
            context => new HpcSession(context)));
    }

    public override string Name => "hpc";

    public override string PackageName => "@openfn-dotnet/language-hpc";
}
