namespace OpenFn.Runtime.Workflow;

/// <summary>A <c>--start</c>/<c>--end</c>/<c>--only</c> value that matches no step, or several.</summary>
internal sealed class StepSelectionException(string message) : Exception(message);

/// <summary>Finds the step a CLI option names: its exact id, else a unique part of a step's id or name.</summary>
internal static class StepSelector
{
    public static StepPlan Find(WorkflowPlan plan, string text, string option)
    {
        var exact = plan.Steps.FirstOrDefault(s => s.Id == text);
        if (exact is not null)
            return exact;
        var matches = plan.Steps.Where(s => s.Id.Contains(text, StringComparison.OrdinalIgnoreCase)
            || (s.Name?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new StepSelectionException($"Could not find {option} step: {text}"),
            _ => throw new StepSelectionException($"{option} step \"{text}\" is ambiguous: it matches {string.Join(", ", matches.Select(m => m.Id))}"),
        };
    }
}
