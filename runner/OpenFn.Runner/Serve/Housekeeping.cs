using Microsoft.Extensions.Hosting;
using OpenFn.Runner.History;
using OpenFn.Runner.Logging;

namespace OpenFn.Runner.Serve;

/// <summary>Deletes finished runs older than the retention period, at start and then every hour.</summary>
public sealed class Housekeeping(IHistoryStore history, ServeOptions options, LogOutput log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Retention <= TimeSpan.Zero)
            return;
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        do
        {
            var deleted = await history.PruneAsync(DateTimeOffset.UtcNow - options.Retention, stoppingToken);
            if (deleted > 0)
                log.Cli(Levels.Info, $"Deleted {deleted} run(s) finished more than {options.Retention.TotalDays:0.#} days ago");
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
