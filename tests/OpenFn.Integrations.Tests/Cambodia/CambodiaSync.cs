using System.Text.Json.Nodes;
using OpenFn.Integrations.Tests.Support;
using OpenFn.Runner.History;
using OpenFn.Runner.Tests;
using OpenFn.Simulators;

namespace OpenFn.Integrations.Tests.Cambodia;

/// <summary>The outcome of one workflow run: status, final state, error and steps ("job: status"), as the history recorded them.</summary>
public sealed record SyncRun(RunState Status, JsonNode? FinalState, string? Error, IReadOnlyList<string> Steps, CliResult Cli)
{
    public JsonObject Summary => FinalState?["summary"]?.AsObject() ?? throw new InvalidOperationException($"No summary in the final state:\n{Cli}");

    public int Count(string key) => Summary[key]!.GetValue<int>();
}

/// <summary>
/// The two Cambodia workflows of project.yaml run by the openfn CLI (<c>openfn run &lt;workflow&gt; --cursor</c>, as a
/// cron firing runs them: from the workflow's cursor, which the run's final state replaces only when it succeeds),
/// against Primero and OSCaR simulators on free ports.
/// </summary>
public sealed class CambodiaSync : IAsyncDisposable
{
    public const string PrimeroToOscar = "cambodia-primero-to-oscar";
    public const string OscarToPrimero = "cambodia-oscar-to-primero";

    private readonly IntegrationEnvironment environment;
    private int runs;

    private CambodiaSync(IntegrationEnvironment environment) => this.environment = environment;

    public SimulatorHost Sims => environment.Simulators;

    public static async Task<CambodiaSync> StartAsync(int cases = 0, int clients = 0, bool fixtures = true) =>
        new(await IntegrationEnvironment.StartAsync(new SimulatorOptions
        {
            Systems = SimulatorSystems.Primero | SimulatorSystems.Oscar,
            Primero = new() { SyntheticCases = cases, LoginsPerMinute = null, SeedFixtures = fixtures },
            Oscar = new() { SyntheticClients = clients, SeedFixtures = fixtures },
        }));

    /// <summary>Runs the workflow; its final state is written to <paramref name="output"/> (default: a file of this environment).</summary>
    public async Task<SyncRun> RunAsync(string workflow, string? output = null)
    {
        output ??= environment.Folder.File($"final-{++runs}.json");
        var cli = await Task.Run(() => environment.Run(workflow, "--cursor", "-o", output));
        await using var history = await HistoryAsync();
        var run = (await history.ListRunsAsync(new RunQuery { Workflow = workflow, Limit = 1 })).SingleOrDefault()
                  ?? throw new InvalidOperationException($"openfn recorded no run of {workflow}:\n{cli}");
        var steps = await history.GetStepsAsync(run.Id);
        return new SyncRun(run.Status, run.FinalState, run.Error, steps.Select(s => $"{s.StepId}: {s.Status.ToText()}").ToList(), cli);
    }

    /// <summary>Runs the workflow and fails the test unless the run succeeded.</summary>
    public async Task<SyncRun> SucceedsAsync(string workflow)
    {
        var run = await RunAsync(workflow);
        Assert.That(run.Status, Is.EqualTo(RunState.Success), $"{workflow}: {run.Error}\n{run.Cli}");
        return run;
    }

    /// <summary>The cursor the workflow's next cron run starts from (null before its first successful run).</summary>
    public async Task<JsonNode?> CursorAsync(string workflow)
    {
        await using var history = await HistoryAsync();
        return (await history.GetCursorAsync(workflow))?.State;
    }

    private async Task<IHistoryStore> HistoryAsync()
    {
        var store = new SqliteHistoryStore(Path.Combine(environment.DataDir, "history.db"));
        await store.InitializeAsync();
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await environment.DisposeAsync();
    }
}
