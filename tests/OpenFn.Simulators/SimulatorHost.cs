using OpenFn.Simulators.Infrastructure;
using OpenFn.Simulators.Dtp;
using OpenFn.Simulators.Hpc;
using OpenFn.Simulators.Oscar;
using OpenFn.Simulators.Primero;
using OpenFn.Simulators.Prp;
using OpenFn.Simulators.Seed;

namespace OpenFn.Simulators;

/// <summary>
/// Starts the simulators in-process and stops them on dispose:
/// <code>await using var sims = await SimulatorHost.StartAsync(new SimulatorOptions { Systems = SimulatorSystems.Primero });
/// var url = sims.Primero.BaseUrl;            // http://127.0.0.1:PORT/
/// sims.Primero.Store.GetCase(id);            // assert on the store
/// sims.Primero.Faults.Add(FaultRule.Error("/api/v2/cases", 503));</code>
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private readonly List<SimulatorServer> servers = [];
    private PrimeroSimulator? primero;
    private OscarSimulator? oscar;
    private DtpSimulator? dtp;
    private HpcSimulator? hpc;
    private PrpSimulator? prp;

    private SimulatorHost(SimulatorOptions options)
    {
        Options = options;
        Population = new SyntheticPopulation(options.Seed, options.SyntheticEpoch);
    }

    public SimulatorOptions Options { get; }

    /// <summary>The synthetic population both Cambodia simulators were seeded from.</summary>
    public SyntheticPopulation Population { get; }

    public PrimeroSimulator Primero => primero ?? throw NotStarted(SimulatorSystems.Primero);

    public OscarSimulator Oscar => oscar ?? throw NotStarted(SimulatorSystems.Oscar);

    public DtpSimulator Dtp => dtp ?? throw NotStarted(SimulatorSystems.Dtp);

    public HpcSimulator Hpc => hpc ?? throw NotStarted(SimulatorSystems.Hpc);

    public PrpSimulator Prp => prp ?? throw NotStarted(SimulatorSystems.Prp);

    /// <summary>The started simulators.</summary>
    public IReadOnlyList<SimulatorServer> Servers => servers;

    public static async Task<SimulatorHost> StartAsync(SimulatorOptions? options = null, CancellationToken cancel = default)
    {
        var host = new SimulatorHost(options ?? new SimulatorOptions());
        try
        {
            await host.StartServersAsync(cancel);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private async Task StartServersAsync(CancellationToken cancel)
    {
        var o = Options;
        if (o.Systems.HasFlag(SimulatorSystems.Primero))
            primero = await StartAsync(new PrimeroSimulator(o.Primero, Population, o.Clock), o.Ports.Primero, cancel);
        if (o.Systems.HasFlag(SimulatorSystems.Oscar))
            oscar = await StartAsync(new OscarSimulator(o.Oscar, Population, o.Clock), o.Ports.Oscar, cancel);
        if (o.Systems.HasFlag(SimulatorSystems.Dtp))
            dtp = await StartAsync(new DtpSimulator(o.Dtp, o.Clock), o.Ports.Dtp, cancel);
        if (o.Systems.HasFlag(SimulatorSystems.Hpc))
            hpc = await StartAsync(new HpcSimulator(o.Hpc, o.Clock), o.Ports.Hpc, cancel);
        if (o.Systems.HasFlag(SimulatorSystems.Prp))
            prp = await StartAsync(new PrpSimulator(o.PrpToken, o.Clock), o.Ports.Prp, cancel);
    }

    private async Task<T> StartAsync<T>(T server, int port, CancellationToken cancel) where T : SimulatorServer
    {
        servers.Add(server);
        await server.StartAsync(Options.Address, port, Options.LogToConsole, cancel);
        return server;
    }

    /// <summary>Resets every started simulator: seeded store, no sessions, empty log, no faults.</summary>
    public void ResetAll()
    {
        foreach (var server in servers) server.Reset();
    }

    private static InvalidOperationException NotStarted(SimulatorSystems system) =>
        new($"The {system} simulator was not started: add SimulatorSystems.{system} to SimulatorOptions.Systems.");

    public async ValueTask DisposeAsync()
    {
        foreach (var server in servers) await server.DisposeAsync();
        servers.Clear();
    }
}
