using OpenFn.Runner.Credentials;
using OpenFn.Runner.Logging;
using OpenFn.Runner.Projects;

namespace OpenFn.Runner.Serve;

/// <summary>One validated project version as serve runs it; immutable, so a run keeps the version it started with.</summary>
public sealed class ActiveProject
{
    public ActiveProject(ProjectSpec spec)
    {
        Spec = spec;
        Inboxes = spec.Workflows
            .SelectMany(w => w.Triggers.Where(t => t.Type == TriggerType.Webhook).Select(t => (Id: InboxIds.For(w, t), Workflow: w, Trigger: t)))
            .ToDictionary(x => x.Id, x => (x.Workflow, x.Trigger), StringComparer.OrdinalIgnoreCase);
    }

    public ProjectSpec Spec { get; }
    public string Version => Spec.Version;
    public IReadOnlyDictionary<string, (WorkflowSpec Workflow, TriggerSpec Trigger)> Inboxes { get; }
}

/// <summary>
/// Holds the active project and swaps it atomically: a candidate is checked exactly like <c>openfn check</c> and
/// only a valid one replaces the active version; an invalid one is logged and the old version keeps running.
/// </summary>
public sealed class ProjectHost(ProjectChecker checker, CredentialSource credentials, LogOutput log)
{
    private readonly Lock _lock = new();
    private volatile ActiveProject? _current;

    public ActiveProject Current => _current ?? throw new InvalidOperationException("no project is active yet");

    /// <summary>Raised after a new version became active (the scheduler re-syncs its triggers).</summary>
    public event Action<ActiveProject>? Activated;

    /// <summary>Checks the project at <paramref name="path"/> and activates it when valid; <paramref name="version"/> overrides the content hash (a deployed commit).</summary>
    public ProjectLoadResult TryActivate(string path, string? version = null)
    {
        ActiveProject activated;
        ProjectLoadResult result;
        lock (_lock)
        {
            try
            {
                result = checker.Check(path, credentials.Current, version);
            }
            catch (InvalidInputException e)
            {
                result = new ProjectLoadResult(null, e.Problems);
            }
            foreach (var problem in result.Problems)
                log.Cli(problem.Severity == ProblemSeverity.Error ? Levels.Error : Levels.Warn, problem.ToString());
            if (result.HasErrors)
            {
                log.Cli(Levels.Error, _current is null
                    ? $"{path} is not valid; nothing to serve"
                    : $"{path} is not valid; still serving version {_current.Version}");
                return result;
            }
            if (_current?.Version == result.Project!.Version && _current.Spec.FilePath == result.Project.FilePath)
                return result;
            var previous = _current;
            _current = activated = new ActiveProject(result.Project);
            log.Cli(Levels.Success, previous is null
                ? $"Serving project {result.Project.Name}, version {result.Project.Version}"
                : $"Project {result.Project.Name} updated: version {previous.Version} → {result.Project.Version}");
        }
        Activated?.Invoke(activated);
        return result;
    }
}
