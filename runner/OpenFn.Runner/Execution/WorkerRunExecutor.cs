using System.Diagnostics;
using System.Text;
using System.Text.Json;
using OpenFn.Runner.History;
using OpenFn.Runner.Logging;

namespace OpenFn.Runner.Execution;

/// <summary>
/// Runs each job in a child process of the runner (<c>openfn worker</c>) whose GC heap is capped at the run's
/// memory limit, and kills it when the run's wall-clock limit (plus a grace period) is spent or the runner stops it.
/// A memory bomb or an endless loop therefore ends only its own run: killed or crashed, never the runner.
/// </summary>
public sealed class WorkerRunExecutor(long defaultMemoryBytes, TimeSpan defaultTimeout, Func<ProcessStartInfo>? launcher = null) : IRunExecutor
{
    /// <summary>Time the worker gets past the run's limit to report a timeout itself before it is killed.</summary>
    public TimeSpan KillGrace { get; init; } = TimeSpan.FromSeconds(5);

    public async Task<RunOutcome> ExecuteAsync(RunJob job, IRunEvents events, CancellationToken cancellationToken)
    {
        var memory = job.MemoryBytes ?? defaultMemoryBytes;
        var timeout = job.Timeout ?? defaultTimeout;
        job = job with { MemoryBytes = memory, Timeout = timeout };

        var start = (launcher ?? WorkerProtocol.StartInfo)();
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.StandardOutputEncoding = Encoding.UTF8;
        start.StandardErrorEncoding = Encoding.UTF8;
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x" + memory.ToString("X");
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["DOTNET_TieredPGO"] = "0";

        using var process = new Process { StartInfo = start };
        process.Start();
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
                if (e.Data is not null && stderr.Length < 16 * 1024)
                    stderr.AppendLine(e.Data);
        };
        process.BeginErrorReadLine();

        await process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(job, WorkerProtocol.Json));
        process.StandardInput.Close();

        RunOutcome? outcome = null;
        var reading = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                var message = JsonSerializer.Deserialize<WorkerMessage>(line, WorkerProtocol.Json);
                if (message?.Log is { } log)
                    events.Log(log);
                else if (message?.StepStarted is { } started)
                    events.StepStarted(started);
                else if (message?.StepCompleted is { } step)
                    events.StepCompleted(step);
                else if (message?.Progress is { } progress)
                    events.Progress(progress.StepId, progress.Done, progress.Total);
                else if (message?.Outcome is { } done)
                    outcome = done;
            }
        }, CancellationToken.None);

        using var deadline = new CancellationTokenSource(timeout + KillGrace);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            await process.WaitForExitAsync(stop.Token);
            await reading;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            return deadline.IsCancellationRequested
                ? new RunOutcome { Status = RunState.Killed, Error = $"TimeoutError: the run took longer than {Durations.Format(timeout)}" }
                : new RunOutcome { Status = RunState.Killed, Error = "KilledError: the runner stopped this run (shutdown)" };
        }

        if (outcome is not null)
            return outcome;
        string errors;
        lock (stderr)
            errors = stderr.ToString();
        if (errors.Contains("OutOfMemory", StringComparison.OrdinalIgnoreCase) || errors.Contains("out of memory", StringComparison.OrdinalIgnoreCase))
            return new RunOutcome { Status = RunState.Killed, Error = $"OOMError: the run used more than its {memory / 1024 / 1024} MB of memory" };
        var lastLine = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no message";
        return new RunOutcome { Status = RunState.Crashed, Error = $"WorkerError: the worker process exited with code {process.ExitCode}: {lastLine}" };
    }
}
