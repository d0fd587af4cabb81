using System.Text.Json;
using System.Text.Json.Nodes;
using OpenFn.Compiler;
using OpenFn.Runner.Credentials;
using OpenFn.Runtime;

namespace OpenFn.Runner.Projects;

/// <summary>
/// Reads the OpenFn CLI's workflow (execution plan) JSON (§6.1): <c>{ workflow: { steps: [...] }, options }</c>, the same
/// without the wrapper, or the legacy <c>{ jobs: [...] }</c>. Expressions and configurations may be paths relative to
/// the file; a configuration string that is not a file is a credential key looked up in the credentials file.
/// </summary>
public static class CliWorkflowLoader
{
    public static WorkflowPlan Load(string path, CredentialStore credentials, Action<string>? warn = null)
    {
        var root = JsonProblems.ReadObject(path, "workflow");
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var workflow = root["workflow"] as JsonObject ?? root;
        var stepsKey = workflow["steps"] is not null ? "steps" : "jobs";
        if (stepsKey == "jobs" && workflow["jobs"] is not null)
            warn?.Invoke($"{path}: the legacy `jobs` form was read as `steps`");
        if (workflow[stepsKey] is not JsonArray { Count: > 0 } stepsArray)
            throw Problem(path, "workflow.steps", "a workflow needs a non-empty `steps` array");
        if (workflow["globals"] is not null)
            warn?.Invoke($"{path}: `globals` is not supported and was ignored");

        var steps = new List<StepPlan>();
        for (var i = 0; i < stepsArray.Count; i++)
        {
            var keyPath = $"workflow.steps[{i}]";
            if (stepsArray[i] is not JsonObject step)
                throw Problem(path, keyPath, "each step must be an object");
            steps.Add(ReadStep(path, folder, keyPath, step, i, credentials));
        }
        var ids = steps.Select(s => s.Id).ToHashSet();
        foreach (var (step, index) in steps.Select((s, i) => (s, i)))
            foreach (var edge in step.Next.Where(e => !ids.Contains(e.Target)))
                throw Problem(path, $"workflow.steps[{index}].next.{edge.Target}", $"Cannot find job: {edge.Target}");

        var start = String(root["options"]?["start"]) ?? String(workflow["start"]);
        if (start is not null && !ids.Contains(start))
            throw Problem(path, "options.start", $"Could not find start job: {start}");
        return new WorkflowPlan
        {
            Name = String(workflow["name"]) ?? Path.GetFileNameWithoutExtension(path),
            Steps = steps,
            Start = start,
            Credentials = workflow["credentials"] as JsonObject is { } shared ? (JsonObject)shared.DeepClone() : null,
        };
    }

    private static StepPlan ReadStep(string file, string folder, string keyPath, JsonObject step, int index, CredentialStore credentials)
    {
        var id = String(step["id"]) ?? $"job-{index + 1}";
        var adaptor = String(step["adaptor"]) ?? (step["adaptors"] as JsonArray)?.Select(String).FirstOrDefault(a => a is not null) ?? "common";
        JobSource? expression = null;
        if (step["expression"] is { } expressionNode)
        {
            var text = String(expressionNode) ?? throw Problem(file, keyPath + ".expression", "must be job code or a path to a .js file");
            var candidate = Path.GetFullPath(Path.Combine(folder, text));
            expression = !text.Contains('\n') && text.EndsWith(".js", StringComparison.OrdinalIgnoreCase)
                ? File.Exists(candidate)
                    ? new JobSource(candidate, File.ReadAllText(candidate))
                    : throw Problem(file, keyPath + ".expression", $"job file '{text}' not found")
                : new JobSource($"{file} ({id})", text);
        }
        return new StepPlan
        {
            Id = id,
            Name = String(step["name"]),
            Expression = expression,
            Adaptor = adaptor,
            Configuration = ReadConfiguration(file, folder, keyPath + ".configuration", step["configuration"], credentials),
            DefaultState = step["state"] is JsonObject state ? (JsonObject)state.DeepClone() : null,
            Next = ReadNext(file, keyPath + ".next", step["next"]),
        };
    }

    private static JsonObject? ReadConfiguration(string file, string folder, string keyPath, JsonNode? node, CredentialStore credentials)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject configuration:
                return (JsonObject)configuration.DeepClone();
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var text = value.GetValue<string>();
                var candidate = Path.Combine(folder, text);
                if (text.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && File.Exists(candidate))
                    return JsonProblems.ReadObject(candidate, "configuration");
                return credentials.FindConfiguration(text)
                    ?? throw Problem(file, keyPath, $"'{text}' is neither a JSON file next to the workflow nor a credential in {credentials.File ?? "a credentials file (-c)"}");
            default:
                throw Problem(file, keyPath, "must be an object, a path to a JSON file, or a credential key");
        }
    }

    private static List<EdgePlan> ReadNext(string file, string keyPath, JsonNode? node)
    {
        switch (node)
        {
            case null:
                return [];
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return [new EdgePlan { Target = value.GetValue<string>() }];
            case JsonObject targets:
                var edges = new List<EdgePlan>();
                foreach (var (target, edge) in targets)
                {
                    var parsed = ReadEdge(file, keyPath + "." + target, target, edge);
                    if (parsed is not null)
                        edges.Add(parsed);
                }
                return edges;
            default:
                throw Problem(file, keyPath, "must be a step id or an object of step id → condition");
        }
    }

    private static EdgePlan? ReadEdge(string file, string keyPath, string target, JsonNode? edge)
    {
        switch (edge)
        {
            case JsonValue value when value.GetValueKind() == JsonValueKind.True:
                return new EdgePlan { Target = target };
            case null:
            case JsonValue value2 when value2.GetValueKind() == JsonValueKind.False:
                return null;
            case JsonValue text when text.GetValueKind() == JsonValueKind.String:
                return Condition(target, text.GetValue<string>());
            case JsonObject obj:
                var condition = obj["condition"];
                var plan = condition switch
                {
                    null => new EdgePlan { Target = target, Condition = EdgeCondition.Never },
                    JsonValue c when c.GetValueKind() == JsonValueKind.String => Condition(target, c.GetValue<string>()),
                    JsonValue c when c.GetValueKind() == JsonValueKind.False => new EdgePlan { Target = target, Condition = EdgeCondition.Never },
                    _ => new EdgePlan { Target = target },
                };
                return plan with { Label = String(obj["label"]), Disabled = obj["disabled"] is JsonValue d && d.GetValueKind() == JsonValueKind.True };
            default:
                throw Problem(file, keyPath, "must be true, a condition string or { condition, label, disabled }");
        }
    }

    private static EdgePlan Condition(string target, string condition) => condition switch
    {
        "always" => new EdgePlan { Target = target },
        "on_job_success" or "on_upstream_success" => new EdgePlan { Target = target, Condition = EdgeCondition.OnSuccess },
        "on_job_failure" or "on_upstream_fail" => new EdgePlan { Target = target, Condition = EdgeCondition.OnFailure },
        _ => new EdgePlan { Target = target, Condition = EdgeCondition.Expression, Expression = condition },
    };

    private static string? String(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static InvalidInputException Problem(string file, string keyPath, string message) =>
        new([new ProjectProblem(file, 0, 0, keyPath, message)]);
}
