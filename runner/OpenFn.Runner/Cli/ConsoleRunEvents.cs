using OpenFn.Runner.Execution;
using OpenFn.Runner.History;
using OpenFn.Runner.Logging;
using OpenFn.Runtime;

namespace OpenFn.Runner.Cli;

/// <summary>Shows a run's events on the console: its log lines, a line per finished step, and progress on the status line.</summary>
public sealed class ConsoleRunEvents(LogOutput output, string workflow) : IRunEvents
{
    public void Log(LogEntry entry) => output.Write(entry, workflow);

    public void StepStarted(string stepId) => output.SetStatus($"{workflow}: running {stepId}");

    public void Progress(string stepId, long done, long? total) =>
        output.SetStatus($"{workflow}: {stepId} {done}{(total is null ? "" : $"/{total}")}");

    /// <summary>The runtime logs the step's result itself; the status line goes back to the run.</summary>
    public void StepCompleted(StepRecord step) => output.SetStatus($"{workflow}: running");
}
