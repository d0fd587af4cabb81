using System.CommandLine;
using OpenFn.Runner.History;
using OpenFn.Runner.Logging;
using OpenFn.Runner.Projects;
using OpenFn.Runtime.Logging;

namespace OpenFn.Runner.Cli;

/// <summary><c>openfn runs list</c> and <c>openfn runs show &lt;id&gt;</c>: the run history.</summary>
public static class RunsCommand
{
    private static readonly Option<string?> WorkflowOption = new("--workflow", "-w") { Description = "Only runs of this workflow" };
    private static readonly Option<RunState?> StatusOption = new("--status") { Description = "Only runs with this status (success, failed, crashed, killed, ...)" };
    private static readonly Option<int> LimitOption = new("--limit", "-n") { Description = "How many runs", DefaultValueFactory = _ => 20 };
    private static readonly Argument<string> IdArgument = new("id") { Description = "Run id, or a unique prefix of it" };
    private static readonly Option<bool> LogsOption = new("--logs") { Description = "Print the run's log" };
    private static readonly Option<bool> InputOption = new("--input") { Description = "Print the run's input state" };
    private static readonly Option<bool> OutputOption = new("--output") { Description = "Print the run's final state" };

    public static Command Create()
    {
        var list = new Command("list", "List runs, newest first") { WorkflowOption, StatusOption, LimitOption };
        list.SetAction(CliApp.Guard(async (parse, context, cancellationToken) =>
        {
            await using var history = await context.OpenHistoryAsync(cancellationToken);
            var runs = await history.ListRunsAsync(new RunQuery
            {
                Workflow = parse.GetValue(WorkflowOption),
                Status = parse.GetValue(StatusOption),
                Limit = parse.GetValue(LimitOption),
            }, cancellationToken);
            Console.Out.WriteLine($"{"ID",-8}  {"WORKFLOW",-28} {"TRIGGER",-16} {"STATUS",-9} {"STARTED (UTC)",-19}  {"DURATION",9}  VERSION");
            foreach (var run in runs)
                Console.Out.WriteLine($"{run.Id[..8]}  {Cut(run.Workflow, 28),-28} {Cut(run.Trigger ?? run.TriggerType, 16),-16} {run.Status.ToText(),-9} " +
                    $"{(run.StartedAt ?? run.CreatedAt).UtcDateTime:yyyy-MM-dd HH:mm:ss}  {Duration(run),9}  {run.ProjectVersion}");
            return ExitCodes.Success;
        }));

        var show = new Command("show", "Show one run: status, steps, and with options its log, input or final state") { IdArgument, LogsOption, InputOption, OutputOption };
        show.SetAction(CliApp.Guard(async (parse, context, cancellationToken) =>
        {
            await using var history = await context.OpenHistoryAsync(cancellationToken);
            var id = parse.GetValue(IdArgument)!;
            var run = await history.FindRunAsync(id, cancellationToken)
                ?? throw new InvalidInputException(id, "no run with this id (or the prefix matches several runs)");
            if (parse.GetValue(InputOption))
                Console.Out.WriteLine(JsonText.Format(run.Input));
            else if (parse.GetValue(OutputOption))
                Console.Out.WriteLine(JsonText.Format(run.FinalState));
            else if (parse.GetValue(LogsOption))
            {
                foreach (var log in await history.GetLogsAsync(run.Id, cancellationToken))
                    Console.Out.WriteLine($"{log.Time.UtcDateTime:HH:mm:ss.fff} [{log.Source}] {Levels.Icon(log.Level)} {(log.StepId is null ? "" : log.StepId + ": ")}{log.Message}");
            }
            else
                await PrintSummaryAsync(history, run, cancellationToken);
            return ExitCodes.Success;
        }));

        return new Command("runs", "Run history") { list, show };
    }

    private static async Task PrintSummaryAsync(IHistoryStore history, RunRecord run, CancellationToken cancellationToken)
    {
        Console.Out.WriteLine($"Run       {run.Id}");
        Console.Out.WriteLine($"Workflow  {run.Workflow} (project version {run.ProjectVersion ?? "-"})");
        Console.Out.WriteLine($"Trigger   {run.TriggerType}{(run.Trigger is null ? "" : $" ({run.Trigger})")}{(run.RetryOf is null ? "" : $", retry of {run.RetryOf[..8]}")}");
        Console.Out.WriteLine($"Status    {run.Status.ToText()}{(run.Error is null ? "" : $": {run.Error}")}");
        Console.Out.WriteLine($"Created   {run.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff} UTC");
        Console.Out.WriteLine($"Started   {run.StartedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff") ?? "-"} UTC");
        Console.Out.WriteLine($"Finished  {run.FinishedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff") ?? "-"} UTC ({Duration(run)})");
        var steps = await history.GetStepsAsync(run.Id, cancellationToken);
        Console.Out.WriteLine(steps.Count == 0 ? "Steps     (none recorded)" : "Steps");
        foreach (var step in steps)
        {
            var duration = step.FinishedAt is { } finished ? Durations.Format(finished - step.StartedAt) : "-";
            var error = step.Error is null ? "" : $"  {step.Error["type"] ?? step.Error["name"]}: {step.Error["message"]}";
            Console.Out.WriteLine($"  {step.Sequence + 1,2}. {step.StepId,-30} {step.Status.ToText(),-9} {duration,8}{error}");
        }
    }

    private static string Duration(RunRecord run) =>
        run.StartedAt is { } started && run.FinishedAt is { } finished ? Durations.Format(finished - started) : "-";

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
