using System.Text.Json.Nodes;
using OpenFn.Runtime;

namespace OpenFn.Runner.History;

/// <summary>Where a run is in its life; the final states are Lightning's run statuses (§7.5).</summary>
public enum RunState
{
    Pending,
    Running,
    Success,
    Failed,
    Crashed,
    Killed,
    Exception,

    /// <summary>The runner stopped (crashed or was killed) while the run was in flight; found at the next start.</summary>
    Lost,

    /// <summary>The run was queued but never started (the runner shut down first).</summary>
    Cancelled,
}

public static class RunStates
{
    public static string ToText(this RunState state) => state.ToString().ToLowerInvariant();

    public static RunState Parse(string text) => Enum.Parse<RunState>(text, ignoreCase: true);

    public static bool IsFinal(this RunState state) => state is not (RunState.Pending or RunState.Running);

    public static RunState From(RunStatus status) => status switch
    {
        RunStatus.Success => RunState.Success,
        RunStatus.Failed => RunState.Failed,
        RunStatus.Crashed => RunState.Crashed,
        RunStatus.Killed => RunState.Killed,
        RunStatus.Cancelled => RunState.Killed, // stopped while running (Ctrl+C, shutdown): Lightning's "killed"
        _ => RunState.Exception,
    };
}

/// <summary>One run of a workflow. States are stored without <c>configuration</c> and with secrets scrubbed.</summary>
public sealed record RunRecord
{
    public required string Id { get; init; }
    public required string Workflow { get; init; }

    /// <summary>The trigger key for trigger runs; null for manual runs.</summary>
    public string? Trigger { get; init; }

    /// <summary><c>cron</c>, <c>webhook</c> or <c>manual</c>.</summary>
    public required string TriggerType { get; init; }

    public RunState Status { get; init; } = RunState.Pending;
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The project version (content hash or deployed commit) the run executed.</summary>
    public string? ProjectVersion { get; init; }

    public JsonNode? Input { get; init; }
    public JsonNode? FinalState { get; init; }

    /// <summary>One line, e.g. <c>TimeoutError: run exceeded 300 s</c>, when the run did not succeed.</summary>
    public string? Error { get; init; }

    /// <summary>Id of the run this one retries.</summary>
    public string? RetryOf { get; init; }
}

/// <summary>One step execution of a run, in execution order.</summary>
public sealed record StepEntry
{
    public required string RunId { get; init; }
    public required int Sequence { get; init; }
    public required string StepId { get; init; }
    public string? Name { get; init; }
    public required RunState Status { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public JsonNode? Input { get; init; }
    public JsonNode? Output { get; init; }
    public JsonObject? Error { get; init; }
}

/// <summary>One log line of a run. <see cref="Source"/> is OpenFn's namespace: R/T, JOB, ADA, CLI, RTE.</summary>
public sealed record LogEntry
{
    public required string RunId { get; init; }
    public required DateTimeOffset Time { get; init; }
    public required string Level { get; init; }
    public required string Source { get; init; }
    public string? StepId { get; init; }
    public required string Message { get; init; }
}

/// <summary>The state the next cron run of a workflow starts from.</summary>
public sealed record CursorRecord(string Workflow, JsonNode? State, string? RunId, DateTimeOffset UpdatedAt);

public sealed record RunQuery
{
    public string? Workflow { get; init; }
    public RunState? Status { get; init; }
    public string? Trigger { get; init; }
    public int Limit { get; init; } = 50;
}

/// <summary>How a run ended.</summary>
public sealed record RunCompletion
{
    public required string RunId { get; init; }
    public required RunState Status { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }
    public JsonNode? FinalState { get; init; }
    public string? Error { get; init; }
}
