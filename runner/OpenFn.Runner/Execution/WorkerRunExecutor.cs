using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using OpenFn.Runner.History;
using OpenFn.Runner.Logging;
using OpenFn.Runtime.Logging;

namespace OpenFn.Runner.Execution;

/// <summary>
/// Runs jobs in child processes of the runner (<c>openfn worker</c>) whose GC heap is capped at the run's memory limit,
/// one run at a time per process, and kills the process when the run's wall-clock limit (plus a grace period) is spent
/// or the runner stops it. A memory bomb or an endless loop therefore ends only its own run — killed or crashed —
/// never the runner or another run. A worker that finished a run cleanly is reused for later runs with the same memory
/// limit (up to <see cref="MaxRunsPerWorker"/>), and <see cref="Prestart"/> warmed-up workers wait ready, so neither
/// process start nor JIT is on a run's clock.
/// </summary>
public sealed class WorkerRunExecutor : IRunExecutor, IDisposable
{
    private readonly long _defaultMemoryBytes;
    private readonly TimeSpan _defaultTimeout;
    private readonly Func<ProcessStartInfo> _launcher;
    private readonly ConcurrentDictionary<long, ConcurrentStack<WorkerProcess>> _ready = new();
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

    /// <summary>Runs one worker process serves before it is replaced (bounds what a long-lived process accumulates).</summary>
    public int MaxRunsPerWorker { get; init; } = 100;

    /// <summary>Idle workers kept per memory limit; more are let go.</summary>
    public int MaxIdle { get; init; } = 4;

    public async Task<RunOutcome> ExecuteAsync(RunJob job, IRunEvents events, CancellationToken cancellationToken)
    {
        var memory = job.MemoryBytes ?? _defaultMemoryBytes;
        var timeout = job.Timeout ?? _defaultTimeout;
        job = job with { MemoryBytes = memory, Timeout = timeout };

        var worker = Take(memory);
        var process = worker.Process;
        worker.ClearErrors();
        RunOutcome? outcome = null;
        using var deadline = new CancellationTokenSource(timeout + KillGrace);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            await process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(job, WorkerProtocol.Json).AsMemory(), stop.Token);
            await process.StandardInput.FlushAsync(stop.Token);
            while (outcome is null && await process.StandardOutput.ReadLineAsync(stop.Token) is { } line)
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
        }
        catch (OperationCanceledException)
        {
            worker.Dispose();
            return RunOutcome.Ended(job.RunId, RunState.Killed, deadline.IsCancellationRequested
                ? $"TimeoutError: the run took longer than {Durations.Format(timeout)}"
                : "KilledError: the runner stopped this run (shutdown)", events);
        }
        catch (IOException)
        {
            // the worker died while we were writing to it; its exit is classified below
        }

        if (outcome is not null)
        {
            // A run that was killed or crashed ends its worker (the worker leaves too); a clean one passes it on.
            if (outcome.Status is RunState.Killed or RunState.Crashed)
                worker.Dispose();
            else
                Return(worker, memory);
            return outcome;
        }
        await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { });
        var errors = worker.Errors;
        var exitCode = process.HasExited ? process.ExitCode : -1;
        worker.Dispose();
        if (errors.Contains("OutOfMemory", StringComparison.OrdinalIgnoreCase) || errors.Contains("out of memory", StringComparison.OrdinalIgnoreCase))
            return RunOutcome.Ended(job.RunId, RunState.Killed, $"OOMError: the run used more than its {memory / 1024 / 1024} MB of memory", events);
        var firstLine = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no message";
        return RunOutcome.Ended(job.RunId, RunState.Crashed, $"WorkerError: the worker process exited with code {exitCode}: {firstLine}", events);
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var stack in _ready.Values)
            while (stack.TryPop(out var worker))
                worker.Dispose();
    }

    private WorkerProcess Take(long memory)
    {
        WorkerProcess? worker = null;
        // Last in, first out: a worker just returned from a run is warm; one started a moment ago may still be warming up.
        if (_ready.TryGetValue(memory, out var idle))
        {
            while (worker is null && idle.TryPop(out var candidate))
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

    /// <summary>A worker that ended its run cleanly serves the next one, unless it has served enough or enough are idle.</summary>
    private void Return(WorkerProcess worker, long memory)
    {
        var idle = _ready.GetOrAdd(memory, _ => new ConcurrentStack<WorkerProcess>());
        if (_disposed || ++worker.Runs >= MaxRunsPerWorker || worker.Process.HasExited || idle.Count >= MaxIdle)
            worker.Dispose();
        else
            idle.Push(worker);
    }

    private void Refill(long memory)
    {
        var idle = _ready.GetOrAdd(memory, _ => new ConcurrentStack<WorkerProcess>());
        while (!_disposed && idle.Count < Prestart)
            idle.Push(new WorkerProcess(_launcher(), memory));
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

        /// <summary>Runs this process has completed.</summary>
        public int Runs { get; set; }

        public void ClearErrors()
        {
            lock (_errors)
                _errors.Clear();
        }

        public string Errors
        {
            get
            {
                lock (_errors)
                    return _errors.ToString();
            }
        }

        /// <summary>Lets an idle worker go (end of input) and kills it if it does not leave at once.</summary>
        public void Dispose()
        {
            try
            {
                if (!Process.HasExited)
                {
                    Process.StandardInput.Close();
                    if (!Process.WaitForExit(TimeSpan.FromMilliseconds(200)))
                        Process.Kill(entireProcessTree: true);
                }
            }
            catch (IOException)
            {
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
