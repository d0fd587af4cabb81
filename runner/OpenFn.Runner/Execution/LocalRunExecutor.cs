using OpenFn.Compiler;
using OpenFn.Runner.History;
using OpenFn.Runtime;
using OpenFn.Runtime.Logging;

namespace OpenFn.Runner.Execution;

/// <summary>Runs a workflow in this process with the runtime's <see cref="WorkflowRunner"/>; used by the CLI and by worker processes.</summary>
public sealed class LocalRunExecutor(AdaptorRegistry adaptors, JobCompiler compiler) : IRunExecutor
{
    public async Task<RunOutcome> ExecuteAsync(RunJob job, IRunEvents events, CancellationToken cancellationToken)
    {
        var limits = new EngineLimits();
        if (job.MemoryBytes is { } memory)
            limits = limits with { MemoryBytes = memory };
        var runner = new WorkflowRunner(new StepRunner(adaptors, compiler, limits));
        var options = new WorkflowRunOptions
        {
            RunId = job.RunId,
            Start = job.Start,
            End = job.End,
            Only = job.Only,
            Limits = limits,
            RunTimeout = job.Timeout,
            StatePropsToRemove = job.StatePropsToRemove,
            TimeZone = TimeZoneInfo.FindSystemTimeZoneById(job.TimeZoneId),
            Observer = new Observer(job, events),
        };
        try
        {
            var result = await runner.RunAsync(job.Plan, job.Input, options, cancellationToken);
            return new RunOutcome
            {
                Status = RunStates.From(result.Status),
                FinalState = result.FinalState,
                Steps = result.Steps,
                Error = result.Status == RunStatus.Success ? null : result.ErrorMessage,
            };
        }
        catch (OutOfMemoryException)
        {
            return RunOutcome.Ended(job.RunId, RunState.Killed, "OOMError: the process ran out of memory", events);
        }
        catch (Exception e)
        {
            return RunOutcome.Ended(job.RunId, RunState.Exception, $"{e.GetType().Name}: {e.Message}", events);
        }
    }

    /// <summary>Passes the runtime's live events on, leaving out trigger nodes (they only pass their input on; like Lightning, history and logs list the jobs).</summary>
    private sealed class Observer(RunJob job, IRunEvents events) : IWorkflowObserver
    {
        private readonly HashSet<string> _jobs = job.Plan.Steps.Where(s => s.Expression is not null).Select(s => s.Id).ToHashSet();

        public void StepStarted(StepStart start)
        {
            if (_jobs.Contains(start.PlanStepId))
                events.StepStarted(start.StepId);
        }

        public void StepFinished(StepRecord record)
        {
            if (_jobs.Contains(record.PlanStepId ?? StepIds.BaseId(record.StepId)))
                events.StepCompleted(record);
        }

        public void Progress(string stepId, long done, long? total) => events.Progress(stepId, done, total);

        public void Log(LogLine line) => events.Log(new LogEntry
        {
            RunId = job.RunId,
            Time = line.Time,
            Level = line.Level.ToString().ToLowerInvariant(),
            Source = line.Source,
            StepId = line.StepId,
            Message = line.Message,
        });
    }
}
