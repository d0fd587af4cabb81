using System.Collections.Concurrent;
using OpenFn.Runner.Cli;
using OpenFn.Runner.Execution;
using OpenFn.Runner.History;
using OpenFn.Runner.Logging;
using OpenFn.Runner.Projects;
using OpenFn.Runtime.Logging;

namespace OpenFn.Runner.Serve;

/// <summary>A submitted run: its id at once, its outcome when it ends.</summary>
public sealed record RunHandle(string RunId, Task<RunOutcome> Outcome);

/// <summary>
/// Queues and runs serve's runs: one run of a workflow at a time (later runs of it wait their turn; a cron firing
/// while the workflow is busy is skipped), at most <see cref="ServeOptions.Concurrency"/> runs at once, automatic
/// retries per the workflow's <c>retry</c> policy, and a graceful shutdown: queued runs are cancelled, running ones
/// get the grace period, then are killed and recorded as killed.
/// </summary>
public sealed class RunDispatcher(RunService service, IHistoryStore history, ServeOptions options, LogOutput log)
{
    private static readonly RunState[] Retryable = [RunState.Failed, RunState.Killed, RunState.Exception];

    private readonly SemaphoreSlim _slots = new(options.Concurrency);
    private readonly ConcurrentDictionary<string, Lane> _lanes = new();
    private readonly ConcurrentDictionary<string, InFlight> _runs = new();
    private readonly ConcurrentDictionary<Task, RunTicket> _retries = new();
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Runs queued or running now.</summary>
    public int Count => _runs.Count;

    /// <summary>Whether a run queued, running or waiting to be retried belongs to project version <paramref name="version"/>.</summary>
    public bool IsUsing(string version) =>
        _runs.Values.Any(r => r.Ticket.ProjectVersion == version) || _retries.Any(r => !r.Key.IsCompleted && r.Value.ProjectVersion == version);

    /// <summary>
    /// Records the run as pending and queues it. Returns null when <paramref name="skipIfBusy"/> and the workflow already
    /// has a run queued or running.
    /// </summary>
    public async Task<RunHandle?> SubmitAsync(RunTicket ticket, bool skipIfBusy, RetryPolicy? retry = null, int attempt = 0)
    {
        if (_stopping.IsCancellationRequested)
            throw new RunnerStoppingException();
        var lane = _lanes.GetOrAdd(ticket.Workflow, _ => new Lane());
        lock (lane)
        {
            if (skipIfBusy && lane.Count > 0)
                return null;
            lane.Count++;
        }
        var run = new InFlight(ticket);
        _runs[ticket.RunId] = run;
        try
        {
            await service.RecordPendingAsync(ticket);
        }
        catch
        {
            Leave(lane, run);
            throw;
        }
        _ = Task.Run(() => RunAsync(run, lane, retry, attempt));
        return new RunHandle(ticket.RunId, run.Done.Task);
    }

    /// <summary>Stops taking runs, cancels queued ones, gives running ones <paramref name="grace"/>, then kills them.</summary>
    public async Task ShutdownAsync(TimeSpan grace)
    {
        await _stopping.CancelAsync();
        var running = _runs.Values.Select(r => (Task)r.Done.Task).ToArray();
        if (running.Length > 0)
            log.Cli(Levels.Always, $"Stopping: waiting up to {Durations.Format(grace)} for {running.Length} run(s) to finish");
        var finished = await Task.WhenAll(running).WaitAsync(grace).ContinueWith(t => t.IsCompletedSuccessfully);
        if (!finished)
        {
            foreach (var run in _runs.Values)
            {
                log.Cli(Levels.Warn, $"Killing run {run.Ticket.RunId[..8]} of {run.Ticket.Workflow}: the grace period is over");
                await run.Kill.CancelAsync();
            }
            await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => { });
        }
        await Task.WhenAll(_retries.Keys).ContinueWith(_ => { });
    }

    private async Task RunAsync(InFlight run, Lane lane, RetryPolicy? retry, int attempt)
    {
        var ticket = run.Ticket;
        RunOutcome outcome;
        try
        {
            await lane.Gate.WaitAsync(_stopping.Token);
            try
            {
                await _slots.WaitAsync(_stopping.Token);
                try
                {
                    var events = new ConsoleRunEvents(log, ticket.Workflow);
                    log.Write(Line(ticket, Levels.Info, $"Run started ({ticket.TriggerType}{(ticket.Trigger is null ? "" : " " + ticket.Trigger)}, version {ticket.ProjectVersion})"), ticket.Workflow);
                    outcome = await service.ExecuteAsync(ticket, events, alreadyRecorded: true, run.Kill.Token);
                }
                finally
                {
                    _slots.Release();
                }
            }
            finally
            {
                lane.Gate.Release();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            outcome = new RunOutcome { Status = RunState.Cancelled, Error = "CancelledError: the runner stopped before this run started" };
            log.Write(Line(ticket, Levels.Warn, outcome.Error), ticket.Workflow);
            await history.CompleteRunAsync(new RunCompletion { RunId = ticket.RunId, Status = outcome.Status, FinishedAt = DateTimeOffset.UtcNow, Error = outcome.Error }, null);
        }
        catch (Exception e)
        {
            outcome = new RunOutcome { Status = RunState.Exception, Error = $"{e.GetType().Name}: {e.Message}" };
            log.Write(Line(ticket, Levels.Error, $"Could not run: {outcome.Error}"), ticket.Workflow);
        }
        finally
        {
            Leave(lane, run);
        }
        run.Done.TrySetResult(outcome);
        if (retry is not null && attempt < retry.Attempts && Retryable.Contains(outcome.Status) && !_stopping.IsCancellationRequested)
            ScheduleRetry(ticket, retry, attempt + 1);
    }

    private void ScheduleRetry(RunTicket failed, RetryPolicy retry, int attempt)
    {
        var delay = retry.Delay * Math.Pow(retry.Backoff, attempt - 1);
        log.Write(Line(failed, Levels.Warn, $"Retry {attempt} of {retry.Attempts} in {Durations.Format(delay)}"), failed.Workflow);
        Task? task = null;
        task = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(delay, _stopping.Token);
                var again = failed with
                {
                    Job = failed.Job with { RunId = Guid.NewGuid().ToString() },
                    RetryOf = failed.RetryOf ?? failed.RunId,
                    CreatedAt = DateTimeOffset.UtcNow,
                };
                await SubmitAsync(again, skipIfBusy: false, retry, attempt);
            }
            catch (Exception e) when (e is OperationCanceledException or RunnerStoppingException)
            {
                // shutting down: the retry is dropped, as the run it retries is recorded
            }
            finally
            {
                _retries.TryRemove(task!, out _);
            }
        });
        _retries[task] = failed;
    }

    private void Leave(Lane lane, InFlight run)
    {
        lock (lane)
            lane.Count--;
        _runs.TryRemove(run.Ticket.RunId, out _);
    }

    private static LogEntry Line(RunTicket ticket, string level, string message) =>
        new() { RunId = ticket.RunId, Time = DateTimeOffset.UtcNow, Level = level, Source = "R/T", Message = message };

    private sealed class Lane
    {
        public SemaphoreSlim Gate { get; } = new(1);

        /// <summary>Runs of the workflow queued or running; guarded by the lane's lock.</summary>
        public int Count { get; set; }
    }

    private sealed class InFlight(RunTicket ticket)
    {
        public RunTicket Ticket { get; } = ticket;
        public CancellationTokenSource Kill { get; } = new();
        public TaskCompletionSource<RunOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

public sealed class RunnerStoppingException() : Exception("the runner is shutting down");
