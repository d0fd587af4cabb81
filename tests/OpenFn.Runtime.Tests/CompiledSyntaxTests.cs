using System.Text.Json.Nodes;
using OpenFn.Compiler;

namespace OpenFn.Runtime.Tests;

/// <summary>Job syntax the compiler rewrites (§1.6 lazy state, §1.7 promise chains), run end to end through the runtime.</summary>
public class CompiledSyntaxTests
{
    private static async Task<JsonNode?> Output(string code, string input)
    {
        var outcome = await TestRuntime.StepRunner().RunAsync(new StepRequest(new JobSource("job.js", code), "common", JsonNode.Parse(input)!.AsObject()));
        Assert.That(outcome.Error, Is.Null);
        return outcome.Output;
    }

    [Test]
    public async Task Lazy_state_is_read_when_the_operation_runs_not_when_the_job_loads()
    {
        var output = await Output(
            "fn(s => ({ ...s, data: { n: 41 } }));\nfn(state => ({ ...state, answer: $.data.n + 1, label: `n=${$.data.n}` }));",
            """{"data":{"n":0}}""");

        Assert.That(output!["answer"]!.GetValue<int>(), Is.EqualTo(42));
        Assert.That(output["label"]!.GetValue<string>(), Is.EqualTo("n=41"));
    }

    [Test]
    public async Task Then_receives_the_operation_result_and_catch_receives_the_error_and_the_state_before_it()
    {
        var output = await Output(
            "fn(s => ({ ...s, step: 1 })).then(s => ({ ...s, then: s.step + 1 }));\n" +
            "fn(s => { throw new Error('boom'); }).catch((e, s) => ({ ...s, caught: e.message }));",
            """{"data":{}}""");

        Assert.That(output!["then"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(output["caught"]!.GetValue<string>(), Is.EqualTo("boom"));
    }

    [Test]
    public async Task Each_runs_the_inner_operation_per_item_with_lazy_arguments_resolved_each_time()
    {
        var output = await Output(
            "each('$.data.items[*]', fn(state => ({ ...state, seen: [...(state.seen || []), state.data.id * 10] })));",
            """{"data":{"items":[{"id":1},{"id":2},{"id":3}]}}""");

        Assert.That(output!["seen"]!.ToJsonString(), Is.EqualTo("[10,20,30]"));
    }
}
