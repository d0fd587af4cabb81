using System.Data.Common;
using System.Text.Json.Nodes;

namespace OpenFn.Runner.History;

/// <summary>
/// The SQL both stores share: the same tables and statements, with a dialect supplying connections, schema
/// migrations, and how times and JSON are bound and read.
/// </summary>
public abstract class SqlHistoryStore : IHistoryStore
{
    public const int CurrentSchemaVersion = 2;

    private const string RunColumns = "id, workflow, trigger_key, trigger_type, status, created_at, started_at, finished_at, project_version, input, final_state, error, retry_of";
    private const string DeploymentColumns = "id, commit_sha, branch, author, message, committed_at, deployed_at, result, reasons";

    /// <summary>Schema changes, in order; entry <c>i</c> takes the schema from version <c>i</c> to <c>i + 1</c>.</summary>
    protected abstract IReadOnlyList<string> Migrations { get; }

    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Starts the transaction that applies migrations, holding whatever lock keeps two runners from migrating at once.</summary>
    protected abstract Task<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken);

    protected abstract object TimeValue(DateTimeOffset time);

    protected abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    protected abstract void AddJson(DbCommand command, string name, string? json);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginMigrationAsync(connection, cancellationToken);
        await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", cancellationToken);
        var version = await ReadVersionAsync(connection, transaction, cancellationToken);
        if (version is null)
            await ExecuteAsync(connection, transaction, "INSERT INTO schema_version (version) VALUES (0)", cancellationToken);
        var current = version ?? 0;
        if (current > Migrations.Count)
            throw new InvalidOperationException($"The history database has schema version {current}, newer than this runner understands ({Migrations.Count}); upgrade openfn.");
        for (var next = current; next < Migrations.Count; next++)
        {
            foreach (var statement in Migrations[next].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                await ExecuteAsync(connection, transaction, statement, cancellationToken);
            await ExecuteAsync(connection, transaction, $"UPDATE schema_version SET version = {next + 1}", cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ReadVersionAsync(connection, null, cancellationToken) ?? 0;
    }

    public async Task CreateRunAsync(RunRecord run, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"INSERT INTO runs ({RunColumns}) VALUES (@id, @workflow, @trigger_key, @trigger_type, @status, @created_at, @started_at, @finished_at, @project_version, @input, @final_state, @error, @retry_of)");
        Bind(command, "id", run.Id);
        Bind(command, "workflow", run.Workflow);
        Bind(command, "trigger_key", run.Trigger);
        Bind(command, "trigger_type", run.TriggerType);
        Bind(command, "status", run.Status.ToText());
        Bind(command, "created_at", TimeValue(run.CreatedAt));
        Bind(command, "started_at", run.StartedAt is { } started ? TimeValue(started) : null);
        Bind(command, "finished_at", run.FinishedAt is { } finished ? TimeValue(finished) : null);
        Bind(command, "project_version", run.ProjectVersion);
        AddJson(command, "input", run.Input?.ToJsonString());
        AddJson(command, "final_state", run.FinalState?.ToJsonString());
        Bind(command, "error", run.Error);
        Bind(command, "retry_of", run.RetryOf);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task MarkStartedAsync(string runId, DateTimeOffset startedAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "UPDATE runs SET status = @status, started_at = @started_at WHERE id = @id");
        Bind(command, "status", RunState.Running.ToText());
        Bind(command, "started_at", TimeValue(startedAt));
        Bind(command, "id", runId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task AddStepAsync(StepEntry step, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null,
            "INSERT INTO steps (run_id, seq, step_id, name, status, started_at, finished_at, input, output, error) VALUES (@run_id, @seq, @step_id, @name, @status, @started_at, @finished_at, @input, @output, @error)");
        Bind(command, "run_id", step.RunId);
        Bind(command, "seq", step.Sequence);
        Bind(command, "step_id", step.StepId);
        Bind(command, "name", step.Name);
        Bind(command, "status", step.Status.ToText());
        Bind(command, "started_at", TimeValue(step.StartedAt));
        Bind(command, "finished_at", step.FinishedAt is { } finished ? TimeValue(finished) : null);
        AddJson(command, "input", step.Input?.ToJsonString());
        AddJson(command, "output", step.Output?.ToJsonString());
        AddJson(command, "error", step.Error?.ToJsonString());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task AddLogsAsync(IReadOnlyList<LogEntry> logs, CancellationToken cancellationToken = default)
    {
        if (logs.Count == 0)
            return;
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = Command(connection, transaction,
            "INSERT INTO logs (run_id, time, level, source, step_id, message) VALUES (@run_id, @time, @level, @source, @step_id, @message)");
        foreach (var name in new[] { "run_id", "time", "level", "source", "step_id", "message" })
            Bind(command, name, null);
        foreach (var log in logs)
        {
            command.Parameters["run_id"].Value = log.RunId;
            command.Parameters["time"].Value = TimeValue(log.Time);
            command.Parameters["level"].Value = log.Level;
            command.Parameters["source"].Value = log.Source;
            command.Parameters["step_id"].Value = (object?)log.StepId ?? DBNull.Value;
            command.Parameters["message"].Value = log.Message;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task CompleteRunAsync(RunCompletion completion, CursorRecord? cursor, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (cursor is not null)
            await UpsertCursorAsync(connection, transaction, cursor, cancellationToken);
        await using var command = Command(connection, transaction,
            "UPDATE runs SET status = @status, finished_at = @finished_at, final_state = @final_state, error = @error WHERE id = @id");
        Bind(command, "status", completion.Status.ToText());
        Bind(command, "finished_at", TimeValue(completion.FinishedAt));
        AddJson(command, "final_state", completion.FinalState?.ToJsonString());
        Bind(command, "error", completion.Error);
        Bind(command, "id", completion.RunId);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<RunRecord?> FindRunAsync(string idOrPrefix, CancellationToken cancellationToken = default)
    {
        // Ids are UUIDs; only a hex-and-dash text is used as a prefix, so LIKE never sees a wildcard.
        var isPrefix = idOrPrefix.Length > 0 && idOrPrefix.All(c => char.IsAsciiHexDigit(c) || c == '-');
        var runs = await QueryAsync($"SELECT {RunColumns} FROM runs WHERE id = @id OR id LIKE @prefix ORDER BY created_at DESC LIMIT 2", command =>
        {
            Bind(command, "id", idOrPrefix);
            Bind(command, "prefix", isPrefix ? idOrPrefix + "%" : idOrPrefix);
        }, ReadRun, cancellationToken);
        return runs.FirstOrDefault(r => r.Id == idOrPrefix) ?? (runs.Count == 1 ? runs[0] : null);
    }

    public async Task<IReadOnlyList<RunRecord>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken = default)
    {
        var where = new List<string>();
        if (query.Workflow is not null)
            where.Add("workflow = @workflow");
        if (query.Status is not null)
            where.Add("status = @status");
        if (query.Trigger is not null)
            where.Add("trigger_key = @trigger_key");
        var filter = where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where);
        return await QueryAsync($"SELECT {RunColumns} FROM runs{filter} ORDER BY created_at DESC, id DESC LIMIT @limit", command =>
        {
            if (query.Workflow is not null)
                Bind(command, "workflow", query.Workflow);
            if (query.Status is { } status)
                Bind(command, "status", status.ToText());
            if (query.Trigger is not null)
                Bind(command, "trigger_key", query.Trigger);
            Bind(command, "limit", query.Limit);
        }, ReadRun, cancellationToken);
    }

    public async Task<IReadOnlyList<StepEntry>> GetStepsAsync(string runId, CancellationToken cancellationToken = default) =>
        await QueryAsync("SELECT run_id, seq, step_id, name, status, started_at, finished_at, input, output, error FROM steps WHERE run_id = @run_id ORDER BY seq",
            command => Bind(command, "run_id", runId),
            reader => new StepEntry
            {
                RunId = reader.GetString(0),
                Sequence = Convert.ToInt32(reader.GetValue(1)),
                StepId = reader.GetString(2),
                Name = NullableString(reader, 3),
                Status = RunStates.Parse(reader.GetString(4)),
                StartedAt = ReadTime(reader, 5),
                FinishedAt = reader.IsDBNull(6) ? null : ReadTime(reader, 6),
                Input = Json(reader, 7),
                Output = Json(reader, 8),
                Error = Json(reader, 9) as JsonObject,
            }, cancellationToken);

    public async Task<IReadOnlyList<LogEntry>> GetLogsAsync(string runId, CancellationToken cancellationToken = default) =>
        await QueryAsync("SELECT run_id, time, level, source, step_id, message FROM logs WHERE run_id = @run_id ORDER BY id",
            command => Bind(command, "run_id", runId),
            reader => new LogEntry
            {
                RunId = reader.GetString(0),
                Time = ReadTime(reader, 1),
                Level = reader.GetString(2),
                Source = reader.GetString(3),
                StepId = NullableString(reader, 4),
                Message = reader.GetString(5),
            }, cancellationToken);

    public async Task<CursorRecord?> GetCursorAsync(string workflow, CancellationToken cancellationToken = default) =>
        (await QueryAsync("SELECT workflow, state, run_id, updated_at FROM cursors WHERE workflow = @workflow",
            command => Bind(command, "workflow", workflow),
            reader => new CursorRecord(reader.GetString(0), Json(reader, 1), NullableString(reader, 2), ReadTime(reader, 3)), cancellationToken)).SingleOrDefault();

    public async Task SetCursorAsync(CursorRecord cursor, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await UpsertCursorAsync(connection, null, cursor, cancellationToken);
    }

    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        const string old = "SELECT id FROM runs WHERE finished_at IS NOT NULL AND finished_at < @before";
        foreach (var table in new[] { "logs", "steps" })
        {
            await using var child = Command(connection, transaction, $"DELETE FROM {table} WHERE run_id IN ({old})");
            Bind(child, "before", TimeValue(before));
            await child.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var command = Command(connection, transaction, "DELETE FROM runs WHERE finished_at IS NOT NULL AND finished_at < @before");
        Bind(command, "before", TimeValue(before));
        var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    public async Task<int> MarkUnfinishedRunsLostAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null,
            "UPDATE runs SET status = @lost, finished_at = @now, error = @error WHERE status IN (@pending, @running)");
        Bind(command, "lost", RunState.Lost.ToText());
        Bind(command, "now", TimeValue(now));
        Bind(command, "error", "LostError: the runner stopped while this run was in flight");
        Bind(command, "pending", RunState.Pending.ToText());
        Bind(command, "running", RunState.Running.ToText());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task AddDeploymentAsync(DeploymentRecord deployment, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null,
            $"INSERT INTO deployments ({DeploymentColumns}) VALUES (@id, @commit_sha, @branch, @author, @message, @committed_at, @deployed_at, @result, @reasons)");
        Bind(command, "id", deployment.Id);
        Bind(command, "commit_sha", deployment.CommitSha);
        Bind(command, "branch", deployment.Branch);
        Bind(command, "author", deployment.Author);
        Bind(command, "message", deployment.Message);
        Bind(command, "committed_at", TimeValue(deployment.CommittedAt));
        Bind(command, "deployed_at", TimeValue(deployment.DeployedAt));
        Bind(command, "result", deployment.Result.ToText());
        AddJson(command, "reasons", new JsonArray([.. deployment.Reasons.Select(r => JsonValue.Create(r))]).ToJsonString());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DeploymentRecord>> ListDeploymentsAsync(DeploymentResult? result = null, int limit = 50, CancellationToken cancellationToken = default) =>
        await QueryAsync($"SELECT {DeploymentColumns} FROM deployments{(result is null ? "" : " WHERE result = @result")} ORDER BY deployed_at DESC, id DESC LIMIT @limit",
            command =>
            {
                if (result is { } wanted)
                    Bind(command, "result", wanted.ToText());
                Bind(command, "limit", limit);
            },
            reader => new DeploymentRecord
            {
                Id = reader.GetString(0),
                CommitSha = reader.GetString(1),
                Branch = reader.GetString(2),
                Author = reader.GetString(3),
                Message = reader.GetString(4),
                CommittedAt = ReadTime(reader, 5),
                DeployedAt = ReadTime(reader, 6),
                Result = DeploymentResults.Parse(reader.GetString(7)),
                Reasons = Json(reader, 8) is JsonArray reasons ? reasons.Select(r => r!.GetValue<string>()).ToList() : [],
            }, cancellationToken);

    private async Task UpsertCursorAsync(DbConnection connection, DbTransaction? transaction, CursorRecord cursor, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction,
            "INSERT INTO cursors (workflow, state, run_id, updated_at) VALUES (@workflow, @state, @run_id, @updated_at) " +
            "ON CONFLICT (workflow) DO UPDATE SET state = excluded.state, run_id = excluded.run_id, updated_at = excluded.updated_at");
        Bind(command, "workflow", cursor.Workflow);
        AddJson(command, "state", cursor.State?.ToJsonString());
        Bind(command, "run_id", cursor.RunId);
        Bind(command, "updated_at", TimeValue(cursor.UpdatedAt));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<List<T>> QueryAsync<T>(string sql, Action<DbCommand> bind, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, sql);
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(read(reader));
        return rows;
    }

    private RunRecord ReadRun(DbDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Workflow = reader.GetString(1),
        Trigger = NullableString(reader, 2),
        TriggerType = reader.GetString(3),
        Status = RunStates.Parse(reader.GetString(4)),
        CreatedAt = ReadTime(reader, 5),
        StartedAt = reader.IsDBNull(6) ? null : ReadTime(reader, 6),
        FinishedAt = reader.IsDBNull(7) ? null : ReadTime(reader, 7),
        ProjectVersion = NullableString(reader, 8),
        Input = Json(reader, 9),
        FinalState = Json(reader, 10),
        Error = NullableString(reader, 11),
        RetryOf = NullableString(reader, 12),
    };

    private static async Task<int?> ReadVersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT version FROM schema_version");
        try
        {
            var value = await command.ExecuteScalarAsync(cancellationToken);
            return value is null or DBNull ? null : Convert.ToInt32(value);
        }
        catch (DbException) when (transaction is null)
        {
            return null; // no schema yet
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    protected static void Bind(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static JsonNode? Json(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : JsonNode.Parse(reader.GetString(ordinal));
}
