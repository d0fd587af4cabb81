using System.Text.Json.Nodes;
using OpenFn.Compiler;

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

    public IReadOnlyList<EdgePlan> Next { get; init; } = [];
}

/// <summary>An edge to <see cref="Target"/>, followed when its condition holds for the step's output.</summary>
public sealed record EdgePlan
{
    public required string Target { get; init; }
    public EdgeCondition Condition { get; init; } = EdgeCondition.Always;

    /// <summary>JavaScript expression of a <see cref="EdgeCondition.Expression"/> edge, evaluated with <c>state</c> in scope.</summary>
    public string? Expression { get; init; }

    public string? Label { get; init; }
    public bool Disabled { get; init; }
}

public enum EdgeCondition
{
    Always,
    OnSuccess,
    OnFailure,
    Expression,

    /// <summary>An object edge without a condition: never followed (OpenFn behaviour).</summary>
    Never,
}

/// <summary>Where to start and stop (CLI <c>--start</c>, <c>--end</c>, <c>--only</c>) and the limits to run under.</summary>
public sealed record WorkflowRunOptions
{
    public string? Start { get; init; }
    public string? End { get; init; }
    public string? Only { get; init; }
    public EngineLimits Limits { get; init; } = new();

    /// <summary>Keys removed from every step output. OpenFn CLI: configuration; Lightning: configuration and response.</summary>
    public IReadOnlyList<string> StatePropsToRemove { get; init; } = ["configuration"];

    /// <summary>Time zone jobs see (Date, cursor phrases). UTC unless the workflow says otherwise.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;
}

/// <summary>Run outcome, as OpenFn Lightning names it.</summary>
public enum RunStatus
{
    Success,
    Failed,
    Crashed,
    Killed,
    Exception,
}

/// <summary>One step execution within a run.</summary>
public sealed record StepRecord
{
    public required string StepId { get; init; }
    public required RunStatus Status { get; init; }
    public JsonNode? Input { get; init; }
    public JsonNode? Output { get; init; }

    /// <summary>The serialized error (OpenFn's <c>errors[stepId]</c> shape) when the step failed.</summary>
    public JsonObject? Error { get; init; }

    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset FinishedAt { get; init; }
}

public sealed record WorkflowResult
{
    public required RunStatus Status { get; init; }

    /// <summary>Single leaf: its state. Several leaves: an object keyed by step id. No leaf: null.</summary>
    public JsonNode? FinalState { get; init; }

    public IReadOnlyList<StepRecord> Steps { get; init; } = [];

    /// <summary>One-line reason when the run did not succeed, e.g. <c>TimeoutError: Job took longer than 300000 ms</c>.</summary>
    public string? ErrorMessage { get; init; }
}
