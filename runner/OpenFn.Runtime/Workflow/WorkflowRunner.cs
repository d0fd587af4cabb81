using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenFn.Adaptors.Common;
using OpenFn.Runtime.Logging;
using OpenFn.Runtime.Workflow;

namespace OpenFn.Runtime;

/// <summary>
/// Runs a workflow as OpenFn's runtime does (§6): steps one at a time, breadth-first in edge order, each followed edge
/// queuing its target with this step's output; a failed step's output carries <c>errors[stepId]</c> and only edges
/// accepting it are followed; a crash or kill ends the run. The result is the single leaf's state or an object keyed
/// by leaf id, and the status comes from the leaves (§6.4, §7.5).
/// </summary>
public sealed class WorkflowRunner(StepRunner stepRunner, ILogger? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    /// <summary>OpenFn's plan checks, for callers that want to report them before running (empty when the plan is valid).</summary>
    public static IReadOnlyList<string> Validate(WorkflowPlan plan) => PlanValidator.Validate(plan);

    public async Task<WorkflowResult> RunAsync(WorkflowPlan plan, JsonObject? input, WorkflowRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new WorkflowRunOptions();
        using var scope = _logger.BeginScope(new Dictionary<string, object?> { ["RunId"] = options.RunId, ["Workflow"] = plan.Name });
        var secrets = SecretScrubber.FromConfigurations([plan.Credentials, input?["configuration"], .. plan.Steps.Select(s => (JsonNode?)s.Configuration)]);
        var log = new StepLog(_logger, secrets, null, options.Observer is { } observer ? observer.Log : null);
        using var runTimeout = new CancellationTokenSource();
        if (options.RunTimeout is { } limit)
            runTimeout.CancelAfter(limit);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, runTimeout.Token);

        var watch = Stopwatch.StartNew();
        var result = await ExecuteAsync(plan, input, options, secrets, log, linked.Token);
        if (runTimeout.IsCancellationRequested && result.Failure?.Name == "CancelledError")
        {
            var timeout = Execution.ErrorClassifier.Simple("TimeoutError", ErrorSeverity.Kill, $"Run took longer than {(long)options.RunTimeout!.Value.TotalMilliseconds}ms to complete");
            result = result with { Status = RunStatus.Killed, Failure = timeout, ErrorMessage = timeout.OneLine };
        }
        log.Runtime(result.Status == RunStatus.Success ? OpenFnLogLevel.Success : OpenFnLogLevel.Error,
            $"Run complete with status: {result.Status.ToString().ToLowerInvariant()} ({Durations.Format(watch.Elapsed)})");
        if (result.ErrorMessage is not null)
            log.Runtime(OpenFnLogLevel.Error, result.ErrorMessage);
        return result;
    }

    private async Task<WorkflowResult> ExecuteAsync(WorkflowPlan plan, JsonObject? input, WorkflowRunOptions options, SecretScrubber secrets, StepLog log, CancellationToken cancellationToken)
    {
        var problems = PlanValidator.Validate(plan);
        if (problems.Count > 0)
            return Aborted(RunStatus.Crashed, Execution.ErrorClassifier.Simple("ValidationError", ErrorSeverity.Crash, string.Join("; ", problems)), []);

        StepPlan start;
        string? end;
        EdgeConditions conditions;
        try
        {
            start = StepSelector.Find(plan, options.Only ?? options.Start ?? plan.Start ?? plan.Steps[0].Id, "start");
            end = (options.Only ?? options.End) is { } last ? StepSelector.Find(plan, last, "end").Id : null;
            conditions = new EdgeConditions(plan, log);
        }
        catch (Exception e) when (e is StepSelectionException or EdgeConditionException)
        {
            var name = e is EdgeConditionException ? "EdgeConditionError" : "ValidationError";
            return Aborted(RunStatus.Crashed, Execution.ErrorClassifier.Simple(name, ErrorSeverity.Crash, e.Message), []);
        }

        using (conditions)
        {
            log.Runtime(OpenFnLogLevel.Info, $"Executing {plan.Name}");
            var steps = plan.Steps.ToDictionary(s => s.Id);
            var queue = new Queue<(StepPlan Step, JsonNode? Input)>();
            queue.Enqueue((start, input ?? new JsonObject { ["data"] = new JsonObject(), ["configuration"] = new JsonObject() }));
            var visits = new Dictionary<string, int>();
            var records = new List<StepRecord>();
            var leaves = new List<(string Id, JsonNode? State)>();

            while (queue.Count > 0)
            {
                var (step, upstream) = queue.Dequeue();
                var visit = visits[step.Id] = visits.TryGetValue(step.Id, out var seen) ? seen + 1 : 0;
                var runId = visit == 0 ? step.Id : $"{step.Id}-{visit}";
                var started = DateTimeOffset.UtcNow;
                var recordedInput = WithoutKeys(upstream, options.StatePropsToRemove);
                options.Observer?.StepStarted(new StepStart(runId, step.Id, step.Name, recordedInput, started));

                var (output, failure) = step.Expression is null
                    ? (upstream, null)
                    : await RunStepAsync(plan, step, upstream, options, secrets, cancellationToken);

                List<string> next;
                try
                {
                    next = failure is { Severity: not ErrorSeverity.Fail } ? [] : conditions.Next(step, output);
                }
                catch (EdgeConditionException e)
                {
                    failure = Execution.ErrorClassifier.Simple("EdgeConditionError", ErrorSeverity.Crash, e.Message);
                    next = [];
                }
                var endsHere = end == step.Id;
                var record = new StepRecord
                {
                    StepId = runId,
                    PlanStepId = step.Id,
                    Name = step.Name,
                    Status = failure is null ? RunStatus.Success : StatusOf(failure),
                    Input = recordedInput,
                    Output = output,
                    Error = failure?.Serialized,
                    Failure = failure,
                    IsLeaf = next.Count == 0 || endsHere,
                    StartedAt = started,
                    FinishedAt = DateTimeOffset.UtcNow,
                };
                records.Add(record);
                options.Observer?.StepFinished(record);

                if (failure is { Severity: not ErrorSeverity.Fail })
                    return Aborted(StatusOf(failure), failure, records);
                if (next.Count > 0 && failure is null && output is null)
                    log.Runtime(OpenFnLogLevel.Warn, $"WARNING: step {step.Id} did not return a state object. This may cause downstream jobs to fail.");
                if (output is not null && record.IsLeaf)
                    leaves.Add((runId, output));
                if (endsHere)
                    break;
                foreach (var target in next)
                    queue.Enqueue((steps[target], output));
            }

            var failedLeaf = records.FirstOrDefault(r => r.IsLeaf && r.Failure is not null);
            return new WorkflowResult
            {
                Status = failedLeaf is null ? RunStatus.Success : RunStatus.Failed,
                FinalState = FinalState(leaves),
                Steps = records,
                Failure = failedLeaf?.Failure,
                ErrorMessage = failedLeaf?.Failure?.OneLine,
            };
        }
    }

    private async Task<(JsonNode? Output, StepFailure? Failure)> RunStepAsync(
        WorkflowPlan plan, StepPlan step, JsonNode? upstream, WorkflowRunOptions options, SecretScrubber secrets, CancellationToken cancellationToken)
    {
        var stepInput = StepInput.Assemble(upstream, step, plan.Credentials);
        var outcome = await stepRunner.RunAsync(new StepRequest(step.Expression!, step.Adaptor, stepInput, step.Id)
        {
            StepName = step.Name,
            StatePropsToRemove = options.StatePropsToRemove,
            TimeZone = options.TimeZone,
            Limits = options.Limits,
            StateLimitBytes = options.StateLimitBytes,
            Secrets = secrets,
            OnLog = options.Observer is { } observer ? observer.Log : null,
            OnProgress = options.Observer is { } progressObserver ? (done, total) => progressObserver.Progress(step.Id, done, total) : null,
            Http = step.Http ?? new HttpTransportOptions(),
        }, cancellationToken);
        return (outcome.Output, outcome.Failure);
    }

    /// <summary>One leaf: its state. Several: an object keyed by step id. None: null (§6.3).</summary>
    private static JsonNode? FinalState(List<(string Id, JsonNode? State)> leaves) => leaves.Count switch
    {
        0 => null,
        1 => leaves[0].State?.DeepClone(),
        _ => new JsonObject(leaves.Select(l => KeyValuePair.Create(l.Id, l.State?.DeepClone()))),
    };

    private static WorkflowResult Aborted(RunStatus status, StepFailure failure, IReadOnlyList<StepRecord> records) => new()
    {
        Status = status,
        Steps = records,
        Failure = failure,
        ErrorMessage = failure.OneLine,
    };

    private static RunStatus StatusOf(StepFailure failure) => failure switch
    {
        { Name: "InternalError" } => RunStatus.Exception,
        { Name: "CancelledError" } => RunStatus.Cancelled,
        { Severity: ErrorSeverity.Kill } => RunStatus.Killed,
        { Severity: ErrorSeverity.Crash } => RunStatus.Crashed,
        _ => RunStatus.Failed,
    };

    private static JsonNode? WithoutKeys(JsonNode? state, IReadOnlyList<string> keys)
    {
        if (state is not JsonObject obj)
            return state?.DeepClone();
        var copy = (JsonObject)obj.DeepClone();
        foreach (var key in keys)
            copy.Remove(key);
        return copy;
    }
}
