using OpenFn.Runner.Credentials;
using OpenFn.Runtime;

namespace OpenFn.Runner.Projects;

/// <summary>
/// Turns a project workflow into the runtime's <see cref="WorkflowPlan"/> the way Lightning does (§6.6): each trigger
/// becomes an expression-less node with edges to its jobs, each job a step whose configuration is its credential.
/// </summary>
public static class WorkflowPlanner
{
    /// <summary>Builds the plan starting at <paramref name="start"/> (a trigger or job key), or at <see cref="DefaultStart"/>.</summary>
    public static WorkflowPlan Build(WorkflowSpec workflow, CredentialStore credentials, string? start = null)
    {
        var problems = new List<ProjectProblem>();
        var steps = new List<StepPlan>();
        foreach (var trigger in workflow.Triggers)
            steps.Add(new StepPlan { Id = trigger.Key, Name = trigger.Key, Next = EdgesFrom(workflow, trigger.Key) });
        foreach (var job in workflow.Jobs)
        {
            var configuration = job.Credential is null ? null : credentials.FindConfiguration(job.Credential);
            if (job.Credential is not null && configuration is null)
            {
                var at = job.CredentialAt ?? job.At;
                problems.Add(new ProjectProblem(at.File, at.Line, at.Column, $"workflows.{workflow.Key}.jobs.{job.Key}.credential", credentials.MissingMessage(job.Credential)));
            }
            steps.Add(new StepPlan
            {
                Id = job.Key,
                Name = job.Name,
                Expression = job.Body,
                Adaptor = job.Adaptor,
                Configuration = configuration,
                Next = EdgesFrom(workflow, job.Key),
            });
        }
        if (problems.Count > 0)
            throw new InvalidInputException(problems);
        return new WorkflowPlan { Name = workflow.Key, Steps = steps, Start = start ?? DefaultStart(workflow) };
    }

    /// <summary>The first trigger with an edge; else the first job nothing points at; else the first job.</summary>
    public static string DefaultStart(WorkflowSpec workflow)
    {
        var trigger = workflow.Triggers.FirstOrDefault(t => workflow.Edges.Any(e => e.SourceTrigger == t.Key));
        if (trigger is not null)
            return trigger.Key;
        var targets = workflow.Edges.Where(e => e.SourceJob is not null).Select(e => e.TargetJob).ToHashSet();
        return (workflow.Jobs.FirstOrDefault(j => !targets.Contains(j.Key)) ?? workflow.Jobs[0]).Key;
    }

    private static List<EdgePlan> EdgesFrom(WorkflowSpec workflow, string source) =>
        workflow.Edges.Where(e => e.Source == source).Select(e => new EdgePlan
        {
            Target = e.TargetJob,
            Condition = e.Condition switch
            {
                ConditionType.OnJobSuccess => EdgeCondition.OnSuccess,
                ConditionType.OnJobFailure => EdgeCondition.OnFailure,
                ConditionType.JsExpression => EdgeCondition.Expression,
                _ => EdgeCondition.Always,
            },
            Expression = e.Condition == ConditionType.JsExpression ? e.ConditionExpression : null,
            Label = e.ConditionLabel,
            Disabled = !e.Enabled,
        }).ToList();
}
