using System.Text.Json.Nodes;

namespace OpenFn.Runtime;

/// <summary>
/// Runs a workflow: steps one at a time, breadth-first along followed edges, each step's output handed to its targets.
/// (Seed implementation: named conditions only; see docs/openfn-semantics.md §6 for the full contract.)
/// </summary>
public sealed class WorkflowRunner(StepRunner stepRunner)
{
    public async Task<WorkflowResult> RunAsync(WorkflowPlan plan, JsonObject? input, WorkflowRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new WorkflowRunOptions();
        var steps = plan.Steps.ToDictionary(s => s.Id);
        var startId = options.Only ?? options.Start ?? plan.Start ?? plan.Steps[0].Id;
        var queue = new Queue<(StepPlan Step, JsonObject Input)>();
        queue.Enqueue((steps[startId], input ?? new JsonObject()));
        var records = new List<StepRecord>();
        var leaves = new Dictionary<string, JsonNode?>();
        while (queue.Count > 0)
        {
            var (step, stepInput) = queue.Dequeue();
            var assembled = (JsonObject)stepInput.DeepClone();
            var configuration = new JsonObject();
            foreach (var source in new[] { plan.Credentials, step.Configuration })
                foreach (var (key, value) in source ?? [])
                    configuration[key] = value?.DeepClone();
            assembled["configuration"] = configuration;

            var started = DateTimeOffset.UtcNow;
            JsonNode? output = assembled;
            string? error = null;
            if (step.Expression is not null)
            {
                var outcome = await stepRunner.RunAsync(new StepRequest(step.Expression, step.Adaptor, assembled, step.Id), cancellationToken);
                (output, error) = (outcome.Output, outcome.Error);
            }
            if (output is JsonObject cleaned)
                foreach (var key in options.StatePropsToRemove)
                    cleaned.Remove(key);
            var status = error is null ? RunStatus.Success : RunStatus.Failed;
            records.Add(new StepRecord { StepId = step.Id, Status = status, Input = stepInput, Output = output, StartedAt = started, FinishedAt = DateTimeOffset.UtcNow });
            if (error is not null)
                return new WorkflowResult { Status = RunStatus.Failed, Steps = records, ErrorMessage = error };

            var followed = 0;
            if (step.Id != (options.Only ?? options.End))
            {
                foreach (var edge in step.Next.Where(e => !e.Disabled && e.Condition is EdgeCondition.Always or EdgeCondition.OnSuccess))
                {
                    queue.Enqueue((steps[edge.Target], (JsonObject)(output?.DeepClone() ?? new JsonObject())));
                    followed++;
                }
            }
            if (followed == 0)
                leaves[step.Id] = output;
            if (step.Id == (options.Only ?? options.End))
                break;
        }
        var final = leaves.Count == 1 ? leaves.Values.Single() : new JsonObject(leaves.Select(l => KeyValuePair.Create(l.Key, l.Value?.DeepClone())));
        return new WorkflowResult { Status = RunStatus.Success, FinalState = final, Steps = records };
    }
}
