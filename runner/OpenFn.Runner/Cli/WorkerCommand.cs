using System.CommandLine;
using System.Text;
using System.Text.Json;
using OpenFn.Compiler;
using OpenFn.Runner.Execution;
using OpenFn.Runner.History;
using OpenFn.Runtime;

namespace OpenFn.Runner.Cli;

/// <summary>
/// <c>openfn worker</c> (hidden): the child side of <see cref="WorkerRunExecutor"/>. Reads one run from stdin, runs it,
/// and streams its events and outcome to stdout as JSON lines (see <see cref="WorkerProtocol"/>).
/// </summary>
public static class WorkerCommand
{
    public static Command Create()
    {
        var command = new Command(WorkerProtocol.Command, "Internal: run one job read from stdin and report on stdout") { Hidden = true };
        command.SetAction(async (_, cancellationToken) =>
        {
            var job = JsonSerializer.Deserialize<RunJob>(await Console.In.ReadLineAsync(cancellationToken) ?? "", WorkerProtocol.Json)
                ?? throw new InvalidOperationException("no job on stdin");
            await using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = true };
            var events = new StreamEvents(stdout);
            RunOutcome outcome;
            try
            {
                outcome = await new LocalRunExecutor(AdaptorCatalog.CreateRegistry(), new JobCompiler()).ExecuteAsync(job, events, cancellationToken);
            }
            catch (OutOfMemoryException)
            {
                outcome = new RunOutcome { Status = RunState.Killed, Error = "OOMError: the run ran out of memory" };
            }
            events.Send(new WorkerMessage { Outcome = outcome });
            return ExitCodes.Success;
        });
        return command;
    }

    private sealed class StreamEvents(StreamWriter writer) : IRunEvents
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
