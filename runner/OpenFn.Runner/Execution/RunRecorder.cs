using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using OpenFn.Adaptors.Common;
using OpenFn.Runner.History;
using OpenFn.Runtime;

namespace OpenFn.Runner.Execution;

/// <summary>
/// Writes one run's events to the history store in the order they happen (a background writer, so the run never
/// waits on the database), after removing <c>configuration</c>, masking credential values and capping sizes.
/// </summary>
internal sealed class RunRecorder : IRunEvents
{
    private readonly IHistoryStore _history;
    private readonly RunTicket _ticket;
    private readonly long _maxStateBytes;
    private readonly SecretScrubber _scrubber;
    private readonly Channel<object> _writes = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private int _sequence;

    public RunRecorder(IHistoryStore history, RunTicket ticket, long maxStateBytes)
    {
        _history = history;
        _ticket = ticket;
        _maxStateBytes = maxStateBytes;
        _scrubber = ticket.Job.Scrubber();
        _writer = Task.Run(WriteAllAsync);
    }

    /// <summary>The history entry of a run that has not started yet.</summary>
    public static RunRecord Pending(RunTicket ticket, long maxStateBytes) => new()
    {
        Id = ticket.RunId,
        Workflow = ticket.Workflow,
        Trigger = ticket.Trigger,
        TriggerType = ticket.TriggerType,
        Status = RunState.Pending,
        CreatedAt = ticket.CreatedAt,
        ProjectVersion = ticket.ProjectVersion,
        Input = Stored(ticket.Job.Input, ticket.Job.Scrubber(), maxStateBytes),
        RetryOf = ticket.RetryOf,
    };

    public void Log(LogEntry entry) => _writes.Writer.TryWrite(entry with { Message = _scrubber.Scrub(entry.Message) });

    public void StepStarted(string stepId)
    {
    }

    public void Progress(string stepId, long done, long? total)
    {
    }

    public void StepCompleted(StepRecord step)
    {
        var plan = FindPlanStep(step.StepId);
        _writes.Writer.TryWrite(new StepEntry
        {
            RunId = _ticket.RunId,
            Sequence = Interlocked.Increment(ref _sequence) - 1,
            StepId = step.StepId,
            Name = plan?.Name,
            Status = RunStates.From(step.Status),
            StartedAt = step.StartedAt,
            FinishedAt = step.FinishedAt,
            Input = Stored(step.Input),
            Output = Stored(step.Output),
            Error = _scrubber.Scrub(step.Error) as JsonObject,
        });
    }

    /// <summary>Writes what is still queued, then the final status and cursor in one transaction.</summary>
    public async Task FinishAsync(RunOutcome outcome, CursorRecord? cursor)
    {
        _writes.Writer.TryWrite(new RunCompletion
        {
            RunId = _ticket.RunId,
            Status = outcome.Status,
            FinishedAt = DateTimeOffset.UtcNow,
            FinalState = Stored(outcome.FinalState),
            Error = outcome.Error,
        });
        _writes.Writer.TryWrite(cursor ?? (object)NoCursor.Instance);
        _writes.Writer.Complete();
        await _writer;
    }

    private async Task WriteAllAsync()
    {
        var logs = new List<LogEntry>();
        RunCompletion? completion = null;
        await foreach (var item in _writes.Reader.ReadAllAsync())
        {
            switch (item)
            {
                case LogEntry log:
                    logs.Add(log);
                    if (logs.Count >= 200)
                        await FlushLogsAsync(logs);
                    break;
                case StepEntry step:
                    await FlushLogsAsync(logs);
                    await _history.AddStepAsync(step);
                    break;
                case RunCompletion done:
                    await FlushLogsAsync(logs);
                    completion = done;
                    break;
                case CursorRecord cursor:
                    await _history.CompleteRunAsync(completion!, cursor);
                    break;
                case NoCursor:
                    await _history.CompleteRunAsync(completion!, null);
                    break;
            }
        }
    }

    private async Task FlushLogsAsync(List<LogEntry> logs)
    {
        if (logs.Count == 0)
            return;
        await _history.AddLogsAsync(logs.ToArray());
        logs.Clear();
    }

    private JsonNode? Stored(JsonNode? state) => Stored(state, _scrubber, _maxStateBytes);

    private static JsonNode? Stored(JsonNode? state, SecretScrubber scrubber, long maxStateBytes)
    {
        var scrubbed = RunService.Scrubbed(state, scrubber);
        if (scrubbed is null)
            return null;
        var bytes = Encoding.UTF8.GetByteCount(scrubbed.ToJsonString());
        return bytes <= maxStateBytes
            ? scrubbed
            : new JsonObject { ["notStored"] = $"{bytes / 1024.0 / 1024.0:0.0} MB, over the {maxStateBytes / 1024.0 / 1024.0:0.#} MB history limit" };
    }

    private StepPlan? FindPlanStep(string stepId) =>
        _ticket.Job.Plan.Steps.FirstOrDefault(s => s.Id == stepId) ?? _ticket.Job.Plan.Steps.FirstOrDefault(s => s.Id == StepIds.BaseId(stepId));

    private sealed class NoCursor
    {
        public static readonly NoCursor Instance = new();
    }
}
