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
/// (it links the new cases in OSCaR and adds the services OSCaR then shows).
/// </summary>
public sealed class CambodiaSyncBench : IBenchmark
{
    private const int Records = 10_000;

    public string Name => "CambodiaSync";

    public async Task RunAsync(TextWriter output)
    {
        var root = RepositoryRoot();
        var folder = Directory.CreateTempSubdirectory("openfn-cambodia-bench-");
        var start = Stopwatch.StartNew();
        await using var sims = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            Systems = SimulatorSystems.Primero | SimulatorSystems.Oscar,
            Primero = new() { SyntheticCases = Records, LoginsPerMinute = null },
            Oscar = new() { SyntheticClients = Records },
        });
        output.WriteLine($"simulators: {sims.Primero.Store.CaseCount:N0} Primero cases, {sims.Oscar.Store.ClientCount:N0} OSCaR clients, started in {start.Elapsed.TotalSeconds:F1} s");
        var credentials = Path.Combine(folder.FullName, "credentials.json");
        await File.WriteAllTextAsync(credentials, new JsonObject
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

        output.WriteLine($"{"run",-36} {"wall",8} {"peak RSS",10} {"requests",9} {"req/s",7}  result");
        try
        {
            for (var round = 1; round <= 2; round++)
            {
                var roundTime = TimeSpan.Zero;
                foreach (var workflow in new[] { "cambodia-primero-to-oscar", "cambodia-oscar-to-primero" })
                {
                    var before = Requests(sims);
                    var (wall, peak, exitCode, final) = await RunAsync(root, folder.FullName, credentials, workflow);
                    var requests = Requests(sims) - before;
                    roundTime += wall;
                    output.WriteLine($"{$"round {round} {workflow}",-36} {wall.TotalSeconds,7:F1}s {peak / 1024.0 / 1024.0,8:F0}MB {requests,9:N0} {requests / wall.TotalSeconds,7:F0}  " +
                                     (exitCode == 0 ? Summary(final) : $"exit {exitCode}"));
                }
                output.WriteLine($"{$"round {round} total",-36} {roundTime.TotalSeconds,7:F1}s");
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Requests answered so far by both simulators (the log's sequence numbers count past its capacity).</summary>
    private static long Requests(SimulatorHost sims) => Last(sims.Primero.Log) + Last(sims.Oscar.Log);

    private static long Last(RequestLog log) => log.Entries.Count == 0 ? 0 : log.Entries[^1].Sequence;

    private static async Task<(TimeSpan Wall, long PeakBytes, int ExitCode, JsonNode? Final)> RunAsync(string root, string folder, string credentials, string workflow)
    {
        var output = Path.Combine(folder, workflow + ".json");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        foreach (var arg in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "openfn.dll"), "run", workflow, "--cursor", "-p", Path.Combine(root, "project.yaml"),
                     "-c", credentials, "--data-dir", Path.Combine(folder, "data"), "-o", output, "-l", "none",
                 })
            info.ArgumentList.Add(arg);
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
                break; // exited between the check and the read
            }
            await Task.Delay(20);
        }
        await process.WaitForExitAsync();
        watch.Stop();
        await stdout;
        if (process.ExitCode != 0)
            Console.Error.WriteLine(await stderr);
        return (watch.Elapsed, peak, process.ExitCode, File.Exists(output) ? JsonNode.Parse(await File.ReadAllTextAsync(output)) : null);
    }

    private static string Summary(JsonNode? final) =>
        final?["summary"] is JsonObject summary
            ? string.Join(", ", summary.Where(p => p.Value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number).Select(p => $"{p.Key} {p.Value}"))
            : "no summary";

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "project.yaml")) && File.Exists(Path.Combine(dir.FullName, "OpenFnDotnet.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("No project.yaml above " + AppContext.BaseDirectory);
    }
}
