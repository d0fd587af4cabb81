using Microsoft.Extensions.Hosting;
using OpenFn.Runner.Logging;

namespace OpenFn.Runner.Serve;

/// <summary>
/// Reloads the project when project.yaml or a job file under its folder changes (after a short quiet period);
/// <see cref="ProjectHost"/> validates the new version and keeps the old one if it is invalid.
/// </summary>
public sealed class ProjectWatcher(ProjectHost projects, ServeOptions options, LogOutput log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(options.ProjectPath))!;
        var changed = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(folder) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size };
        FileSystemEventHandler onChange = (_, e) =>
        {
            if (IsProjectFile(e.FullPath) && !IsDataFolder(folder, e.FullPath))
                changed.Release();
        };
        watcher.Changed += onChange;
        watcher.Created += onChange;
        watcher.Deleted += onChange;
        watcher.Renamed += (_, e) => onChange(watcher, e);
        watcher.EnableRaisingEvents = true;

        while (!stoppingToken.IsCancellationRequested)
        {
            await changed.WaitAsync(stoppingToken);
            // Wait until the files have been quiet for a moment: editors and git write in several steps.
            while (await changed.WaitAsync(options.ReloadDelay, stoppingToken))
            {
            }
            log.Cli(Levels.Info, "Project files changed; checking the new version");
            projects.TryActivate(options.ProjectPath);
        }
    }

    private static bool IsProjectFile(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".yaml" or ".yml" or ".js" or ".json";

    /// <summary>The runner's own data folder (history, logs) may live next to the project; its writes are not edits.</summary>
    private static bool IsDataFolder(string projectFolder, string path) =>
        Path.GetRelativePath(projectFolder, path).Split(Path.DirectorySeparatorChar)[0].StartsWith('.');
}
