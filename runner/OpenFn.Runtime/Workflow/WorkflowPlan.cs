using System.Text.Json.Nodes;
using OpenFn.Adaptors.Common;
using OpenFn.Compiler;
using OpenFn.Runtime.Logging;

namespace OpenFn.Runtime;

/// <summary>
/// One workflow, whatever it was read from (the OpenFn CLI's workflow JSON or our project.yaml):
/// steps, the edges between them and where to start. Credentials are already resolved to configuration objects.
/// </summary>
public sealed record WorkflowPlan
{
    public required string Name { get; init; }
    public required IReadOnlyList<StepPlan> Steps { get; init; }

    /// <summary>Id of the first step; the first step in <see cref="Steps"/> when null.</summary>
    public string? Start { get; init; }

    /// <summary>Workflow-level credentials, merged under every step's configuration (lowest priority).</summary>
    public JsonObject? Credentials { get; init; }
}

/// <summary>A step (job) of a workflow. A step without an expression (a trigger node) passes its input through.</summary>
public sealed record StepPlan
{
    public required string Id { get; init; }
    public string? Name { get; init; }

    /// <summary>The job text and its file name; null for an expression-less node.</summary>
    public JobSource? Expression { get; init; }

    /// <summary>Adaptor specifier, e.g. <c>@openfn/language-http@4.2.8</c> or <c>common</c>.</summary>
    public string Adaptor { get; init; } = "common";

    /// <summary>The step's resolved credential; becomes <c>state.configuration</c>.</summary>
    public JsonObject? Configuration { get; init; }

    /// <summary>Default state merged under the upstream state (OpenFn's step <c>state</c> key).</summary>
    public JsonObject? DefaultState { get; init; }

    /// <summary>Outgoing edges, in the order they are declared (the order targets are queued).</summary>
    public IReadOnlyList<EdgePlan> Next { get; init; } = [];

    /// <summary>HTTP settings for the step's adaptor (timeouts, retries, opt-in to retry POST/PATCH); defaults when null.</summary>
    public HttpTransportOptions? Http { get; init; }
}

/// <summary>
/// An edge to <see cref="Target"/>. OpenFn's forms map to it as: <c>true</c> → Always; <c>false</c> → Never;
/// a string → a named condition or an Expression; an object → its condition, or Never when it has none;
/// <c>disabled: true</c> → <see cref="Disabled"/>.
/// </summary>
public sealed record EdgePlan
{
    public required string Target { get; init; }
    public EdgeCondition Condition { get; init; } = EdgeCondition.Always;

    /// <summary>JavaScript expression of an <see cref="EdgeCondition.Expression"/> edge, evaluated with <c>state</c> and <c>upstreamStepId</c> in scope.</summary>
    public string? Expression { get; init; }

    public string? Label { get; init; }
    public bool Disabled { get; init; }

    /// <summary>Parses an OpenFn condition string: the named conditions (and their aliases) or a JavaScript expression.</summary>
    public static EdgePlan FromCondition(string target, string condition) => condition switch
    {
        "always" => new EdgePlan { Target = target, Condition = EdgeCondition.Always },
        "on_job_success" or "on_upstream_success" => new EdgePlan { Target = target, Condition = EdgeCondition.OnSuccess },
        "on_job_failure" or "on_upstream_fail" => new EdgePlan { Target = target, Condition = EdgeCondition.OnFailure },
        _ => new EdgePlan { Target = target, Condition = EdgeCondition.Expression, Expression = condition },
    };
}

public enum EdgeCondition
{
    Always,

    /// <summary><c>on_job_success</c>: the upstream step's output has no <c>errors[upstreamStepId]</c>.</summary>
    OnSuccess,

    /// <summary><c>on_job_failure</c>: the upstream step's output has <c>errors[upstreamStepId]</c>.</summary>
    OnFailure,
    Expression,

    /// <summary>An object edge without a condition, or <c>false</c>: never followed (OpenFn behaviour).</summary>
    Never,
}

/// <summary>Receives a run's progress as it happens (called on the run's threads; keep it quick).</summary>
public interface IWorkflowObserver
{
    void StepStarted(StepStart start)
    {
    }

    void StepFinished(StepRecord record)
    {
    }

    /// <summary>Every log line of the run (runtime, job console and adaptor), already scrubbed.</summary>
    void Log(LogLine line)
    {
    }

    /// <summary>A long operation's progress in a step (<c>each</c>: items done of total), a few times a second at most.</summary>
    void Progress(string stepId, long done, long? total)
    {
    }
}

/// <summary>A step about to run: its run id (<c>x</c>, or <c>x-1</c> on a second visit), its plan id and its input.</summary>
public sealed record StepStart(string StepId, string PlanStepId, string? Name, JsonNode? Input, DateTimeOffset StartedAt);

/// <summary>Where to start and stop (CLI <c>--start</c>, <c>--end</c>, <c>--only</c>) and the limits to run under.</summary>
public sealed record WorkflowRunOptions
{
    /// <summary>Step to start from: an id, or a unique part of a step's id or name.</summary>
    public string? Start { get; init; }

    /// <summary>Step after which the run stops, even with steps still queued.</summary>
    public string? End { get; init; }

    /// <summary>Run only this step (start and end at it).</summary>
    public string? Only { get; init; }

    /// <summary>Per-step limits (OpenFn's per-step timeout is <see cref="EngineLimits.Timeout"/>).</summary>
    public EngineLimits Limits { get; init; } = new();

    /// <summary>Whole-run time limit, as Lightning's worker enforces; none when null.</summary>
    public TimeSpan? RunTimeout { get; init; }

    /// <summary>Keys removed from every step output. OpenFn CLI: configuration; Lightning: configuration and response.</summary>
    public IReadOnlyList<string> StatePropsToRemove { get; init; } = ["configuration"];

    /// <summary>Largest serialized step output (OpenFn default 500 MB).</summary>
    public long StateLimitBytes { get; init; } = 500L * 1024 * 1024;

    /// <summary>Time zone jobs see (Date, cursor phrases). UTC unless the workflow says otherwise.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>Id of this run, attached to every log line as a logging scope.</summary>
    public string RunId { get; init; } = Guid.NewGuid().ToString("N");

    public IWorkflowObserver? Observer { get; init; }
}

/// <summary>Run outcome, as OpenFn Lightning names it (§7.5).</summary>
public enum RunStatus
{
    Success,
    Failed,
    Crashed,
    Killed,
    Exception,

    /// <summary>The caller cancelled the run while it was running.</summary>
    Cancelled,
}

/// <summary>One step execution within a run.</summary>
public sealed record StepRecord
{
    /// <summary>The step's id in this run: the plan id, suffixed <c>-1</c>, <c>-2</c> … on repeated visits.</summary>
    public required string StepId { get; init; }

    public string? PlanStepId { get; init; }
    public string? Name { get; init; }
    public required RunStatus Status { get; init; }

    /// <summary>The state handed to the step (the upstream output or the run input), without configuration.</summary>
    public JsonNode? Input { get; init; }

    public JsonNode? Output { get; init; }

    /// <summary>The serialized error (OpenFn's <c>errors[stepId]</c> shape) when the step failed.</summary>
    public JsonObject? Error { get; init; }

    public StepFailure? Failure { get; init; }

    /// <summary>True when no edge was followed from this step (or the run ended at it): its outcome decides the run status.</summary>
    public bool IsLeaf { get; init; }

    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset FinishedAt { get; init; }
}

public sealed record WorkflowResult
{
    public required RunStatus Status { get; init; }

    /// <summary>Single leaf: its state. Several leaves: an object keyed by step id. No leaf: null.</summary>
    public JsonNode? FinalState { get; init; }

    public IReadOnlyList<StepRecord> Steps { get; init; } = [];

    /// <summary>One-line reason when the run did not succeed, e.g. <c>TimeoutError: Job took longer than 300000ms to complete</c>.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The error that decided a non-successful status.</summary>
    public StepFailure? Failure { get; init; }
}
