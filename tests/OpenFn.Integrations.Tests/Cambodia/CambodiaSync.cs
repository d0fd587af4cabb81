using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenFn.Adaptors.Oscar;
using OpenFn.Adaptors.Primero;
using OpenFn.Compiler;
using OpenFn.Runtime;
using OpenFn.Simulators;

namespace OpenFn.Integrations.Tests.Cambodia;

/// <summary>The outcome of one workflow run: status, final state, the one-line error and the steps as "id: Status".</summary>
public sealed record SyncRun(RunStatus Status, JsonNode? FinalState, string? Error, IReadOnlyList<string> Steps)
{
    public JsonObject Summary => FinalState?["summary"]?.AsObject() ?? throw new InvalidOperationException($"No summary in the final state: {FinalState?.ToJsonString()}");
}

/// <summary>
/// The two Cambodia workflows against simulators on free ports, run the way a cron trigger runs them: from the
/// workflow's cursor, which becomes the run's final state (its cursor keys) only when the run succeeded.
/// </summary>
public sealed partial class CambodiaSync : IAsyncDisposable
{
    public const string PrimeroToOscar = "cambodia-primero-to-oscar";
    public const string OscarToPrimero = "cambodia-oscar-to-primero";

    private readonly Dictionary<string, JsonObject> cursors = [];
    private readonly StepRunner stepRunner = new(new AdaptorRegistry([new LanguageCommonAdaptor(), new PrimeroAdaptor(), new OscarAdaptor()]), new JobCompiler(), new EngineLimits());

    private CambodiaSync(SimulatorHost sims) => Sims = sims;

    public SimulatorHost Sims { get; }

    public static async Task<CambodiaSync> StartAsync(int cases = 0, int clients = 0, bool fixtures = true) =>
        new(await SimulatorHost.StartAsync(new SimulatorOptions
        {
            Systems = SimulatorSystems.Primero | SimulatorSystems.Oscar,
            Primero = new() { SyntheticCases = cases, LoginsPerMinute = null, SeedFixtures = fixtures },
            Oscar = new() { SyntheticClients = clients, SeedFixtures = fixtures },
        }));

    public JsonObject? Cursor(string workflow) => cursors.GetValueOrDefault(workflow)?.DeepClone().AsObject();

    public async Task<SyncRun> RunAsync(string workflow)
    {
        var (plan, cursorKey) = Plan(workflow);
        var input = Cursor(workflow) ?? [];
        var result = await new WorkflowRunner(stepRunner).RunAsync(plan, input);
        if (result.Status == RunStatus.Success && result.FinalState is JsonObject final)
            cursors[workflow] = new JsonObject { [cursorKey] = final[cursorKey]?.DeepClone() };
        return new SyncRun(result.Status, result.FinalState, result.ErrorMessage, result.Steps.Select(s => $"{s.StepId}: {s.Status}").ToList());
    }

    private (WorkflowPlan Plan, string CursorKey) Plan(string workflow)
    {
        var primero = new JsonObject { ["url"] = Sims.Primero.BaseUrl.ToString(), ["user"] = SimulatorDefaults.PrimeroUser, ["password"] = SimulatorDefaults.PrimeroPassword };
        var oscar = new JsonObject { ["baseUrl"] = Sims.Oscar.BaseUrl.ToString(), ["username"] = SimulatorDefaults.OscarEmail, ["password"] = SimulatorDefaults.OscarPassword };
        return workflow switch
        {
            PrimeroToOscar => (Flow(workflow, ("f1-j1-getPrimeroCases.js", "@openfn/language-primero@4.1.1", primero),
                ("f1-j2-casesToOscar.js", "@openfn-dotnet/language-oscar@1.0.0", oscar), "f1-j3-catch.js"), "lastRunDateTime"),
            OscarToPrimero => (Flow(workflow, ("f2-j1-getOscarCases.js", "@openfn-dotnet/language-oscar@1.0.0", oscar),
                ("f2-j2-upsertCasesToPrimero.js", "@openfn/language-primero@4.1.1", primero), "f2-j3-catch.js"), "lastQueryDate"),
            _ => throw new ArgumentException($"Unknown workflow {workflow}"),
        };
    }

    private static WorkflowPlan Flow(string name, (string File, string Adaptor, JsonObject Credential) first, (string File, string Adaptor, JsonObject Credential) second, string catchJob) =>
        new()
        {
            Name = name,
            Steps =
            [
                Step(first, [EdgePlan.FromCondition("second", "on_job_success"), EdgePlan.FromCondition("catch", "on_job_failure")], "first"),
                Step(second, [EdgePlan.FromCondition("catch", "on_job_failure")], "second"),
                new StepPlan { Id = "catch", Expression = Job(catchJob), Adaptor = "@openfn/language-common@3.3.4" },
            ],
        };

    private static StepPlan Step((string File, string Adaptor, JsonObject Credential) job, IReadOnlyList<EdgePlan> next, string id) =>
        new() { Id = id, Name = job.File, Expression = Job(job.File), Adaptor = job.Adaptor, Configuration = job.Credential, Next = next };

    /// <summary>A job of jobs/cambodia, with its JSON data imports inlined (until the compiler reads them itself).</summary>
    internal static JobSource Job(string file)
    {
        var path = Repo.PathOf(Path.Combine("jobs", "cambodia", file));
        var text = JsonImport().Replace(File.ReadAllText(path), m =>
            $"const {m.Groups["name"].Value} = {JsonNode.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(path)!, m.Groups["path"].Value)))!.ToJsonString()};");
        return new JobSource(path, text);
    }

    [GeneratedRegex(@"^import (?<name>\w+) from '(?<path>[^']+\.json)';", RegexOptions.Multiline)]
    private static partial Regex JsonImport();

    public ValueTask DisposeAsync() => Sims.DisposeAsync();
}
