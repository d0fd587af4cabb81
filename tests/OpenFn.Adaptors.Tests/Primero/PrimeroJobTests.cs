using System.Text.Json.Nodes;
using OpenFn.Adaptors.Primero;
using OpenFn.Adaptors.Tests.Support;
using RichardSzalay.MockHttp;

namespace OpenFn.Adaptors.Tests.Primero;

/// <summary>Primero jobs run through the runtime: argument resolution, callbacks and next state per version.</summary>
public class PrimeroJobTests
{
    private const string Host = "https://primero.example.org";

    private const string Job = """
        getCases(
          { remote: true, last_updated_at: state => `${state.cursor}..`, workflow: 'referral_to_oscar' },
          { withReferrals: true },
          state => ({ ...state, referralCount: state.data.map(c => c.referrals.length).reduce((a, b) => a + b, 0) })
        );
        upsertCase({ externalIds: ['case_id'], data: state => ({ case_id: state.data[0].case_id, risk_level: 'high' }) });
        """;

    private static JsonObject Input() => new()
    {
        ["configuration"] = new JsonObject { ["url"] = Host, ["user"] = "openfn_api", ["password"] = "S3cret!pass" },
        ["cursor"] = "2025-08-02T00:00:04.400Z",
    };

    private static void ServePrimero(AdaptorHarness harness)
    {
        harness.Mock.When(HttpMethod.Post, Host + "/api/v2/tokens").Respond("application/json", """{"token":"jwt-token-value"}""");
        harness.Mock.When(HttpMethod.Get, Host + "/api/v2/cases/rec-1/referrals").Respond("application/json", """{"data":[{"id":"ref-1"},{"id":"ref-2"}]}""");
        harness.Mock.When(Host + "/api/v2/cases?remote=true&case_id=case-1").Respond("application/json",
            """{"data":[{"id":"rec-1","case_id":"case-1"}],"metadata":{"total":1,"per":20,"page":1}}""");
        harness.Mock.When(HttpMethod.Get, Host + "/api/v2/cases").Respond("application/json",
            """{"data":[{"id":"rec-1","case_id":"case-1"}],"metadata":{"total":1,"per":20,"page":1}}""");
        harness.Mock.When(HttpMethod.Patch, Host + "/api/v2/cases/rec-1").Respond("application/json", """{"data":{"id":"rec-1","risk_level":"high"}}""");
    }

    [TestCase("primero@2.7.0", false)]
    [TestCase("@openfn/language-primero@4", true)]
    public async Task Get_cases_with_referrals_then_upsert_the_first_case(string specifier, bool expectMetadata)
    {
        var harness = new AdaptorHarness();
        ServePrimero(harness);

        var outcome = await JobRunner.RunAsync(harness, new PrimeroAdaptor(), specifier, Job, Input());

        Assert.That(outcome.Error, Is.Null);
        Assert.That(harness.Requests.Select(r => r.Wire()), Is.EqualTo(new[]
        {
            "POST https://primero.example.org/api/v2/tokens",
            "GET https://primero.example.org/api/v2/cases?remote=true&last_updated_at=2025-08-02T00%3A00%3A04.400Z..&workflow=referral_to_oscar",
            "GET https://primero.example.org/api/v2/cases/rec-1/referrals",
            "GET https://primero.example.org/api/v2/cases?remote=true&case_id=case-1",
            "PATCH https://primero.example.org/api/v2/cases/rec-1",
        }));
        Assert.That(harness.Bodies[4], Is.EqualTo("""{"data":{"case_id":"case-1","risk_level":"high"}}"""));
        var output = outcome.Output!.AsObject();
        Assert.That(output["referralCount"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(output["data"]!["risk_level"]!.GetValue<string>(), Is.EqualTo("high"));
        Assert.That(output.ContainsKey("metadata"), Is.EqualTo(expectMetadata));
        Assert.That(output.ToJsonString(), Does.Not.Contain("jwt-token-value").And.Not.Contain("S3cret!pass"));
    }

    [Test]
    public async Task On_1_x_the_get_cases_query_is_sent_as_written_and_the_callback_is_second()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When(HttpMethod.Post, "https://primero.example.org/api/login").Respond("application/json", "{}");
        harness.Mock.When(HttpMethod.Get, "https://primero.example.org/api/cases").Respond("application/json", """[{"_id":"a"}]""");
        const string job = """
            getCases({ remote: true, lazy: s => s.cursor, scope: { sex: 'list||female' } }, state => ({ ...state, got: state.data.length }));
            """;

        var outcome = await JobRunner.RunAsync(harness, new PrimeroAdaptor(), "primero@1", job, Input());

        Assert.That(outcome.Error, Is.Null);
        Assert.That(harness.Requests[1].Wire(), Is.EqualTo("GET https://primero.example.org/api/cases?remote=true&scope%5Bsex%5D=list%7C%7Cfemale"));
        Assert.That(outcome.Output!["got"]!.GetValue<int>(), Is.EqualTo(1));
    }
}
