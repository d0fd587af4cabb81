using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace OpenFn.Runner.History;

/// <summary>History in PostgreSQL (states as jsonb, times as timestamptz), for several runners or a managed database.</summary>
public sealed class PostgresHistoryStore(string connectionString) : SqlHistoryStore
{
    /// <summary>Key of the advisory lock that serialises schema migrations between runners.</summary>
    private const long MigrationLockKey = 7_270_001;

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    protected override IReadOnlyList<string> Migrations { get; } =
    [
        """
        CREATE TABLE runs (id TEXT PRIMARY KEY, workflow TEXT NOT NULL, trigger_key TEXT, trigger_type TEXT NOT NULL, status TEXT NOT NULL,
            created_at TIMESTAMPTZ NOT NULL, started_at TIMESTAMPTZ, finished_at TIMESTAMPTZ, project_version TEXT, input JSONB, final_state JSONB,
            error TEXT, retry_of TEXT);
        CREATE INDEX runs_workflow_created ON runs (workflow, created_at);
        CREATE INDEX runs_created ON runs (created_at);
        CREATE INDEX runs_finished ON runs (finished_at);
        CREATE TABLE steps (run_id TEXT NOT NULL, seq INTEGER NOT NULL, step_id TEXT NOT NULL, name TEXT, status TEXT NOT NULL,
            started_at TIMESTAMPTZ NOT NULL, finished_at TIMESTAMPTZ, input JSONB, output JSONB, error JSONB, PRIMARY KEY (run_id, seq));
        CREATE TABLE logs (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, run_id TEXT NOT NULL, time TIMESTAMPTZ NOT NULL, level TEXT NOT NULL,
            source TEXT NOT NULL, step_id TEXT, message TEXT NOT NULL);
        CREATE INDEX logs_run ON logs (run_id, id);
        CREATE TABLE cursors (workflow TEXT PRIMARY KEY, state JSONB, run_id TEXT, updated_at TIMESTAMPTZ NOT NULL)
        """,
        """
        CREATE TABLE deployments (id TEXT PRIMARY KEY, commit_sha TEXT NOT NULL, branch TEXT NOT NULL, author TEXT NOT NULL, message TEXT NOT NULL,
            committed_at TIMESTAMPTZ NOT NULL, deployed_at TIMESTAMPTZ NOT NULL, result TEXT NOT NULL, reasons JSONB NOT NULL);
        CREATE INDEX deployments_deployed ON deployments (deployed_at)
        """,
    ];

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    protected override async Task<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = Command(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLockKey})");
        await command.ExecuteNonQueryAsync(cancellationToken);
        return transaction;
    }

    protected override object TimeValue(DateTimeOffset time) => time.ToUniversalTime();

    protected override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    protected override void AddJson(DbCommand command, string name, string? json) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Jsonb) { Value = (object?)json ?? DBNull.Value });

    public override async ValueTask DisposeAsync() => await _dataSource.DisposeAsync();
}
