using System.Diagnostics;
using System.Text.Json.Nodes;
using OpenFn.Simulators;
using OpenFn.Simulators.Infrastructure;

namespace OpenFn.Bench;

/// <summary>
/// The full Cambodia sync of 10,000 Primero cases and 10,000 OSCaR clients: both workflows of project.yaml, each run
/// by the openfn CLI as its own process (<c>openfn run &lt;workflow&gt; --cursor</c>, as an hourly run), against the
/// simulators in this process with no added latency. Per run: wall time, the runner process's peak memory, requests
/// the simulators answered and requests per second. Round 1 is the first full sync; round 2 runs both workflows again
/// (it links the new cases in OSCaR and adds the services OSCaR then shows). Peak RSS includes garbage the GC has not
/// collected yet, so round 1 runs once more, on fresh simulators, with the runner's GC heap capped at 320 MB.
/// </summary>
public sealed class CambodiaSyncBench : IBenchmark
{
    private const int Records = 10_000;
    private static readonly string[] Workflows = ["cambodia-primero-to-oscar", "cambodia-oscar-to-primero"];

    public string Name => "CambodiaSync";

    public async Task RunAsync(TextWriter output)
    {
        var folder = Directory.CreateTempSubdirectory("openfn-cambodia-bench-");
        try
        {
            var start = Stopwatch.StartNew();
            await using (var sims = await StartSimulatorsAsync())
            {
                output.WriteLine($"simulators: {sims.Primero.Store.CaseCount:N0} Primero cases, {sims.Oscar.Store.ClientCount:N0} OSCaR clients, started in {start.Elapsed.TotalSeconds:F1} s");
                output.WriteLine($"{"run",-40} {"wall",8} {"peak RSS",10} {"requests",9} {"req/s",7}  result");
                var runner = new CliRunner(RepositoryRoot(), folder.FullName, WriteCredentials(folder.FullName, "credentials.json", sims));
                await RoundAsync(output, sims, runner, "round 1", "data");
                await RoundAsync(output, sims, runner, "round 2", "data");
            }
            await using (var sims = await StartSimulatorsAsync())
            {
                var runner = new CliRunner(RepositoryRoot(), folder.FullName, WriteCredentials(folder.FullName, "credentials-2.json", sims));
                await RoundAsync(output, sims, runner, "round 1, GC heap <= 320 MB", "data-capped", new() { ["DOTNET_GCHeapHardLimit"] = "0x14000000" });
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    private static Task<SimulatorHost> StartSimulatorsAsync() =>
        SimulatorHost.StartAsync(new SimulatorOptions
        {
            Systems = SimulatorSystems.Primero | SimulatorSystems.Oscar,
            Primero = new() { SyntheticCases = Records, LoginsPerMinute = null },
            Oscar = new() { SyntheticClients = Records },
        });

    private static async Task RoundAsync(TextWriter output, SimulatorHost sims, CliRunner runner, string name, string dataDir,
        Dictionary<string, string>? environment = null)
    {
        var roundTime = TimeSpan.Zero;
        foreach (var workflow in Workflows)
        {
            var before = Requests(sims);
            var run = await runner.RunAsync(workflow, dataDir, environment ?? []);
            var requests = Requests(sims) - before;
            roundTime += run.Wall;
            output.WriteLine($"{$"{name} {workflow}",-40} {run.Wall.TotalSeconds,7:F1}s {run.PeakBytes / 1024.0 / 1024.0,8:F0}MB {requests,9:N0} " +
                             $"{requests / run.Wall.TotalSeconds,7:F0}  {(run.ExitCode == 0 ? Summary(run.Final) : $"exit {run.ExitCode}: {run.Error}")}");
        }
        output.WriteLine($"{$"{name} total",-40} {roundTime.TotalSeconds,7:F1}s");
    }

    /// <summary>Requests answered so far by both simulators (the log's sequence numbers count past its capacity).</summary>
    private static long Requests(SimulatorHost sims) => Last(sims.Primero.Log) + Last(sims.Oscar.Log);

    private static long Last(RequestLog log) => log.Entries.Count == 0 ? 0 : log.Entries[^1].Sequence;

    private static string Summary(JsonNode? final) =>
        final?["summary"] is JsonObject summary
            ? string.Join(", ", summary.Where(p => p.Value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number).Select(p => $"{p.Key} {p.Value}"))
            : "no summary";

    private static string WriteCredentials(string folder, string name, SimulatorHost sims)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, new JsonObject
        {
            ["primero-cambodia"] = new JsonObject
            {
                ["url"] = sims.Primero.BaseUrl.ToString(), ["user"] = SimulatorDefaults.PrimeroUser, ["password"] = SimulatorDefaults.PrimeroPassword,
            },
            ["oscar-cambodia"] = new JsonObject
            {
                ["baseUrl"] = sims.Oscar.BaseUrl.ToString(), ["username"] = SimulatorDefaults.OscarEmail, ["password"] = SimulatorDefaults.OscarPassword,
            },
        }.ToJsonString());
        return path;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "project.yaml")) && File.Exists(Path.Combine(dir.FullName, "OpenFnDotnet.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("No project.yaml above " + AppContext.BaseDirectory);
    }

    private sealed record CliRun(TimeSpan Wall, long PeakBytes, int ExitCode, JsonNode? Final, string Error);

    /// <summary>Runs <c>openfn run &lt;workflow&gt; --cursor</c> as a process and samples its peak working set.</summary>
    private sealed class CliRunner(string root, string folder, string credentials)
    {
        public async Task<CliRun> RunAsync(string workflow, string dataDir, Dictionary<string, string> environment)
        {
            var output = Path.Combine(folder, workflow + ".json");
            File.Delete(output);
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
            foreach (var arg in new[]
                     {
                         Path.Combine(AppContext.BaseDirectory, "openfn.dll"), "run", workflow, "--cursor", "-p", Path.Combine(root, "project.yaml"),
                         "-c", credentials, "--data-dir", Path.Combine(folder, dataDir), "-o", output, "-l", "none",
                     })
                info.ArgumentList.Add(arg);
            foreach (var (name, value) in environment)
                info.Environment[name] = value;
            var watch = Stopwatch.StartNew();
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            long peak = 0;
            while (!process.HasExited)
            {
                try
                {
                    process.Refresh();
                    peak = Math.Max(peak, process.PeakWorkingSet64);
                }
                catch (InvalidOperationException)
                {
                    break; // it exited between the check and the read
                }
                await Task.Delay(20);
            }
            await process.WaitForExitAsync();
            watch.Stop();
            await stdout;
            var text = File.Exists(output) ? await File.ReadAllTextAsync(output) : "";
            var error = string.Join(" | ", (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(2));
            return new CliRun(watch.Elapsed, peak, process.ExitCode, text.Length > 0 ? JsonNode.Parse(text) : null, error);
        }
    }
}
