using System.CommandLine;
using System.Text;
using System.Text.Json;
using OpenFn.Compiler;
using OpenFn.Runner.Execution;
using OpenFn.Runner.History;
using OpenFn.Runtime;

namespace OpenFn.Runner.Cli;

/// <summary>
/// <c>openfn worker</c> (hidden): the child side of <see cref="WorkerRunExecutor"/>. Reads runs from stdin, one JSON
/// line each, runs them one after the other, and streams each run's events and outcome to stdout as JSON lines (see
/// <see cref="WorkerProtocol"/>). Ends when stdin ends.
/// </summary>
public static class WorkerCommand
{
    public static Command Create()
    {
        var command = new Command(WorkerProtocol.Command, "Internal: run jobs read from stdin and report on stdout") { Hidden = true };
        command.SetAction(async (_, cancellationToken) =>
        {
            var executor = new LocalRunExecutor(AdaptorCatalog.CreateRegistry(), new JobCompiler());
            await WarmUpAsync(executor);
            await using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = true };
            var events = new StreamEvents(stdout);
            while (await Console.In.ReadLineAsync(cancellationToken) is { } line)
            {
                var job = JsonSerializer.Deserialize<RunJob>(line, WorkerProtocol.Json) ?? throw new InvalidOperationException("no job on stdin");
                RunOutcome outcome;
                try
                {
                    outcome = await executor.ExecuteAsync(job, events, cancellationToken);
                }
                catch (OutOfMemoryException)
                {
                    outcome = RunOutcome.Ended(job.RunId, RunState.Killed, "OOMError: the run ran out of memory", events);
                }
                events.Send(new WorkerMessage { Outcome = outcome });
                if (outcome.Status is RunState.Killed or RunState.Crashed)
                    break; // a run that broke its limits may have left the process in a bad way: end it
            }
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Runs a trivial job once while the worker waits for its real one, so the engine, compiler and runtime are compiled to machine code.</summary>
    private static async Task WarmUpAsync(LocalRunExecutor executor)
    {
        var plan = new WorkflowPlan { Name = "warm-up", Steps = [new StepPlan { Id = "warm-up", Expression = new JobSource("warm-up.js", "fn(state => ({ ...state, n: [1, 2].map(x => x * 2) }));") }] };
        await executor.ExecuteAsync(new RunJob { RunId = "warm-up", Plan = plan }, new StreamEvents(StreamWriter.Null), CancellationToken.None);
    }

    private sealed class StreamEvents(TextWriter writer) : IRunEvents
    {
        private readonly Lock _lock = new();

        public void Send(WorkerMessage message)
        {
            var line = JsonSerializer.Serialize(message, WorkerProtocol.Json);
            lock (_lock)
                writer.WriteLine(line);
        }

        public void Log(LogEntry entry) => Send(new WorkerMessage { Log = entry });

        public void StepStarted(string stepId) => Send(new WorkerMessage { StepStarted = stepId });

        public void StepCompleted(StepRecord step) => Send(new WorkerMessage { StepCompleted = step });

        public void Progress(string stepId, long done, long? total) => Send(new WorkerMessage { Progress = new WorkerProgress(stepId, done, total) });
    }
}
