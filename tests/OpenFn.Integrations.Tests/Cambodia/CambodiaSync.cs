using System.Text.Json.Nodes;
using OpenFn.Runner.History;
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
/// against Primero and OSCaR simulators on free ports, with a history store in a temporary folder.
/// </summary>
public sealed class CambodiaSync : IAsyncDisposable
{
    public const string PrimeroToOscar = "cambodia-primero-to-oscar";
    public const string OscarToPrimero = "cambodia-oscar-to-primero";

    private readonly string folder = Path.Combine(Path.GetTempPath(), "openfn-cambodia-" + Guid.NewGuid().ToString("N")[..12]);
    private int runs;

    private CambodiaSync(SimulatorHost sims)
    {
        Sims = sims;
        Directory.CreateDirectory(folder);
        File.WriteAllText(CredentialsFile, new JsonObject
        {
            ["integration@example.org-Cambodia-Primero"] = new JsonObject
            {
                ["url"] = sims.Primero.BaseUrl.ToString(), ["user"] = SimulatorDefaults.PrimeroUser, ["password"] = SimulatorDefaults.PrimeroPassword,
            },
            ["integration@example.org-Cambodia-OSCaR"] = new JsonObject
            {
                ["baseUrl"] = sims.Oscar.BaseUrl.ToString(), ["username"] = SimulatorDefaults.OscarEmail, ["password"] = SimulatorDefaults.OscarPassword,
            },
        }.ToJsonString());
    }

    public SimulatorHost Sims { get; }

    public string DataDir => Path.Combine(folder, "data");

    private string CredentialsFile => Path.Combine(folder, "credentials.json");

    public static async Task<CambodiaSync> StartAsync(int cases = 0, int clients = 0, bool fixtures = true) =>
        new(await SimulatorHost.StartAsync(new SimulatorOptions
        {
            Systems = SimulatorSystems.Primero | SimulatorSystems.Oscar,
            Primero = new() { SyntheticCases = cases, LoginsPerMinute = null, SeedFixtures = fixtures },
            Oscar = new() { SyntheticClients = clients, SeedFixtures = fixtures },
        }));

    public async Task<SyncRun> RunAsync(string workflow, TimeSpan? timeout = null)
    {
        var output = Path.Combine(folder, $"final-{++runs}.json");
        var cli = await OpenfnCli.RunAsync(timeout ?? TimeSpan.FromMinutes(2),
            "run", workflow, "--cursor", "-p", Repo.PathOf("project.yaml"), "-c", CredentialsFile, "--data-dir", DataDir, "-o", output);
        await using var history = await HistoryAsync();
        var run = (await history.ListRunsAsync(new RunQuery { Workflow = workflow, Limit = 1 })).SingleOrDefault()
                  ?? throw new InvalidOperationException($"openfn recorded no run of {workflow}:\n{cli}");
        var steps = await history.GetStepsAsync(run.Id);
        return new SyncRun(run.Status, run.FinalState, run.Error, steps.Select(s => $"{s.StepId}: {s.Status.ToText()}").ToList(), cli);
    }

    /// <summary>The cursor the workflow's next cron run starts from (null before its first successful run).</summary>
    public async Task<JsonNode?> CursorAsync(string workflow)
    {
        await using var history = await HistoryAsync();
        return (await history.GetCursorAsync(workflow))?.State;
    }

    private async Task<IHistoryStore> HistoryAsync()
    {
        var store = new SqliteHistoryStore(Path.Combine(DataDir, "history.db"));
        await store.InitializeAsync();
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        await Sims.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
