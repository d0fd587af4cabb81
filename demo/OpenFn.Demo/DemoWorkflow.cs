using System.Text.Json.Nodes;
using OpenFn.Runner.History;

namespace OpenFn.Demo;

/// <summary>A workflow of project.yaml and the lines of its run summary (label, key of summary counts).</summary>
internal sealed record DemoWorkflow(string Key, string Title, string CursorKey, IReadOnlyList<(string Label, string Count)> Lines)
{
    public static readonly DemoWorkflow PrimeroToOscar = new("cambodia-primero-to-oscar", "Primero → OSCaR", "lastRunDateTime",
    [
        ("Primero cases read", "casesRead"),
        ("OSCaR referrals created", "referralsSent"),
        ("OSCaR referrals refused", "referralsRefused"),
        ("referrals not deliverable", "referralsNotDeliverable"),
        ("OSCaR referrals decided (update_statuses)", "decisionsSent"),
        ("OSCaR clients linked (update_links)", "linksSent"),
    ]);

    public static readonly DemoWorkflow OscarToPrimero = new("cambodia-oscar-to-primero", "OSCaR → Primero", "lastQueryDate",
    [
        ("OSCaR clients read", "clientsRead"),
        ("Primero cases created", "casesCreated"),
        ("Primero cases updated", "casesUpdated"),
        ("Primero cases refused", "casesRefused"),
        ("Primero referrals decided", "referralsDecided"),
        ("OSCaR clients skipped (no owner)", "clientsSkipped"),
    ]);
}

/// <summary>One workflow run as the history recorded it.</summary>
internal sealed record DemoResult(DemoWorkflow Workflow, RunRecord Run, JsonNode? CursorBefore, JsonNode? CursorAfter, int ExitCode)
{
    public string RunId => Run.Id;

    public bool Succeeded => Run.Status == RunState.Success;

    public static async Task<DemoResult> ReadAsync(IHistoryStore history, DemoWorkflow workflow, int exitCode)
    {
        var run = (await history.ListRunsAsync(new RunQuery { Workflow = workflow.Key, Limit = 1 })).Single();
        var cursor = await history.GetCursorAsync(workflow.Key);
        return new DemoResult(workflow, run, run.Input, cursor?.State, exitCode);
    }

    public void Print(TextWriter output)
    {
        var duration = Run.FinishedAt - Run.StartedAt;
        output.WriteLine($"{Workflow.Title} ({Workflow.Key}): {Run.Status.ToText()} in {duration?.TotalSeconds:0.0} s, run {Run.Id[..8]}");
        output.WriteLine($"  cursor {Workflow.CursorKey}: {Cursor(CursorBefore)} → {Cursor(CursorAfter)}");
        if (!Succeeded)
        {
            output.WriteLine($"  {Run.Error}");
            return;
        }
        var summary = Run.FinalState?["summary"];
        foreach (var (label, key) in Workflow.Lines)
        {
            var value = summary?[key] switch
            {
                JsonArray list => list.Count,
                JsonValue number => number.GetValue<int>(),
                _ => 0,
            };
            output.WriteLine($"  {label,-42} {value,6}");
        }
    }

    private string Cursor(JsonNode? state) => state?[Workflow.CursorKey]?.GetValue<string>() ?? "(none)";
}
