using OpenFn.Runner.Execution;
using OpenFn.Runner.History;
using OpenFn.Runner.Logging;
using OpenFn.Runtime;

namespace OpenFn.Runner.Cli;

/// <summary>Shows a run's events on the console: its log lines, a line per finished step, and progress on the status line.</summary>
public sealed class ConsoleRunEvents(LogOutput output, string runId, string workflow) : IRunEvents
{
    public void Log(LogEntry entry) => output.Write(entry, workflow);

    public void StepStarted(string stepId) => output.SetStatus($"{workflow}: running {stepId}");

    public void Progress(string stepId, long done, long? total) =>
        output.SetStatus($"{workflow}: {stepId} {done}{(total is null ? "" : $"/{total}")}");

    public void StepCompleted(StepRecord step)
    {
        var duration = Durations.Format(step.FinishedAt - step.StartedAt);
        var (level, message) = step.Status == RunStatus.Success
            ? (Levels.Success, $"{step.StepId} completed in {duration}")
            : (Levels.Error, $"{step.StepId} aborted with error ({duration}){ErrorText(step)}");
        output.Write(new LogEntry { RunId = runId, Time = DateTimeOffset.UtcNow, Level = level, Source = "R/T", StepId = step.StepId, Message = message }, workflow);
    }

    private static string ErrorText(StepRecord step) =>
        step.Error is { } error ? $": {error["type"] ?? error["name"]}: {error["message"]}" : "";
}
