using System.Text.Json.Nodes;
using OpenFn.Compiler;
using OpenFn.Runtime;

namespace OpenFn.Runtime.Tests;

public class StepRunnerTests
{
    [Test]
    public async Task Operations_run_in_order_and_configuration_is_removed_from_the_output()
    {
        var runner = new StepRunner(new AdaptorRegistry([new LanguageCommonAdaptor()]), new JobCompiler(), new EngineLimits());
        var job = new JobSource("job.js", "fn(s => ({ ...s, data: [1] }));\nfn(s => { s.data.push(s.data.length + 1); return s; });");
        var input = new JsonObject { ["data"] = new JsonObject(), ["configuration"] = new JsonObject { ["password"] = "secret" } };

        var outcome = await runner.RunAsync(new StepRequest(job, "common", input));

        Assert.That(outcome.Error, Is.Null);
        Assert.That(outcome.Output!.ToJsonString(), Is.EqualTo("""{"data":[1,2]}"""));
    }
}
