using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using OpenFn.Runner.History;
using OpenFn.Runner.Logging;

namespace OpenFn.Runner.Execution;

/// <summary>
/// Runs each job in its own child process of the runner (<c>openfn worker</c>) whose GC heap is capped at the run's
/// memory limit, and kills it when the run's wall-clock limit (plus a grace period) is spent or the runner stops it.
/// A memory bomb or an endless loop therefore ends only its own run: killed or crashed, never the runner.
/// A process serves one run only; to keep start-up off the run's clock, <see cref="Prestart"/> warmed-up workers per
/// memory limit wait for their job.
/// </summary>
public sealed class WorkerRunExecutor : IRunExecutor, IDisposable
{
    private readonly long _defaultMemoryBytes;
    private readonly TimeSpan _defaultTimeout;
    private readonly Func<ProcessStartInfo> _launcher;
    private readonly ConcurrentDictionary<long, ConcurrentQueue<WorkerProcess>> _ready = new();
    private volatile bool _disposed;

    public WorkerRunExecutor(long defaultMemoryBytes, TimeSpan defaultTimeout, Func<ProcessStartInfo>? launcher = null, int prestart = 1)
    {
        _defaultMemoryBytes = defaultMemoryBytes;
        _defaultTimeout = defaultTimeout;
        _launcher = launcher ?? WorkerProtocol.StartInfo;
        Prestart = prestart;
        Refill(defaultMemoryBytes);
    }

    /// <summary>Idle workers kept ready per memory limit.</summary>
    public int Prestart { get; }

    /// <summary>Time the worker gets past the run's limit to report a timeout itself before it is killed.</summary>
    public TimeSpan KillGrace { get; init; } = TimeSpan.FromSeconds(5);

    public async Task<RunOutcome> ExecuteAsync(RunJob job, IRunEvents events, CancellationToken cancellationToken)
    {
        var memory = job.MemoryBytes ?? _defaultMemoryBytes;
        var timeout = job.Timeout ?? _defaultTimeout;
        job = job with { MemoryBytes = memory, Timeout = timeout };

        using var worker = Take(memory);
        var process = worker.Process;
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
        var errors = worker.Errors;
        if (errors.Contains("OutOfMemory", StringComparison.OrdinalIgnoreCase) || errors.Contains("out of memory", StringComparison.OrdinalIgnoreCase))
            return new RunOutcome { Status = RunState.Killed, Error = $"OOMError: the run used more than its {memory / 1024 / 1024} MB of memory" };
        var firstLine = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no message";
        return new RunOutcome { Status = RunState.Crashed, Error = $"WorkerError: the worker process exited with code {process.ExitCode}: {firstLine}" };
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var queue in _ready.Values)
            while (queue.TryDequeue(out var idle))
                idle.Dispose();
    }

    private WorkerProcess Take(long memory)
    {
        WorkerProcess? worker = null;
        if (_ready.TryGetValue(memory, out var queue))
        {
            while (worker is null && queue.TryDequeue(out var candidate))
            {
                if (candidate.Process.HasExited)
                    candidate.Dispose();
                else
                    worker = candidate;
            }
        }
        worker ??= new WorkerProcess(_launcher(), memory);
        Refill(memory);
        return worker;
    }

    private void Refill(long memory)
    {
        var queue = _ready.GetOrAdd(memory, _ => new ConcurrentQueue<WorkerProcess>());
        while (!_disposed && queue.Count < Prestart)
            queue.Enqueue(new WorkerProcess(_launcher(), memory));
    }

    /// <summary>One started worker process, its memory cap set, collecting what it writes to stderr.</summary>
    private sealed class WorkerProcess : IDisposable
    {
        private readonly StringBuilder _errors = new();

        public WorkerProcess(ProcessStartInfo start, long memoryBytes)
        {
            start.RedirectStandardInput = true;
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            start.StandardOutputEncoding = Encoding.UTF8;
            start.StandardErrorEncoding = Encoding.UTF8;
            start.Environment["DOTNET_GCHeapHardLimit"] = "0x" + memoryBytes.ToString("X");
            start.Environment["DOTNET_gcServer"] = "0";
            Process = new Process { StartInfo = start };
            Process.ErrorDataReceived += (_, e) =>
            {
                lock (_errors)
                    if (e.Data is not null && _errors.Length < 16 * 1024)
                        _errors.AppendLine(e.Data);
            };
            Process.Start();
            Process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public string Errors
        {
            get
            {
                lock (_errors)
                    return _errors.ToString();
            }
        }

        public void Dispose()
        {
            try
            {
                if (!Process.HasExited)
                    Process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
            Process.Dispose();
        }
    }
}
