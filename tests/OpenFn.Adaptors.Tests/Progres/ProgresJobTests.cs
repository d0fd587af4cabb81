using System.Text.Json.Nodes;
using OpenFn.Adaptors.Common;
using OpenFn.Adaptors.Progres;
using OpenFn.Adaptors.Tests.Support;
using OpenFn.Runtime;
using RichardSzalay.MockHttp;

namespace OpenFn.Adaptors.Tests.Progres;

/// <summary>A proGres job through the runtime: the parse utility inside an operation, a lazily resolved message, next state.</summary>
public class ProgresJobTests
{
    [Test]
    public async Task A_referral_from_the_inbox_is_parsed_and_acknowledged()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When(HttpMethod.Post, "https://apim.example.org/primero-uat/ReceiveDecisionOutgoingReferral")
            .Respond("application/json", """{"status":"received","correlationId":"c-1"}""");
        const string job = """
            fn(state => ({ ...state, intervention: parseReferral(state.data)[0] }));
            sendSuccessNotification(state => ({
              progres_interventionnumber: state.intervention.interventionNumber,
              case_id: 'd41e8b0a-93a7-4c37-8f1e-5b20c6a7e3f9',
              primero_user: 'progresv4_primero_intake',
            }));
            """;
        var input = new JsonObject
        {
            ["configuration"] = new JsonObject { ["url"] = "https://apim.example.org/primero-uat", ["subscriptionKey"] = "dtp-job-key-1234" },
            ["data"] = Fixtures.Load("progres/flow1__PrimeroOutgoingReferral.json"),
        };

        var outcome = await JobRunner.RunAsync(harness, new ProgresAdaptor(), "progres", job, input);

        Assert.That(outcome.Error, Is.Null);
        Assert.That(harness.Bodies.Single(), Is.EqualTo(
            """{"progres_interventionnumber":"811-23-PRTITV-1000095","case_id":"d41e8b0a-93a7-4c37-8f1e-5b20c6a7e3f9","primero_user":"progresv4_primero_intake","status":"Pending Acknowledgement"}"""));
        Assert.That(outcome.Output!["data"]!["correlationId"]!.GetValue<string>(), Is.EqualTo("c-1"));
        Assert.That(outcome.Output["intervention"]!["type"]!.GetValue<string>(), Is.EqualTo("BIA"));
    }

    [Test]
    public async Task A_refused_intervention_is_an_error_the_job_can_catch_and_branch_on()
    {
        const string job = """
            fn(state => {
              try {
                parseReferral(state.data);
                return state;
              } catch (e) {
                return { ...state, caught: { code: e.code, field: e.field, number: e.interventionNumber, reason: e.closureReason, message: e.message } };
              }
            });
            """;
        var input = new JsonObject { ["data"] = Fixtures.Load("progres/flow1__progresReferralToUNICEF_6Oct2021.json") };

        var outcome = await JobRunner.RunAsync(new AdaptorHarness(), new ProgresAdaptor(), "progres", job, input);

        Assert.That(outcome.Error, Is.Null);
        var caught = outcome.Output!["caught"]!;
        Assert.That(caught["code"]!.GetValue<string>(), Is.EqualTo("UNSUPPORTED_TYPE"));
        Assert.That(caught["field"]!.GetValue<string>(), Is.EqualTo("interventiontype.progres_description"));
        Assert.That(caught["number"]!.GetValue<string>(), Is.EqualTo("DAD-21-PRTITV-0000201"));
        Assert.That(caught["reason"]!.GetValue<string>(), Does.StartWith("Service value shared (BID / BIA conducted)"));
        Assert.That(caught["message"]!.GetValue<string>(), Does.Contain("intervention type 'BID / BIA conducted' is not one of the four"));
    }

    [TestCase("progres", "1.0.0")]
    [TestCase("@openfn-dotnet/language-progres@1", "1.0.0")]
    public void The_adaptor_resolves_and_documents_every_export(string specifier, string version)
    {
        var resolved = new AdaptorRegistry([new ProgresAdaptor()]).Resolve(specifier);

        Assert.That(resolved.Version, Is.EqualTo(version));
        Assert.That(resolved.Operations.Select(o => o.Name), Is.EqualTo(new[]
        {
            "sendReferral", "sendDecision", "sendSuccessNotification", "sendErrorNotification", "parseReferral", "parseDecision", "codes",
        }));
        Assert.That(resolved.Operations.Select(o => o.Doc), Has.All.Not.Empty);
        Assert.That(resolved.Operations.Where(o => o.Kind == OperationKind.Utility).Select(o => o.Name), Is.EqualTo(new[] { "parseReferral", "parseDecision", "codes" }));
        Assert.That(resolved.JsModule, Does.Contain("(function (common, host)"));
    }
}
