using Microsoft.Extensions.Hosting;
using OpenFn.Runner.History;
using OpenFn.Runner.Logging;
using OpenFn.Runner.Projects;
using Quartz;

namespace OpenFn.Runner.Serve;

/// <summary>
/// Keeps one Quartz cron trigger per enabled cron trigger of the active project (explicit time zone, misfire
/// instruction from the trigger's <c>misfire</c>), re-synced whenever a new project version is activated. At start it
/// also makes up for a firing missed while the runner was down (policy fire_once).
/// </summary>
public sealed class CronScheduler(ISchedulerFactory schedulers, ProjectHost projects, TriggerRuns runs, IHistoryStore history, LogOutput log) : IHostedService
{
    private const string Group = "cron";
    private readonly SemaphoreSlim _sync = new(1);
    private readonly Dictionary<string, string> _scheduled = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        projects.Activated += OnActivated;
        await SyncAsync(projects.Current, cancellationToken);
        await CatchUpAsync(projects.Current);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        projects.Activated -= OnActivated;
        return Task.CompletedTask;
    }

    private void OnActivated(ActiveProject project) => _ = Task.Run(async () =>
    {
        try
        {
            await SyncAsync(project, CancellationToken.None);
        }
        catch (Exception e)
        {
            log.Cli(Levels.Error, $"Could not update the schedule: {e.Message}");
        }
    });

    private async Task SyncAsync(ActiveProject project, CancellationToken cancellationToken)
    {
        await _sync.WaitAsync(cancellationToken);
        try
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            var wanted = CronTriggers(project).ToDictionary(t => Key(t.Workflow, t.Trigger), t => t);
            foreach (var key in _scheduled.Keys.Where(k => !wanted.ContainsKey(k)).ToList())
            {
                await scheduler.DeleteJob(new JobKey(key, Group), cancellationToken);
                _scheduled.Remove(key);
                log.Cli(Levels.Info, $"Unscheduled {key}");
            }
            foreach (var (key, (workflow, trigger)) in wanted)
            {
                var signature = $"{trigger.CronExpression}|{trigger.TimeZone.Id}|{trigger.Misfire}";
                if (_scheduled.TryGetValue(key, out var existing) && existing == signature)
                    continue;
                var job = JobBuilder.Create<CronFireJob>().WithIdentity(key, Group)
                    .UsingJobData(CronFireJob.WorkflowKey, workflow.Key).UsingJobData(CronFireJob.TriggerKey, trigger.Key).Build();
                var quartzTrigger = TriggerBuilder.Create().WithIdentity(key, Group).ForJob(job)
                    .WithSchedule(CronScheduleBuilder.Create(CronText.Parse(trigger.CronExpression!, trigger.TimeZone))
                        .InTimeZone(trigger.TimeZone)
                        .WithMisfireInstruction(trigger.Misfire == MisfirePolicy.Skip ? CronTriggerMisfireInstruction.DoNothing : CronTriggerMisfireInstruction.FireAndProceed))
                    .Build();
                var first = await scheduler.ScheduleJob(job, quartzTrigger, new ScheduleJobOptions { Replace = true }, cancellationToken);
                _scheduled[key] = signature;
                log.Cli(Levels.Success, $"Scheduled {key}: '{trigger.CronExpression}' in {trigger.TimeZone.Id}, first at {first.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC");
            }
        }
        finally
        {
            _sync.Release();
        }
    }

    /// <summary>Fires once now any trigger whose next firing after its last run has passed while the runner was down.</summary>
    private async Task CatchUpAsync(ActiveProject project)
    {
        foreach (var (workflow, trigger) in CronTriggers(project).Where(t => t.Trigger.Misfire == MisfirePolicy.FireOnce))
        {
            var last = (await history.ListRunsAsync(new RunQuery { Workflow = workflow.Key, Trigger = trigger.Key, Limit = 1 })).FirstOrDefault();
            if (last is null)
                continue;
            var due = CronText.Parse(trigger.CronExpression!, trigger.TimeZone).GetNextValidTimeAfter(last.CreatedAt);
            if (due is { } missed && missed < DateTimeOffset.UtcNow.AddSeconds(-1))
            {
                log.Cli(Levels.Warn, $"{Key(workflow, trigger)} missed its {missed.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC firing while the runner was down; running it once now (misfire: fire_once)");
                await runs.FireCronAsync(workflow.Key, trigger.Key, missed);
            }
        }
    }

    private static IEnumerable<(WorkflowSpec Workflow, TriggerSpec Trigger)> CronTriggers(ActiveProject project) =>
        project.Spec.Workflows.SelectMany(w => w.Triggers.Where(t => t is { Type: TriggerType.Cron, Enabled: true, CronExpression: not null }).Select(t => (w, t)));

    private static string Key(WorkflowSpec workflow, TriggerSpec trigger) => $"{workflow.Key}/{trigger.Key}";
}

/// <summary>The Quartz job a cron trigger fires: it hands the firing to <see cref="TriggerRuns"/> and returns at once.</summary>
public sealed class CronFireJob(TriggerRuns runs) : IJob
{
    public const string WorkflowKey = "workflow";
    public const string TriggerKey = "trigger";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await runs.FireCronAsync(context.MergedJobDataMap.GetString(WorkflowKey)!, context.MergedJobDataMap.GetString(TriggerKey)!, context.ScheduledFireTimeUtc);
        }
        catch (RunnerStoppingException)
        {
            // a firing during shutdown starts nothing
        }
    }
}
