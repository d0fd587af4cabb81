using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace OpenFn.Runner.History;

/// <summary>History in a SQLite file (WAL mode, so <c>openfn runs</c> can read while <c>serve</c> writes).</summary>
public sealed class SqliteHistoryStore(string path) : SqlHistoryStore
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    public string Path { get; } = path;

    protected override IReadOnlyList<string> Migrations { get; } =
    [
        """
        CREATE TABLE runs (id TEXT PRIMARY KEY, workflow TEXT NOT NULL, trigger_key TEXT, trigger_type TEXT NOT NULL, status TEXT NOT NULL,
            created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT, project_version TEXT, input TEXT, final_state TEXT, error TEXT, retry_of TEXT);
        CREATE INDEX runs_workflow_created ON runs (workflow, created_at);
        CREATE INDEX runs_created ON runs (created_at);
        CREATE INDEX runs_finished ON runs (finished_at);
        CREATE TABLE steps (run_id TEXT NOT NULL, seq INTEGER NOT NULL, step_id TEXT NOT NULL, name TEXT, status TEXT NOT NULL,
            started_at TEXT NOT NULL, finished_at TEXT, input TEXT, output TEXT, error TEXT, PRIMARY KEY (run_id, seq));
        CREATE TABLE logs (id INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL, time TEXT NOT NULL, level TEXT NOT NULL,
            source TEXT NOT NULL, step_id TEXT, message TEXT NOT NULL);
        CREATE INDEX logs_run ON logs (run_id, id);
        CREATE TABLE cursors (workflow TEXT PRIMARY KEY, state TEXT, run_id TEXT, updated_at TEXT NOT NULL)
        """,
        """
        CREATE TABLE deployments (id TEXT PRIMARY KEY, commit_sha TEXT NOT NULL, branch TEXT NOT NULL, author TEXT NOT NULL, message TEXT NOT NULL,
            committed_at TEXT NOT NULL, deployed_at TEXT NOT NULL, result TEXT NOT NULL, reasons TEXT NOT NULL);
        CREATE INDEX deployments_deployed ON deployments (deployed_at)
        """,
    ];

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
        if (folder is not null)
            Directory.CreateDirectory(folder);
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    protected override async Task<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken); // BEGIN IMMEDIATE: one migrating writer at a time

    protected override object TimeValue(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    protected override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    protected override void AddJson(DbCommand command, string name, string? json) => Bind(command, name, json);

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }
}
