using System.Text.Json.Nodes;
using OpenFn.Compiler;

namespace OpenFn.Runtime.Tests.Differential;

/// <summary>
/// Workflows in OpenFn's execution-plan JSON (Differential/Workflows) run in OpenFn's runtime and in ours: the final
/// result (single leaf state or the object keyed by leaf) must be identical, and a run OpenFn aborts must crash ours.
/// </summary>
[NonParallelizable]
public class WorkflowDifferentialTests
{
    private static readonly string Folder = Path.Combine(TestContext.CurrentContext.TestDirectory, "Differential", "Workflows");
    private readonly JobCompiler _compiler = new();
    private IReadOnlyDictionary<string, OracleResult> _oracle = new Dictionary<string, OracleResult>();

    public static IEnumerable<TestCaseData> Workflows() =>
        Directory.EnumerateFiles(Folder, "*.json").Order(StringComparer.Ordinal)
            .Select(path => new TestCaseData(Path.GetFileName(path)).SetName("Workflow_" + Path.GetFileNameWithoutExtension(path)));

    [OneTimeSetUp]
    public void RunEveryWorkflowInOpenFn()
    {
        var runs = Directory.EnumerateFiles(Folder, "*.json").Select(path =>
        {
            var spec = Load(Path.GetFileName(path));
            var plan = new JsonObject
            {
                ["workflow"] = OpenFnWorkflow(spec["workflow"]!.AsObject()),
                ["options"] = spec["options"]?.DeepClone() ?? new JsonObject(),
            };
            return new OracleJob(Path.GetFileName(path), spec["input"]!.AsObject(), Plan: plan);
        }).ToList();
        _oracle = OpenFnOracle.Run(runs);
    }

    [TestCaseSource(nameof(Workflows))]
    public async Task Result_matches_OpenFn(string file)
    {
        var spec = Load(file);
        var options = spec["options"] as JsonObject ?? [];
        var result = await new WorkflowRunner(TestRuntime.StepRunner()).RunAsync(
            OurPlan(spec["workflow"]!.AsObject()),
            spec["input"]!.AsObject(),
            new WorkflowRunOptions { Start = (string?)options["start"], End = (string?)options["end"] });

        var expected = _oracle[file];
        if (expected.Thrown is { } thrown)
        {
            Assert.That(result.Status, Is.AnyOf(RunStatus.Crashed, RunStatus.Killed), $"OpenFn aborted with {thrown.ToJsonString()}");
            Assert.That(result.Failure?.Name, Is.EqualTo((string?)thrown["name"]));
            Assert.That(result.Failure?.Message, Is.EqualTo((string?)thrown["message"]));
            return;
        }
        var ours = result.FinalState?.ToJsonString() ?? "(no result)";
        var theirs = expected.State?.ToJsonString() ?? "(no result)";
        Assert.That(ours, Is.EqualTo(theirs), () => $"ours ({result.Status}, {result.ErrorMessage}):\n{ours}\nOpenFn:\n{theirs}");
    }

    private static JsonObject Load(string file) => JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, file)))!.AsObject();

    private CompiledJob Compile(JsonObject step)
    {
        var name = (string?)step["name"] ?? (string)step["id"]!;
        var compiled = _compiler.Compile(new JobSource(name + ".js", (string)step["expression"]!), new CompileOptions { AdaptorExports = LanguageCommonAdaptor.Exports });
        Assert.That(compiled.Success, Is.True, () => string.Join("\n", compiled.Diagnostics));
        return compiled.Job!;
    }

    /// <summary>The workflow for OpenFn: each expression replaced by the compiled module, with its source map.</summary>
    private JsonObject OpenFnWorkflow(JsonObject workflow)
    {
        var copy = (JsonObject)workflow.DeepClone();
        foreach (var step in copy["steps"]!.AsArray().Select(s => s!.AsObject()))
        {
            if (step["expression"] is null)
                continue;
            var compiled = Compile(step);
            step["expression"] = OpenFnOracle.Module(compiled);
            step["sourceMap"] = IdentitySourceMap.Create(compiled, compiled.Source.FileName);
        }
        return copy;
    }

    /// <summary>The same workflow in our model (a small reader of OpenFn's execution-plan JSON).</summary>
    private static WorkflowPlan OurPlan(JsonObject workflow)
    {
        var steps = workflow["steps"]!.AsArray().Select(node =>
        {
            var step = node!.AsObject();
            var id = (string)step["id"]!;
            var name = (string?)step["name"];
            return new StepPlan
            {
                Id = id,
                Name = name,
                Expression = step["expression"] is { } code ? new JobSource((name ?? id) + ".js", (string)code!) : null,
                Configuration = step["configuration"]?.DeepClone().AsObject(),
                DefaultState = step["state"]?.DeepClone().AsObject(),
                Next = Edges(step["next"]),
            };
        }).ToList();
        return new WorkflowPlan
        {
            Name = (string?)workflow["name"] ?? "workflow",
            Steps = steps,
            Start = (string?)workflow["start"],
            Credentials = workflow["credentials"]?.DeepClone().AsObject(),
        };
    }

    private static List<EdgePlan> Edges(JsonNode? next) => next switch
    {
        null => [],
        JsonValue single when single.TryGetValue<string>(out var target) => [new EdgePlan { Target = target }],
        JsonObject map => map.Select(pair => pair.Value switch
        {
            JsonValue flag when flag.TryGetValue<bool>(out var follow) => new EdgePlan { Target = pair.Key, Condition = follow ? EdgeCondition.Always : EdgeCondition.Never },
            JsonValue text when text.TryGetValue<string>(out var condition) => EdgePlan.FromCondition(pair.Key, condition),
            JsonObject edge => (edge["condition"] is JsonValue c && c.TryGetValue<string>(out var condition)
                    ? EdgePlan.FromCondition(pair.Key, condition)
                    : new EdgePlan { Target = pair.Key, Condition = StepInputTruthy(edge["condition"]) ? EdgeCondition.Always : EdgeCondition.Never })
                with { Disabled = edge["disabled"]?.GetValue<bool>() == true, Label = (string?)edge["label"] },
            _ => new EdgePlan { Target = pair.Key, Condition = EdgeCondition.Never },
        }).ToList(),
        _ => [],
    };

    private static bool StepInputTruthy(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var b) ? b : node is not null;
}
