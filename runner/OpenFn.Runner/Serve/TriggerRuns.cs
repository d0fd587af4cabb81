using System.Text.Json.Nodes;
using OpenFn.Runner.Credentials;
using OpenFn.Runner.Execution;
using OpenFn.Runner.History;
using OpenFn.Runner.Logging;
using OpenFn.Runner.Projects;

namespace OpenFn.Runner.Serve;

/// <summary>Turns a cron firing or an inbox message into a run of the active project version (§7.2, §7.3).</summary>
public sealed class TriggerRuns(ProjectHost projects, CredentialSource credentials, IHistoryStore history, RunDispatcher dispatcher, ServeOptions options, LogOutput log)
{
    /// <summary>
    /// Starts a cron run from the workflow's cursor (<c>{}</c> the first time). A firing while the workflow is still
    /// busy is skipped, so cursor runs never overlap.
    /// </summary>
    public async Task<RunHandle?> FireCronAsync(string workflowKey, string triggerKey, DateTimeOffset? scheduledAt)
    {
        var project = projects.Current;
        var workflow = project.Spec.Workflows.FirstOrDefault(w => w.Key == workflowKey);
        var trigger = workflow?.FindTrigger(triggerKey);
        if (workflow is null || trigger is not { Type: TriggerType.Cron, Enabled: true })
            return null;
        var cursor = await history.GetCursorAsync(workflow.Key);
        var ticket = await TicketAsync(project, workflow, trigger, cursor?.State as JsonObject ?? new JsonObject(), new CursorRule(trigger.CronCursorJob, trigger.CursorKeys));
        if (ticket is null)
            return null;
        var handle = await dispatcher.SubmitAsync(ticket, skipIfBusy: true, workflow.Retry);
        if (handle is null)
            log.Cli(Levels.Warn, $"{workflow.Key}: skipped the {scheduledAt?.UtcDateTime:HH:mm:ss} firing of '{trigger.Key}': its previous run is still going");
        return handle;
    }

    /// <summary>Queues an inbox run with <c>{ data: body, request }</c> as input.</summary>
    public async Task<RunHandle?> SubmitInboxAsync(ActiveProject project, WorkflowSpec workflow, TriggerSpec trigger, JsonObject input)
    {
        var ticket = await TicketAsync(project, workflow, trigger, input, cursor: null);
        return ticket is null ? null : await dispatcher.SubmitAsync(ticket, skipIfBusy: false, workflow.Retry);
    }

    /// <summary>The run; or null, with the run recorded as crashed, when it cannot be planned (a credential has no values).</summary>
    private async Task<RunTicket?> TicketAsync(ActiveProject project, WorkflowSpec workflow, TriggerSpec trigger, JsonObject input, CursorRule? cursor)
    {
        var runId = Guid.NewGuid().ToString();
        var triggerType = trigger.Type.ToString().ToLowerInvariant();
        try
        {
            return new RunTicket
            {
                Job = new RunJob
                {
                    RunId = runId,
                    Plan = WorkflowPlanner.Build(workflow, credentials.Current, trigger.Key),
                    Input = input,
                    Timeout = workflow.Limits.Timeout ?? options.DefaultTimeout,
                    MemoryBytes = workflow.Limits.MemoryBytes ?? options.DefaultMemoryBytes,
                    TimeZoneId = workflow.TimeZone?.Id ?? "UTC",
                    StatePropsToRemove = ["configuration", "response"],
                },
                Workflow = workflow.Key,
                Trigger = trigger.Key,
                TriggerType = triggerType,
                ProjectVersion = project.Version,
                Cursor = cursor,
            };
        }
        catch (InvalidInputException e)
        {
            var now = DateTimeOffset.UtcNow;
            log.Cli(Levels.Error, $"{workflow.Key}: cannot run '{trigger.Key}': {e.Message}");
            await history.CreateRunAsync(new RunRecord
            {
                Id = runId, Workflow = workflow.Key, Trigger = trigger.Key, TriggerType = triggerType, CreatedAt = now, ProjectVersion = project.Version,
                Status = RunState.Crashed, FinishedAt = now, Error = "ConfigurationError: " + e.Problems[0].Message,
            });
            return null;
        }
    }
}
