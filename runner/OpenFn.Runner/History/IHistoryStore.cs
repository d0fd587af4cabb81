namespace OpenFn.Runner.History;

/// <summary>
/// Run history, cursors and deployments. Implementations: <see cref="SqliteHistoryStore"/> (default) and <see cref="PostgresHistoryStore"/>;
/// both pass the same contract tests. Callers hand in data that is already free of secrets (see <see cref="RunRecorder"/>).
/// </summary>
public interface IHistoryStore : IAsyncDisposable
{
    /// <summary>Creates or upgrades the schema to <see cref="SqlHistoryStore.CurrentSchemaVersion"/>.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken = default);

    Task CreateRunAsync(RunRecord run, CancellationToken cancellationToken = default);

    Task MarkStartedAsync(string runId, DateTimeOffset startedAt, CancellationToken cancellationToken = default);

    Task AddStepAsync(StepEntry step, CancellationToken cancellationToken = default);

    Task AddLogsAsync(IReadOnlyList<LogEntry> logs, CancellationToken cancellationToken = default);

    /// <summary>Records the final status and, in the same transaction, the workflow's new cursor (so a run is never done without it).</summary>
    Task CompleteRunAsync(RunCompletion completion, CursorRecord? cursor, CancellationToken cancellationToken = default);

    /// <summary>A run by id, or by a prefix of its id that matches exactly one run.</summary>
    Task<RunRecord?> FindRunAsync(string idOrPrefix, CancellationToken cancellationToken = default);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<RunRecord>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StepEntry>> GetStepsAsync(string runId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<LogEntry>> GetLogsAsync(string runId, CancellationToken cancellationToken = default);

    Task<CursorRecord?> GetCursorAsync(string workflow, CancellationToken cancellationToken = default);

    Task SetCursorAsync(CursorRecord cursor, CancellationToken cancellationToken = default);

    /// <summary>Deletes finished runs (with their steps and logs) that finished before <paramref name="before"/>; returns how many.</summary>
    Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken = default);

    /// <summary>Marks runs still pending or running as <see cref="RunState.Lost"/> (called when a runner starts); returns how many.</summary>
    Task<int> MarkUnfinishedRunsLostAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    Task AddDeploymentAsync(DeploymentRecord deployment, CancellationToken cancellationToken = default);

    /// <summary>Newest first; only those with <paramref name="result"/> when given.</summary>
    Task<IReadOnlyList<DeploymentRecord>> ListDeploymentsAsync(DeploymentResult? result = null, int limit = 50, CancellationToken cancellationToken = default);
}
