using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Runtime.Interop;
using OpenFn.Runtime.Logging;

namespace OpenFn.Runtime.Workflow;

/// <summary>An edge condition could not be compiled or threw (OpenFn's EdgeConditionError, a crash).</summary>
internal sealed class EdgeConditionException(string message) : Exception(message);

/// <summary>
/// Decides which edges a step's output follows (§6.2): named conditions on <c>errors[upstreamStepId]</c>, and
/// JavaScript expressions compiled once per run as <c>function (state, upstreamStepId) { return … }</c> in an engine
/// that exposes only <c>console</c>.
/// </summary>
internal sealed class EdgeConditions : IDisposable
{
    private readonly Jint.Engine _engine;
    private readonly Dictionary<(string From, string To), JsValue> _compiled = new();

    public EdgeConditions(WorkflowPlan plan, StepLog log)
    {
        _engine = new Jint.Engine(options =>
        {
            options.Interop.Enabled = false;
            options.Host.StringCompilationAllowed = false;
            options.Constraints.MaxRecursionDepth = 200;
            options.TimeoutInterval(TimeSpan.FromSeconds(10));
            options.MaxStatements(1_000_000);
        });
        var console = new JsObject(_engine);
        foreach (var method in new[] { "log", "info", "debug", "warn", "error" })
        {
            console.Set(method, new ClrFunction(_engine, method, (_, args) =>
            {
                log.Runtime(OpenFnLogLevel.Info, string.Join(" ", args.Select(a => a.ToString())));
                return JsValue.Undefined;
            }));
        }
        _engine.SetValue("console", console);

        var errors = new List<string>();
        foreach (var step in plan.Steps)
        {
            foreach (var edge in step.Next.Where(e => e.Condition == EdgeCondition.Expression))
            {
                try
                {
                    _compiled[(step.Id, edge.Target)] = _engine.Evaluate($"(function (state, upstreamStepId) {{ return {edge.Expression}\n}})", $"edge {step.Id}->{edge.Target}");
                }
                catch (Exception e) when (e is Acornima.ParseErrorException or Jint.Runtime.JavaScriptException)
                {
                    errors.Add($"Failed to compile edge condition {step.Id}->{edge.Target} ({e.Message})");
                }
            }
        }
        if (errors.Count > 0)
            throw new EdgeConditionException(string.Join("\n\n", errors));
    }

    /// <summary>The targets to queue after <paramref name="step"/> produced <paramref name="output"/>, in declaration order.</summary>
    public List<string> Next(StepPlan step, JsonNode? output)
    {
        var next = new List<string>();
        JsValue? jsState = null;
        foreach (var edge in step.Next)
        {
            if (edge.Disabled)
                continue;
            var follow = edge.Condition switch
            {
                EdgeCondition.Always => true,
                EdgeCondition.OnSuccess => !HasError(output, step.Id),
                EdgeCondition.OnFailure => HasError(output, step.Id),
                EdgeCondition.Expression => Evaluate(step.Id, edge.Target, jsState ??= ToJs(output)),
                _ => false,
            };
            if (follow)
                next.Add(edge.Target);
        }
        return next;
    }

    private static bool HasError(JsonNode? output, string stepId) =>
        output is JsonObject state && state["errors"] is JsonObject errors && StepInput.IsTruthy(errors[stepId]);

    private JsValue ToJs(JsonNode? output) =>
        output is null ? JsValue.Undefined : new Jint.Native.Json.JsonParser(_engine).Parse(output.ToJsonString());

    private bool Evaluate(string from, string to, JsValue state)
    {
        try
        {
            return Jint.Runtime.TypeConverter.ToBoolean(_engine.Call(_compiled[(from, to)], JsValue.Undefined, [state, from]));
        }
        catch (Exception e) when (e is Jint.Runtime.JavaScriptException or Jint.JintException or TimeoutException)
        {
            throw new EdgeConditionException(e.Message);
        }
    }

    public void Dispose() => _engine.Dispose();
}
