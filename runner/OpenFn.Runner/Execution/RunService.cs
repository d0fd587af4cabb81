using System.Text.Json.Nodes;
using OpenFn.Runner.History;
using OpenFn.Runtime;

namespace OpenFn.Runner.Execution;

/// <summary>A run to perform: the job plus what the history records about it.</summary>
public sealed record RunTicket
{
    public required RunJob Job { get; init; }

    /// <summary>Workflow key (or the job/workflow file name for ad-hoc CLI runs).</summary>
    public required string Workflow { get; init; }

    public string? Trigger { get; init; }
    public string TriggerType { get; init; } = "manual";
    public string? ProjectVersion { get; init; }

    /// <summary>When set, the run's result becomes the workflow's cursor (cron runs, <c>openfn run --cursor</c>).</summary>
    public CursorRule? Cursor { get; init; }

    public string? RetryOf { get; init; }
    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.UtcNow;

    public string RunId => Job.RunId;
}

/// <summary>
/// Performs runs and records them: history entry, steps and logs as they happen, then the final status together
/// with the new cursor. Every state and line written goes through the run's secret scrubber first.
/// </summary>
public sealed class RunService(IHistoryStore? history, IRunExecutor executor)
{
    /// <summary>Largest state (step input/output, final state) kept in history; bigger ones are replaced by a note.</summary>
    public long MaxStoredStateBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>Records the run as pending (a queued trigger run gets its id before a slot is free).</summary>
    public async Task RecordPendingAsync(RunTicket ticket, CancellationToken cancellationToken = default)
    {
        if (history is null)
            return;
        await history.CreateRunAsync(RunRecorder.Pending(ticket, MaxStoredStateBytes), cancellationToken);
    }

    /// <summary>Runs the ticket (recording it first unless <see cref="RecordPendingAsync"/> already did) and returns the scrubbed outcome.</summary>
    public async Task<RunOutcome> ExecuteAsync(RunTicket ticket, IRunEvents live, bool alreadyRecorded = false, CancellationToken cancellationToken = default)
    {
        var recorder = history is null ? null : new RunRecorder(history, ticket, MaxStoredStateBytes);
        if (recorder is not null)
        {
            if (!alreadyRecorded)
                await history!.CreateRunAsync(RunRecorder.Pending(ticket, MaxStoredStateBytes), CancellationToken.None);
            await history!.MarkStartedAsync(ticket.RunId, DateTimeOffset.UtcNow, CancellationToken.None);
        }
        RunOutcome outcome;
        try
        {
            outcome = await executor.ExecuteAsync(ticket.Job, recorder is null ? live : new RunEventsFanOut(live, recorder), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            outcome = new RunOutcome { Status = RunState.Exception, Error = $"{e.GetType().Name}: {e.Message}" };
        }
        var scrubber = ticket.Job.Scrubber();
        var cursor = ticket.Cursor?.Select(outcome) is { } cursorState ? new CursorRecord(ticket.Workflow, Scrubbed(cursorState, scrubber), ticket.RunId, DateTimeOffset.UtcNow) : null;
        var final = outcome with { FinalState = Scrubbed(outcome.FinalState, scrubber), Error = outcome.Error is null ? null : scrubber.Scrub(outcome.Error) };
        if (recorder is not null)
            await recorder.FinishAsync(final, cursor);
        return final;
    }

    /// <summary>A copy without <c>configuration</c> and with credential values masked.</summary>
    internal static JsonNode? Scrubbed(JsonNode? state, OpenFn.Adaptors.Common.SecretScrubber scrubber)
    {
        var copy = scrubber.Scrub(state);
        if (copy is JsonObject obj)
            obj.Remove("configuration");
        return copy;
    }
}

/// <summary>
/// Which state the next cron run starts from (§7.3): the named job's last successful output when
/// <see cref="StepId"/> is set (Lightning's <c>cron_cursor_job</c>), else the final state of a successful run;
/// optionally only some top-level keys, and never more than <see cref="MaxBytes"/>.
/// </summary>
public sealed record CursorRule(string? StepId, IReadOnlyList<string> Keys, long MaxBytes = 10 * 1024 * 1024)
{
    public JsonNode? Select(RunOutcome outcome)
    {
        JsonNode? state;
        if (StepId is not null)
        {
            var step = outcome.Steps.LastOrDefault(s => s.StepId == StepId || StepIds.BaseId(s.StepId) == StepId);
            if (step is null || step.Status != RunStatus.Success || step.Output is null)
                return null;
            state = step.Output;
        }
        else
        {
            if (outcome.Status != RunState.Success)
                return null;
            state = outcome.FinalState ?? new JsonObject();
        }
        var copy = state.DeepClone();
        if (copy is JsonObject obj)
        {
            obj.Remove("configuration");
            if (Keys.Count > 0)
                foreach (var key in obj.Select(p => p.Key).Where(k => !Keys.Contains(k)).ToList())
                    obj.Remove(key);
        }
        return System.Text.Encoding.UTF8.GetByteCount(copy.ToJsonString()) > MaxBytes ? null : copy;
    }
}

public static class StepIds
{
    /// <summary>A step that ran more than once is reported as <c>x-1</c>, <c>x-2</c>…; this returns <c>x</c>.</summary>
    public static string BaseId(string stepId)
    {
        var dash = stepId.LastIndexOf('-');
        return dash > 0 && dash < stepId.Length - 1 && stepId[(dash + 1)..].All(char.IsAsciiDigit) ? stepId[..dash] : stepId;
    }
}
