using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using OpenFn.Compiler;
using OpenFn.Runner.Credentials;
using OpenFn.Runner.Execution;
using OpenFn.Runner.History;
using OpenFn.Runner.Logging;
using OpenFn.Runner.Projects;
using OpenFn.Runtime;
using OpenFn.Runtime.Logging;

namespace OpenFn.Runner.Cli;

/// <summary><c>openfn run &lt;workflow | job.js | workflow.json&gt;</c>: runs now, in this process, and records the run.</summary>
public static class RunCommand
{
    private static readonly Argument<string> Target = new("target")
    {
        Description = "A workflow of project.yaml (key or name), a job file (.js) or an OpenFn CLI workflow file (.json)",
    };

    private static readonly Option<string?> StartOption = new("--start") { Description = "Start at this step (id, or a unique part of its id or name)" };
    private static readonly Option<string?> OnlyOption = new("--only") { Description = "Run only this step" };
    private static readonly Option<string?> EndOption = new("--end") { Description = "Stop after this step" };
    private static readonly Option<FileInfo?> StateOption = new("--state", "-s") { Description = "Input state JSON file" };
    private static readonly Option<string?> StateJsonOption = new("--state-json", "-S") { Description = "Input state as a JSON string" };
    private static readonly Option<string?> AdaptorOption = new("--adaptor", "-a") { Description = "Adaptor of a .js job, e.g. common, http@7.2.10, @openfn/language-primero@2.7.0 (default: common)" };
    private static readonly Option<FileInfo?> OutputOption = new("--output", "-o") { Description = "Write the final state to this file (default: print it on stdout)" };
    private static readonly Option<string?> TriggerOption = new("--trigger") { Description = "Start a project workflow at this trigger (default: its first trigger)" };
    private static readonly Option<bool> CursorOption = new("--cursor") { Description = "Start from the workflow's cursor (its next cron input) and store the result as the new cursor" };
    private static readonly Option<int?> TimeoutOption = new("--timeout") { Description = "Kill the run after this many seconds (default: 300, or the workflow's limits)" };
    private static readonly Option<bool> NoHistoryOption = new("--no-history") { Description = "Do not record the run in the history store" };

    public static Command Create()
    {
        var command = new Command("run", "Run a workflow, a job or an OpenFn workflow file now")
        {
            Target, StartOption, OnlyOption, EndOption, StateOption, StateJsonOption, CliContext.CredentialsOption, AdaptorOption,
            OutputOption, CliContext.ProjectOption, TriggerOption, CursorOption, TimeoutOption, NoHistoryOption,
        };
        command.SetAction(CliApp.Guard(ExecuteAsync));
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var output = context.CreateLogOutput();
        var credentials = context.LoadCredentials();
        var target = parse.GetValue(Target)!;
        var adaptor = parse.GetValue(AdaptorOption);
        var resolved = Resolve(target, adaptor, parse.GetValue(TriggerOption), context, credentials, output);

        var problems = new JobChecker(AdaptorCatalog.CreateRegistry(), new JobCompiler()).Check(resolved.Plan, namedSteps: resolved.Plan.Steps.Count > 1);
        if (problems.Any(p => p.Severity == ProblemSeverity.Error))
            throw new InvalidInputException(problems);
        foreach (var warning in problems)
            output.Cli(Levels.Warn, warning.ToString());
        output.Cli(Levels.Success, "Compiled all expressions in workflow");

        await using var history = parse.GetValue(NoHistoryOption) ? null : await context.OpenHistoryAsync(cancellationToken);
        var useCursor = parse.GetValue(CursorOption);
        if (useCursor && resolved.Workflow is null)
            throw new InvalidInputException(target, "--cursor needs a workflow of project.yaml");
        if (useCursor && history is null)
            throw new InvalidInputException("--cursor", "the cursor lives in the history store; drop --no-history");
        var input = await ReadInputAsync(parse, useCursor ? history : null, resolved.Name, output, cancellationToken);

        var job = new RunJob
        {
            RunId = Guid.NewGuid().ToString(),
            Plan = resolved.Plan,
            Input = input,
            Start = MatchStep(resolved.Plan, parse.GetValue(StartOption), "--start"),
            Only = MatchStep(resolved.Plan, parse.GetValue(OnlyOption), "--only"),
            End = MatchStep(resolved.Plan, parse.GetValue(EndOption), "--end"),
            Timeout = parse.GetValue(TimeoutOption) is { } seconds ? TimeSpan.FromSeconds(seconds) : resolved.Workflow?.Limits.Timeout ?? TimeSpan.FromSeconds(300),
            MemoryBytes = resolved.Workflow?.Limits.MemoryBytes,
            TimeZoneId = resolved.Workflow?.TimeZone?.Id ?? "UTC",
        };
        var ticket = new RunTicket
        {
            Job = job,
            Workflow = resolved.Name,
            ProjectVersion = resolved.ProjectVersion,
            Cursor = useCursor ? CursorRuleFor(resolved.Workflow!, parse.GetValue(TriggerOption)) : null,
        };

        using var shutdown = new ShutdownSignal();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, shutdown.Token);
        var service = new RunService(history, new LocalRunExecutor(AdaptorCatalog.CreateRegistry(), new JobCompiler()));
        output.SetStatus($"{resolved.Name}: running");
        var outcome = await service.ExecuteAsync(ticket, new ConsoleRunEvents(output, resolved.Name), cancellationToken: cancel.Token);
        output.SetStatus(null);

        await WriteOutputAsync(parse.GetValue(OutputOption), outcome.FinalState, output);
        if (history is not null)
            output.Cli(Levels.Info, $"Run {job.RunId} recorded (openfn runs show {job.RunId[..8]})");
        if (outcome.FinalState is JsonObject { } final && final["errors"] is JsonObject errors)
            output.Cli(Levels.Warn, $"Errors reported in {errors.Count} jobs");
        return Finish(outcome, watch.Elapsed, output);
    }

    private static int Finish(RunOutcome outcome, TimeSpan elapsed, LogOutput output)
    {
        switch (outcome.Status)
        {
            case RunState.Success:
                output.Cli(Levels.Success, $"Finished in {Durations.Format(elapsed)} ✨");
                return ExitCodes.Success;
            case RunState.Failed:
                output.Cli(Levels.Error, $"Workflow failed in {Durations.Format(elapsed)}: {outcome.Error}");
                return ExitCodes.RunFailed;
            default:
                output.Cli(Levels.Always, $"Workflow {outcome.Status.ToText()} in {Durations.Format(elapsed)}: {outcome.Error}");
                return ExitCodes.Crashed;
        }
    }

    internal sealed record ResolvedTarget(WorkflowPlan Plan, string Name, WorkflowSpec? Workflow, string? ProjectVersion);

    private static ResolvedTarget Resolve(string target, string? adaptor, string? trigger, CliContext context, CredentialStore credentials, LogOutput output)
    {
        var extension = Path.GetExtension(target).ToLowerInvariant();
        if (extension == ".js")
        {
            var path = Path.GetFullPath(target);
            if (!File.Exists(path))
                throw new InvalidInputException(target, "job file not found");
            var plan = new WorkflowPlan
            {
                Name = Path.GetFileNameWithoutExtension(path),
                Steps = [new StepPlan { Id = "job-1", Name = Path.GetFileName(path), Expression = new JobSource(path, File.ReadAllText(path)), Adaptor = adaptor ?? "common" }],
            };
            if (adaptor is null)
                output.Cli(Levels.Warn, "No adaptor given (-a); running with language-common");
            return new ResolvedTarget(plan, plan.Name, null, null);
        }
        if (adaptor is not null)
            throw new InvalidInputException("--adaptor", "-a only applies to a .js job; a workflow names each step's adaptor");
        if (extension == ".json")
        {
            var plan = CliWorkflowLoader.Load(target, credentials, warning => output.Cli(Levels.Warn, warning));
            return new ResolvedTarget(plan, plan.Name, null, null);
        }

        var project = context.LoadProject();
        var workflow = project.FindWorkflow(target)
            ?? throw new InvalidInputException(context.ProjectPath, $"no workflow '{target}'; workflows: {string.Join(", ", project.Workflows.Select(w => w.Key))}");
        if (trigger is not null && workflow.FindTrigger(trigger) is null)
            throw new InvalidInputException("--trigger", $"workflow '{workflow.Key}' has no trigger '{trigger}'; triggers: {string.Join(", ", workflow.Triggers.Select(t => t.Key))}");
        return new ResolvedTarget(WorkflowPlanner.Build(workflow, credentials, trigger), workflow.Key, workflow, project.Version);
    }

    private static async Task<JsonObject> ReadInputAsync(ParseResult parse, IHistoryStore? cursorHistory, string workflow, LogOutput output, CancellationToken cancellationToken)
    {
        if (parse.GetValue(StateOption) is { } file)
        {
            var state = JsonProblems.ReadObject(file.FullName, "state");
            output.Cli(Levels.Success, $"Loaded state from {file.Name}");
            return state;
        }
        if (parse.GetValue(StateJsonOption) is { } json)
            return JsonProblems.ParseObject("--state-json", json, "state");
        if (cursorHistory is not null)
        {
            var cursor = await cursorHistory.GetCursorAsync(workflow, cancellationToken);
            output.Cli(Levels.Info, cursor is null ? "No cursor yet; starting from {}" : $"Starting from the cursor stored by run {cursor.RunId?[..8] ?? "(set by hand)"}");
            return cursor?.State as JsonObject ?? new JsonObject();
        }
        output.Cli(Levels.Info, "No state provided: using { data: {}, configuration: {} }");
        return new JsonObject { ["data"] = new JsonObject(), ["configuration"] = new JsonObject() };
    }

    private static CursorRule CursorRuleFor(WorkflowSpec workflow, string? triggerKey)
    {
        var trigger = triggerKey is null ? workflow.Triggers.FirstOrDefault(t => t.Type == TriggerType.Cron) : workflow.FindTrigger(triggerKey);
        return new CursorRule(trigger?.CronCursorJob, trigger?.CursorKeys ?? []);
    }

    /// <summary>OpenFn's matching of --start/--only/--end: the exact id, else a unique part of a step's id or name.</summary>
    internal static string? MatchStep(WorkflowPlan plan, string? wanted, string option)
    {
        if (wanted is null)
            return null;
        if (plan.Steps.Any(s => s.Id == wanted))
            return wanted;
        var matches = plan.Steps.Where(s => s.Id.Contains(wanted, StringComparison.OrdinalIgnoreCase)
            || (s.Name?.Contains(wanted, StringComparison.OrdinalIgnoreCase) ?? false)).ToList();
        return matches.Count switch
        {
            1 => matches[0].Id,
            0 => throw new InvalidInputException(option, $"no step matches '{wanted}'; steps: {string.Join(", ", plan.Steps.Select(s => s.Id))}"),
            _ => throw new InvalidInputException(option, $"'{wanted}' matches several steps: {string.Join(", ", matches.Select(s => s.Id))}"),
        };
    }

    private static async Task WriteOutputAsync(FileInfo? file, JsonNode? state, LogOutput output)
    {
        var text = state is null ? "" : JsonText.Format(state);
        if (file is null)
        {
            await Console.Out.WriteLineAsync(text);
            return;
        }
        if (file.Directory is { Exists: false } folder)
            folder.Create();
        await File.WriteAllTextAsync(file.FullName, text);
        output.Cli(Levels.Success, $"State written to {file.Name}");
    }
}
