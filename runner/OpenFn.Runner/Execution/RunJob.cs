using System.Text.Json.Nodes;
using OpenFn.Adaptors.Common;
using OpenFn.Runner.History;
using OpenFn.Runtime;

namespace OpenFn.Runner.Execution;

/// <summary>Everything needed to execute one run, in or out of process (it is what a worker process receives).</summary>
public sealed record RunJob
{
    public required string RunId { get; init; }
    public required WorkflowPlan Plan { get; init; }
    public JsonObject Input { get; init; } = new();
    public string? Start { get; init; }
    public string? End { get; init; }
    public string? Only { get; init; }

    /// <summary>Wall-clock limit of the whole run; the run is killed (TimeoutError) when it is spent.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Memory cap of the run (a worker's GC heap limit; the engine's own limit in process).</summary>
    public long? MemoryBytes { get; init; }

    public string TimeZoneId { get; init; } = "UTC";

    /// <summary>Keys removed from every step output: the CLI's <c>configuration</c>; serve also <c>response</c>, as Lightning does.</summary>
    public IReadOnlyList<string> StatePropsToRemove { get; init; } = ["configuration"];

    /// <summary>Every credential value the run can see: its step configurations, shared credentials and input configuration.</summary>
    public SecretScrubber Scrubber() =>
        SecretScrubber.FromConfigurations([Plan.Credentials, Input["configuration"], .. Plan.Steps.Select(s => s.Configuration)]);
}

/// <summary>How a run ended, whichever executor ran it.</summary>
public sealed record RunOutcome
{
    public required RunState Status { get; init; }
    public JsonNode? FinalState { get; init; }
    public IReadOnlyList<StepRecord> Steps { get; init; } = [];

    /// <summary><c>ErrorType: message</c> when the run did not succeed.</summary>
    public string? Error { get; init; }

    /// <summary>
    /// An outcome decided outside the runtime (a worker killed or lost, a run that could not start), with the final
    /// log lines the runtime would have written.
    /// </summary>
    public static RunOutcome Ended(string runId, RunState status, string error, IRunEvents events)
    {
        var now = DateTimeOffset.UtcNow;
        events.Log(new LogEntry { RunId = runId, Time = now, Level = "error", Source = "R/T", Message = $"Run complete with status: {status.ToText()}" });
        events.Log(new LogEntry { RunId = runId, Time = now, Level = "error", Source = "R/T", Message = error });
        return new RunOutcome { Status = status, Error = error };
    }
}

/// <summary>What happens during a run, as it happens: log lines, steps as they start and finish, progress of long steps.</summary>
public interface IRunEvents
{
    void Log(LogEntry entry);

    void StepStarted(string stepId);

    void StepCompleted(StepRecord step);

    /// <summary>A long step's progress, e.g. <c>each</c> item <paramref name="done"/> of <paramref name="total"/>.</summary>
    void Progress(string stepId, long done, long? total);
}

/// <summary>Runs a <see cref="RunJob"/>: in this process (CLI) or in a worker process (serve).</summary>
public interface IRunExecutor
{
    Task<RunOutcome> ExecuteAsync(RunJob job, IRunEvents events, CancellationToken cancellationToken);
}

/// <summary>Sends every event to several listeners.</summary>
public sealed class RunEventsFanOut(params IRunEvents[] listeners) : IRunEvents
{
    public void Log(LogEntry entry)
    {
        foreach (var listener in listeners)
            listener.Log(entry);
    }

    public void StepStarted(string stepId)
    {
        foreach (var listener in listeners)
            listener.StepStarted(stepId);
    }

    public void StepCompleted(StepRecord step)
    {
        foreach (var listener in listeners)
            listener.StepCompleted(step);
    }

    public void Progress(string stepId, long done, long? total)
    {
        foreach (var listener in listeners)
            listener.Progress(stepId, done, total);
    }
}
