using System.Text.Json.Nodes;
using OpenFn.Adaptors.Common;
using OpenFn.Adaptors.Hpc;
using OpenFn.Adaptors.Tests.Support;
using OpenFn.Runtime;
using RichardSzalay.MockHttp;

namespace OpenFn.Adaptors.Tests.Hpc;

/// <summary>An OCHA job through the runtime: read a plan, write its clusters to PRP, and the JS helpers.</summary>
public class HpcJobTests
{
    [Test]
    public async Task A_plan_is_read_and_its_clusters_written_with_the_helpers()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When(HttpMethod.Get, "https://api.hpc.tools/v2/public/plan/1290").Respond("application/json", Fixtures.Load("ocha/plan_1290_entities.json").ToJsonString());
        harness.Mock.When(HttpMethod.Put, "https://prp.example.org/api/v1/clusters/*").Respond(System.Net.HttpStatusCode.Created, "application/json", "{}");
        const string job = """
            getPlan(state => state.planId, { disaggregation: false });
            fn(state => ({
              ...state,
              clusters: state.data.governingEntities.map(g => ({ external_id: g.id, response_plan: String(state.data.id), title: g.governingEntityVersion.name })),
              supports: state.data.planEntities.map(e => supportedIds(e)),
              figures: [toNumber('1,200'), toNumber(35), toNumber('n/a')],
            }));
            upsertPrp('clusters', state => state.clusters);
            """;
        var input = new JsonObject
        {
            ["configuration"] = new JsonObject { ["prp"] = new JsonObject { ["url"] = "https://prp.example.org", ["token"] = "prp-job-token-1" } },
            ["planId"] = 1290,
        };

        var outcome = await JobRunner.RunAsync(harness, new HpcAdaptor(), "hpc", job, input);

        Assert.That(outcome.Error, Is.Null);
        Assert.That(harness.Requests.Select(r => r.Wire()), Is.EqualTo(new[]
        {
            "GET https://api.hpc.tools/v2/public/plan/1290?content=entities&disaggregation=false",
            "PUT https://prp.example.org/api/v1/clusters/11201",
            "PUT https://prp.example.org/api/v1/clusters/11202",
        }));
        Assert.That(harness.Bodies[1], Is.EqualTo("""{"response_plan":"1290","title":"Nutrition"}"""));
        Assert.That(outcome.Output!["figures"]!.ToJsonString(), Is.EqualTo("[1200,35,null]"));
        Assert.That(outcome.Output["supports"]!.ToJsonString(), Is.EqualTo("[[],[],[],[20101],[20102]]"), "a list and a keyed object");
        Assert.That(outcome.Output["data"]!.AsArray().Select(r => r!["created"]!.GetValue<bool>()), Is.EqualTo(new[] { true, true }));
    }

    [Test]
    public void The_adaptor_resolves_and_documents_every_export()
    {
        var resolved = new AdaptorRegistry([new HpcAdaptor()]).Resolve("@openfn-dotnet/language-hpc");

        Assert.That(resolved.Version, Is.EqualTo("1.0.0"));
        Assert.That(resolved.Operations.Select(o => o.Name), Is.EqualTo(new[]
        {
            "getPlan", "getPlansByYear", "getProject", "getProjectAttachments", "getDisaggregationGroups", "getFlows", "getPrp", "upsertPrp",
            "supportedIds", "toNumber",
        }));
        Assert.That(resolved.Operations.Select(o => o.Doc), Has.All.Not.Empty);
        Assert.That(resolved.Operations.First(o => o.Name == "getPlan").Signature, Is.EqualTo("getPlan(id, options?, callback?)"));
        Assert.That(resolved.Operations.Where(o => o.Kind == OperationKind.Utility).Select(o => o.Name), Is.EqualTo(new[] { "supportedIds", "toNumber" }));
    }
}
