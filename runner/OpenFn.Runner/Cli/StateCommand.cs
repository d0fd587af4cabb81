using System.CommandLine;
using OpenFn.Runner.History;
using OpenFn.Runner.Projects;

namespace OpenFn.Runner.Cli;

/// <summary><c>openfn state show|set &lt;workflow&gt;</c>: the cursor the next cron run of a workflow starts from.</summary>
public static class StateCommand
{
    private static readonly Argument<string> WorkflowArgument = new("workflow") { Description = "Workflow key" };
    private static readonly Argument<string> FileArgument = new("state") { Description = "JSON file with the new state, or - for stdin" };

    public static Command Create()
    {
        var show = new Command("show", "Print the state the next cron run of the workflow starts from") { WorkflowArgument };
        show.SetAction(CliApp.Guard(async (parse, context, cancellationToken) =>
        {
            await using var history = await context.OpenHistoryAsync(cancellationToken);
            var workflow = parse.GetValue(WorkflowArgument)!;
            var cursor = await history.GetCursorAsync(workflow, cancellationToken);
            if (cursor is null)
            {
                Console.Error.WriteLine($"No cursor for '{workflow}' yet: its next cron run starts from {{}}.");
                Console.Out.WriteLine("{}");
                return ExitCodes.Success;
            }
            Console.Error.WriteLine($"Cursor of '{workflow}', set {cursor.UpdatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC {(cursor.RunId is null ? "by hand" : $"by run {cursor.RunId[..8]}")}:");
            Console.Out.WriteLine(JsonText.Format(cursor.State));
            return ExitCodes.Success;
        }));

        var set = new Command("set", "Replace the state the next cron run of the workflow starts from") { WorkflowArgument, FileArgument };
        set.SetAction(CliApp.Guard(async (parse, context, cancellationToken) =>
        {
            var workflow = parse.GetValue(WorkflowArgument)!;
            var file = parse.GetValue(FileArgument)!;
            var state = file == "-"
                ? JsonProblems.ParseObject("stdin", await Console.In.ReadToEndAsync(cancellationToken), "state")
                : JsonProblems.ReadObject(file, "state");
            state.Remove("configuration");
            await using var history = await context.OpenHistoryAsync(cancellationToken);
            await history.SetCursorAsync(new CursorRecord(workflow, state, null, DateTimeOffset.UtcNow), cancellationToken);
            Console.Error.WriteLine($"✔ Cursor of '{workflow}' set; its next cron run starts from it.");
            return ExitCodes.Success;
        }));

        return new Command("state", "The cursor (next cron input) of a workflow") { show, set };
    }
}
