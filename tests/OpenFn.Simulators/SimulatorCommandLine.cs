using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using OpenFn.Simulators.Oscar;
using OpenFn.Simulators.Primero;

namespace OpenFn.Simulators;

/// <summary>The executable: <c>dotnet run --project tests/OpenFn.Simulators -- [options]</c>.</summary>
public static class SimulatorCommandLine
{
    public const string Usage = """
        Usage: dotnet run --project tests/OpenFn.Simulators -- [options]

        Starts local Primero, OSCaR, proGres DTP, OCHA HPC and PRP simulators and runs until Ctrl+C.

        Options:
          --seed-cases N        synthetic Primero cases to generate (default 0; 10000 and 100000 are fine)
          --seed-clients N      synthetic OSCaR clients to generate (default: same as --seed-cases)
          --seed S              seed of the synthetic data (default 42)
          --systems LIST        comma list of primero,oscar,dtp,hpc,prp (default: all)
          --host IP             address to listen on (default 127.0.0.1)
          --primero-port P      (default 4101)   --oscar-port P (4102)   --dtp-port P (4103)
          --hpc-port P          (default 4104)   --prp-port P (4105)     0 = any free port
          --no-fixtures         start without the realistic fixture records
          --session-login       Primero >= 2.11 login (session cookie + CSRF) instead of bearer tokens
          --help                show this text
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        SimulatorOptions options;
        try
        {
            options = Parse(args);
        }
        catch (HelpRequested)
        {
            Console.WriteLine(Usage);
            return 0;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine("error: " + e.Message + " (see --help)");
            return 2;
        }
        var started = Stopwatch.StartNew();
        SimulatorHost host;
        try
        {
            host = await SimulatorHost.StartAsync(options);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine("error: " + e.Message.Split('\n')[0] + " (is another simulator running? pick other ports with --primero-port etc.)");
            return 1;
        }
        await using var running = host;
        Console.WriteLine($"Simulators started in {started.Elapsed.TotalSeconds:0.0}s:");
        foreach (var server in host.Servers) Console.WriteLine($"  {server.Name,-8} {server.BaseUrl}   (admin: {server.BaseUrl}__admin/store?summary=true)");
        Console.WriteLine("Press Ctrl+C to stop.");
        var stop = new TaskCompletionSource();
        void Stop(PosixSignalContext signal)
        {
            signal.Cancel = true;
            stop.TrySetResult();
        }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        await stop.Task;
        return 0;
    }

    /// <summary>Parses the command line; throws ArgumentException with a one-line message on bad input.</summary>
    public static SimulatorOptions Parse(string[] args)
    {
        int? seedCases = null, seedClients = null;
        var seed = 42;
        var systems = SimulatorSystems.All;
        var address = IPAddress.Loopback;
        var ports = SimulatorPorts.Defaults;
        var fixtures = true;
        var loginMode = PrimeroLoginMode.BearerToken;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value");
            int Number(int min) => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min
                ? n : throw new ArgumentException($"{name} needs a whole number >= {min}");
            switch (name)
            {
                case "--help" or "-h": throw new HelpRequested();
                case "--seed-cases": seedCases = Number(0); break;
                case "--seed-clients": seedClients = Number(0); break;
                case "--seed": seed = Number(int.MinValue); break;
                case "--systems": systems = ParseSystems(Value()); break;
                case "--host": address = IPAddress.TryParse(Value(), out var ip) ? ip : throw new ArgumentException($"{name} needs an IP address"); break;
                case "--primero-port": ports = ports with { Primero = Number(0) }; break;
                case "--oscar-port": ports = ports with { Oscar = Number(0) }; break;
                case "--dtp-port": ports = ports with { Dtp = Number(0) }; break;
                case "--hpc-port": ports = ports with { Hpc = Number(0) }; break;
                case "--prp-port": ports = ports with { Prp = Number(0) }; break;
                case "--no-fixtures": fixtures = false; break;
                case "--session-login": loginMode = PrimeroLoginMode.SessionCookie; break;
                default: throw new ArgumentException($"unknown option '{name}'");
            }
        }
        return new SimulatorOptions
        {
            Systems = systems,
            Address = address,
            Ports = ports,
            Seed = seed,
            LogToConsole = true,
            Primero = new PrimeroOptions { SyntheticCases = seedCases ?? 0, SeedFixtures = fixtures, LoginMode = loginMode },
            Oscar = new OscarOptions { SyntheticClients = seedClients ?? seedCases ?? 0, SeedFixtures = fixtures },
        };
    }

    private static SimulatorSystems ParseSystems(string list)
    {
        var systems = SimulatorSystems.None;
        foreach (var part in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            systems |= Enum.TryParse<SimulatorSystems>(part, ignoreCase: true, out var one) && one != SimulatorSystems.None
                ? one : throw new ArgumentException($"unknown system '{part}' in --systems (use primero,oscar,dtp,hpc,prp)");
        }
        return systems;
    }

    private sealed class HelpRequested : Exception;
}
