namespace OpenFn.Runtime.Workflow;

/// <summary>OpenFn's plan checks (§6.2): unique ids, edge targets exist, the start exists, no cycles.</summary>
internal static class PlanValidator
{
    public static List<string> Validate(WorkflowPlan plan)
    {
        var errors = new List<string>();
        if (plan.Steps.Count == 0)
            errors.Add("The workflow has no steps");
        var ids = new HashSet<string>();
        foreach (var step in plan.Steps)
        {
            if (!ids.Add(step.Id))
                errors.Add($"Duplicate step id: {step.Id}");
        }
        foreach (var edge in plan.Steps.SelectMany(s => s.Next))
        {
            if (!ids.Contains(edge.Target))
                errors.Add($"Cannot find job: {edge.Target}");
        }
        if (plan.Start is not null && !ids.Contains(plan.Start))
            errors.Add($"Could not find start job: {plan.Start}");
        if (errors.Count == 0 && FindCycle(plan) is { } cycle)
            errors.Add($"Circular dependency: {cycle.From} <-> {cycle.To}");
        return errors;
    }

    private static (string From, string To)? FindCycle(WorkflowPlan plan)
    {
        var next = plan.Steps.ToDictionary(s => s.Id, s => s.Next.Select(e => e.Target).Distinct().ToList());
        var state = new Dictionary<string, int>();
        foreach (var id in next.Keys)
        {
            if (Visit(id) is { } found)
                return found;
        }
        return null;

        (string, string)? Visit(string id)
        {
            state[id] = 1;
            foreach (var target in next[id])
            {
                if (state.GetValueOrDefault(target) == 1)
                    return (id, target);
                if (state.GetValueOrDefault(target) == 0 && Visit(target) is { } found)
                    return found;
            }
            state[id] = 2;
            return null;
        }
    }
}
