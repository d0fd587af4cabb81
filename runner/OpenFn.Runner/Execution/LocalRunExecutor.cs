using Jint;
using Jint.Runtime;
using Microsoft.Extensions.Logging;
using OpenFn.Compiler;
using OpenFn.Runner.History;
using OpenFn.Runner.Logging;
using OpenFn.Runtime;

namespace OpenFn.Runner.Execution;

/// <summary>Runs a workflow in this process with the runtime's <see cref="WorkflowRunner"/>; used by the CLI and by worker processes.</summary>
public sealed class LocalRunExecutor(AdaptorRegistry adaptors, JobCompiler compiler) : IRunExecutor
{
    public async Task<RunOutcome> ExecuteAsync(RunJob job, IRunEvents events, CancellationToken cancellationToken)
    {
        using var relay = new LogRelay(job.RunId, job.Scrubber(), events.Log);
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(relay).SetMinimumLevel(LogLevel.Trace));
        var limits = new EngineLimits();
        if (job.Timeout is { } timeout)
            limits = limits with { Timeout = timeout };
        if (job.MemoryBytes is { } memory)
            limits = limits with { MemoryBytes = memory };
        var runner = new WorkflowRunner(new StepRunner(adaptors, compiler, limits, loggerFactory.CreateLogger("R/T")));
        var options = new WorkflowRunOptions
        {
            Start = job.Start,
            End = job.End,
            Only = job.Only,
            Limits = limits,
            TimeZone = TimeZoneInfo.FindSystemTimeZoneById(job.TimeZoneId),
        };

        using var deadline = new CancellationTokenSource(job.Timeout ?? Timeout.InfiniteTimeSpan);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var result = await Task.Run(() => runner.RunAsync(job.Plan, job.Input, options, linked.Token), CancellationToken.None);
            // Trigger nodes only pass their input on; like Lightning, history and logs list the jobs.
            var jobs = job.Plan.Steps.Where(s => s.Expression is not null).Select(s => s.Id).ToHashSet();
            foreach (var step in result.Steps.Where(s => jobs.Contains(StepIds.BaseId(s.StepId)) || jobs.Contains(s.StepId)))
                events.StepCompleted(step);
            return new RunOutcome
            {
                Status = RunStates.From(result.Status),
                FinalState = result.FinalState,
                Steps = result.Steps,
                Error = result.Status == RunStatus.Success ? null : job.Scrubber().Scrub(result.ErrorMessage),
            };
        }
        catch (Exception e) when (deadline.IsCancellationRequested && e is OperationCanceledException or TimeoutException or ExecutionCanceledException)
        {
            return Ended(RunState.Killed, $"TimeoutError: the run took longer than {Durations.Format(job.Timeout!.Value)}");
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or ExecutionCanceledException)
        {
            return Ended(RunState.Killed, "KilledError: the run was stopped");
        }
        catch (TimeoutException)
        {
            return Ended(RunState.Killed, $"TimeoutError: a step took longer than {Durations.Format(limits.Timeout)}");
        }
        catch (Exception e) when (e is MemoryLimitExceededException or OutOfMemoryException)
        {
            return Ended(RunState.Killed, "OOMError: the run ran out of memory");
        }
        catch (Exception e)
        {
            return Ended(RunState.Crashed, job.Scrubber().Scrub($"{ErrorType(e)}: {e.Message}"));
        }
    }

    private static RunOutcome Ended(RunState status, string error) => new() { Status = status, Error = error };

    private static string ErrorType(Exception e) => e switch
    {
        JavaScriptException js when js.Error.IsObject() && js.Error.AsObject().Get("name").IsString() => js.Error.AsObject().Get("name").AsString(),
        JavaScriptException => "Error",
        _ => e.GetType().Name.Replace("Exception", "Error"),
    };
}
