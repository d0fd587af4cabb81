using System.Text.Json.Nodes;
using OpenFn.Runner.History;

namespace OpenFn.Runner.Tests;

/// <summary>The behaviour every history store must have; run against SQLite and PostgreSQL below (deployments: Deploy/).</summary>
public abstract partial class HistoryStoreContractTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    /// <summary>A store over a fresh, empty database; calling it again with the same key reopens the same database.</summary>
    protected abstract Task<IHistoryStore> OpenAsync(string database);

    /// <summary>Runs SQL straight on the database behind <see cref="OpenAsync"/> (to set up an older schema).</summary>
    protected abstract Task ExecuteSqlAsync(string database, string sql);

    private static RunRecord Run(string id, string workflow = "sync", int minutes = 0, RunState status = RunState.Pending) => new()
    {
        Id = id,
        Workflow = workflow,
        Trigger = "cron",
        TriggerType = "cron",
        Status = status,
        CreatedAt = T0.AddMinutes(minutes),
        ProjectVersion = "abc123def456",
        Input = new JsonObject { ["data"] = new JsonObject(), ["lastRunDateTime"] = "2026-02-28" },
    };

    [Test]
    public async Task Initialising_creates_the_current_schema_and_is_idempotent()
    {
        await using var store = await OpenAsync("schema");
        await store.InitializeAsync();

        Assert.That(await store.GetSchemaVersionAsync(), Is.EqualTo(SqlHistoryStore.CurrentSchemaVersion));
    }

    [Test]
    public async Task A_run_is_found_by_id_or_unique_prefix_and_listed_newest_first()
    {
        await using var store = await OpenAsync("runs");
        await store.CreateRunAsync(Run("0190aaaa-0000-7000-8000-000000000001", minutes: 0));
        await store.CreateRunAsync(Run("0190bbbb-0000-7000-8000-000000000002", "other", minutes: 1));
        await store.CreateRunAsync(Run("0190bbbc-0000-7000-8000-000000000003", minutes: 2, status: RunState.Running));

        var found = await store.FindRunAsync("0190aaaa");
        Assert.That(found, Is.EqualTo(Run("0190aaaa-0000-7000-8000-000000000001")).Using<RunRecord>(SameRun));
        Assert.That(await store.FindRunAsync("0190bbb"), Is.Null, "an ambiguous prefix finds nothing");
        Assert.That(await store.FindRunAsync("nope%"), Is.Null);

        var all = await store.ListRunsAsync(new RunQuery());
        Assert.That(all.Select(r => r.Id[..8]), Is.EqualTo(new[] { "0190bbbc", "0190bbbb", "0190aaaa" }));
        var sync = await store.ListRunsAsync(new RunQuery { Workflow = "sync", Limit = 1 });
        Assert.That(sync.Single().Id[..8], Is.EqualTo("0190bbbc"));
        var running = await store.ListRunsAsync(new RunQuery { Status = RunState.Running });
        Assert.That(running.Single().Id[..8], Is.EqualTo("0190bbbc"));
    }

    [Test]
    public async Task Steps_logs_and_completion_round_trip_in_order()
    {
        await using var store = await OpenAsync("steps");
        const string id = "0190cccc-0000-7000-8000-000000000001";
        await store.CreateRunAsync(Run(id));
        await store.MarkStartedAsync(id, T0.AddSeconds(1.5));
        var error = new JsonObject { ["type"] = "TypeError", ["message"] = "Cannot read properties of undefined (reading 'y')" };
        await store.AddStepAsync(new StepEntry
        {
            RunId = id, Sequence = 0, StepId = "get", Name = "Get cases", Status = RunState.Success, StartedAt = T0.AddSeconds(1.5), FinishedAt = T0.AddSeconds(2.25),
            Input = JsonNode.Parse("""{"data":{}}"""), Output = JsonNode.Parse("""{"data":{"cases":["ក្មេង","😀"]}}"""),
        });
        await store.AddStepAsync(new StepEntry { RunId = id, Sequence = 1, StepId = "post", Status = RunState.Failed, StartedAt = T0.AddSeconds(3), Error = error });
        await store.AddLogsAsync([
            new LogEntry { RunId = id, Time = T0.AddSeconds(2), Level = "info", Source = "JOB", StepId = "get", Message = "fetched 2 cases" },
            new LogEntry { RunId = id, Time = T0.AddSeconds(2), Level = "error", Source = "R/T", StepId = "post", Message = "post aborted with error" },
        ]);
        await store.AddLogsAsync([new LogEntry { RunId = id, Time = T0.AddSeconds(4), Level = "always", Source = "R/T", Message = "Run complete with status: failed" }]);
        await store.CompleteRunAsync(new RunCompletion { RunId = id, Status = RunState.Failed, FinishedAt = T0.AddSeconds(4.000001), Error = "TypeError: boom", FinalState = JsonNode.Parse("""{"x":1}""") }, null);

        var run = (await store.FindRunAsync(id))!;
        Assert.That((run.Status, run.StartedAt, run.FinishedAt, run.Error, run.FinalState!.ToJsonString()),
            Is.EqualTo((RunState.Failed, T0.AddSeconds(1.5), T0.AddSeconds(4.000001), "TypeError: boom", """{"x":1}""")));
        var steps = await store.GetStepsAsync(id);
        Assert.That(steps.Select(s => (s.StepId, s.Status)), Is.EqualTo(new[] { ("get", RunState.Success), ("post", RunState.Failed) }));
        Assert.That(steps[0].Output!["data"]!["cases"]![0]!.GetValue<string>(), Is.EqualTo("ក្មេង"));
        Assert.That((steps[0].Name, steps[0].FinishedAt, steps[1].FinishedAt, steps[1].Output), Is.EqualTo(("Get cases", (DateTimeOffset?)T0.AddSeconds(2.25), (DateTimeOffset?)null, (JsonNode?)null)));
        Assert.That(steps[1].Error!.ToJsonString(), Is.EqualTo(error.ToJsonString()));
        var logs = await store.GetLogsAsync(id);
        Assert.That(logs.Select(l => (l.Source, l.StepId, l.Message)), Is.EqualTo(new[]
        {
            ("JOB", (string?)"get", "fetched 2 cases"), ("R/T", "post", "post aborted with error"), ("R/T", null, "Run complete with status: failed"),
        }));
    }

    [Test]
    public async Task Completing_a_run_stores_the_cursor_with_it_and_setting_a_cursor_replaces_it()
    {
        await using var store = await OpenAsync("cursor");
        const string id = "0190dddd-0000-7000-8000-000000000001";
        await store.CreateRunAsync(Run(id));
        Assert.That(await store.GetCursorAsync("sync"), Is.Null);

        await store.CompleteRunAsync(new RunCompletion { RunId = id, Status = RunState.Success, FinishedAt = T0.AddMinutes(1) },
            new CursorRecord("sync", JsonNode.Parse("""{"lastRunDateTime":"2026-03-01"}"""), id, T0.AddMinutes(1)));
        var cursor = (await store.GetCursorAsync("sync"))!;
        Assert.That((cursor.State!.ToJsonString(), cursor.RunId, cursor.UpdatedAt), Is.EqualTo(("""{"lastRunDateTime":"2026-03-01"}""", id, T0.AddMinutes(1))));

        await store.SetCursorAsync(new CursorRecord("sync", JsonNode.Parse("""{"lastRunDateTime":"2020-01-01"}"""), null, T0.AddMinutes(2)));
        cursor = (await store.GetCursorAsync("sync"))!;
        Assert.That((cursor.State!.ToJsonString(), cursor.RunId), Is.EqualTo(("""{"lastRunDateTime":"2020-01-01"}""", (string?)null)));
    }

    [Test]
    public async Task Pruning_deletes_old_finished_runs_with_their_steps_and_logs_only()
    {
        await using var store = await OpenAsync("prune");
        foreach (var (id, finishedMinutes) in new[] { ("0190eeee-0000-7000-8000-000000000001", (int?)0), ("0190eeee-0000-7000-8000-000000000002", 60), ("0190eeee-0000-7000-8000-000000000003", null) })
        {
            await store.CreateRunAsync(Run(id));
            await store.AddStepAsync(new StepEntry { RunId = id, Sequence = 0, StepId = "a", Status = RunState.Success, StartedAt = T0 });
            await store.AddLogsAsync([new LogEntry { RunId = id, Time = T0, Level = "info", Source = "JOB", Message = "hi" }]);
            if (finishedMinutes is { } minutes)
                await store.CompleteRunAsync(new RunCompletion { RunId = id, Status = RunState.Success, FinishedAt = T0.AddMinutes(minutes) },
                    new CursorRecord("sync", new JsonObject(), id, T0.AddMinutes(minutes)));
        }

        var deleted = await store.PruneAsync(T0.AddMinutes(30));

        Assert.That(deleted, Is.EqualTo(1));
        Assert.That((await store.ListRunsAsync(new RunQuery())).Select(r => r.Id[^1..]), Is.EquivalentTo(new[] { "2", "3" }));
        Assert.That(await store.GetStepsAsync("0190eeee-0000-7000-8000-000000000001"), Is.Empty);
        Assert.That(await store.GetLogsAsync("0190eeee-0000-7000-8000-000000000001"), Is.Empty);
        Assert.That(await store.GetCursorAsync("sync"), Is.Not.Null);
    }

    [Test]
    public async Task Runs_left_unfinished_are_marked_lost()
    {
        await using var store = await OpenAsync("lost");
        await store.CreateRunAsync(Run("0190ffff-0000-7000-8000-000000000001", status: RunState.Running));
        await store.CreateRunAsync(Run("0190ffff-0000-7000-8000-000000000002", status: RunState.Pending));
        await store.CreateRunAsync(Run("0190ffff-0000-7000-8000-000000000003", status: RunState.Success));

        Assert.That(await store.MarkUnfinishedRunsLostAsync(T0.AddHours(1)), Is.EqualTo(2));
        var lost = (await store.FindRunAsync("0190ffff-0000-7000-8000-000000000001"))!;
        Assert.That((lost.Status, lost.FinishedAt), Is.EqualTo((RunState.Lost, (DateTimeOffset?)T0.AddHours(1))));
        Assert.That((await store.FindRunAsync("0190ffff-0000-7000-8000-000000000003"))!.Status, Is.EqualTo(RunState.Success));
    }

    [Test]
    public async Task A_reopened_store_keeps_history_and_cursors()
    {
        await using (var store = await OpenAsync("reopen"))
        {
            await store.CreateRunAsync(Run("01910000-0000-7000-8000-000000000001"));
            await store.SetCursorAsync(new CursorRecord("sync", JsonNode.Parse("""{"n":3}"""), null, T0));
        }

        await using var reopened = await OpenAsync("reopen");
        await reopened.InitializeAsync();

        Assert.That(await reopened.FindRunAsync("01910000-0000-7000-8000-000000000001"), Is.Not.Null);
        Assert.That((await reopened.GetCursorAsync("sync"))!.State!["n"]!.GetValue<int>(), Is.EqualTo(3));
    }

    private static bool SameRun(RunRecord a, RunRecord b) =>
        a with { Input = null, FinalState = null } == b with { Input = null, FinalState = null }
        && a.Input?.ToJsonString() == b.Input?.ToJsonString() && a.FinalState?.ToJsonString() == b.FinalState?.ToJsonString();
}

public sealed class SqliteHistoryStoreTests : HistoryStoreContractTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TempFolder();

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    protected override async Task<IHistoryStore> OpenAsync(string database)
    {
        var store = new SqliteHistoryStore(DatabaseFile(database));
        await store.InitializeAsync();
        return store;
    }

    protected override async Task ExecuteSqlAsync(string database, string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabaseFile(database)};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private string DatabaseFile(string database) => Path.Combine(_folder.Path, "data", database + ".db");
}

[NonParallelizable]
public sealed class PostgresHistoryStoreTests : HistoryStoreContractTests
{
    private PostgresServer _server = null!;
    private readonly Dictionary<string, string> _databases = [];

    [OneTimeSetUp]
    public async Task StartServer() => _server = await PostgresServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    protected override async Task<IHistoryStore> OpenAsync(string database)
    {
        if (!_databases.TryGetValue(database, out var connectionString))
            _databases[database] = connectionString = await _server.CreateDatabaseAsync();
        var store = new PostgresHistoryStore(connectionString);
        await store.InitializeAsync();
        return store;
    }

    protected override async Task ExecuteSqlAsync(string database, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(_databases[database]);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
