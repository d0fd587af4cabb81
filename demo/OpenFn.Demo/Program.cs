using System.Net.Sockets;
using System.Text.Json.Nodes;
using OpenFn.Demo;
using OpenFn.Runner.Cli;
using OpenFn.Runner.History;
using OpenFn.Simulators;

// dotnet run --project demo/OpenFn.Demo [-- --data-dir DIR]
// Starts the Primero and OSCaR simulators on their default ports with sample cases, runs the two Cambodia workflows of
// project.yaml once each through the openfn runner (history in .openfn/, or DIR), and prints what the sync did.

var root = DemoRepository.Find();
var dataDir = args is ["--data-dir", var chosen] ? Path.GetFullPath(chosen) : Path.Combine(root, ".openfn");
var workflows = new[] { DemoWorkflow.PrimeroToOscar, DemoWorkflow.OscarToPrimero };

SimulatorHost sims;
try
{
    sims = await SimulatorHost.StartAsync(new SimulatorOptions
    {
        Systems = SimulatorSystems.Primero | SimulatorSystems.Oscar,
        Ports = SimulatorPorts.Defaults,
        Primero = new() { SyntheticCases = 200 },
        Oscar = new() { SyntheticClients = 200 },
    });
}
catch (Exception e) when (e is IOException or SocketException || e.InnerException is SocketException)
{
    Console.Error.WriteLine($"Cannot start the simulators on ports {SimulatorDefaults.PrimeroPort} and {SimulatorDefaults.OscarPort}: {e.Message} " +
                            "(is the simulator executable or another demo running?)");
    return 1;
}

await using (sims)
{
    Console.WriteLine($"Simulators: Primero {sims.Primero.BaseUrl} ({sims.Primero.Store.CaseCount} cases), OSCaR {sims.Oscar.BaseUrl} ({sims.Oscar.Store.ClientCount} clients)");
    Console.WriteLine("The simulators start from their seed data every time, so the two workflows start without a cursor.");
    await using (var history = await DemoRepository.OpenHistoryAsync(dataDir))
    {
        foreach (var workflow in workflows)
            await history.SetCursorAsync(new CursorRecord(workflow.Key, new JsonObject(), null, DateTimeOffset.UtcNow));
    }

    Directory.CreateDirectory(Path.Combine(dataDir, "demo"));
    var results = new List<DemoResult>();
    foreach (var workflow in workflows)
    {
        if (workflow == DemoWorkflow.OscarToPrimero)
            AcceptSomeReferrals(sims);
        Console.WriteLine();
        Console.WriteLine($"== openfn run {workflow.Key} --cursor");
        var exitCode = await CliApp.RunAsync(
        [
            "run", workflow.Key, "--cursor", "-p", Path.Combine(root, "project.yaml"), "-c", Path.Combine(root, "credentials.example.json"),
            "--data-dir", dataDir, "-o", Path.Combine(dataDir, "demo", workflow.Key + ".json"),
        ]);
        await using var history = await DemoRepository.OpenHistoryAsync(dataDir);
        results.Add(await DemoResult.ReadAsync(history, workflow, exitCode));
    }

    Console.WriteLine();
    Console.WriteLine("== Summary");
    foreach (var result in results)
        result.Print(Console.Out);
    Console.WriteLine();
    var dataOption = dataDir == Path.Combine(root, ".openfn") ? "" : $" --data-dir {dataDir}";
    Console.WriteLine($"Run history: {Path.Combine(dataDir, "history.db")} (SQLite), JSON logs in {Path.Combine(dataDir, "logs")}. Look at it with:");
    Console.WriteLine($"  dotnet run --project runner/OpenFn.Runner -- runs list{dataOption}");
    Console.WriteLine($"  dotnet run --project runner/OpenFn.Runner -- runs show {results[0].RunId[..8]} --logs{dataOption}");
    Console.WriteLine($"  dotnet run --project runner/OpenFn.Runner -- state show {workflows[0].Key}{dataOption}");
    return results.All(r => r.Succeeded) ? 0 : 2;
}

// What NGO case workers do in OSCaR between the two runs, so that flow 2 has decisions to bring back to Primero.
static void AcceptSomeReferrals(SimulatorHost sims)
{
    var sent = sims.Oscar.Store.AllReferrals()
        .Where(r => r.Direction == OpenFn.Simulators.Oscar.OscarReferralDirection.FromExternal && r.ClientId is null).Take(3).ToList();
    foreach (var referral in sent)
        sims.Oscar.Store.AcceptReferral(referral.Id);
    Console.WriteLine();
    Console.WriteLine($"(In OSCaR, NGO case workers accept {sent.Count} of the referrals Primero just sent.)");
}
