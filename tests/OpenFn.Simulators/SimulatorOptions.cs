using System.Net;
using OpenFn.Simulators.Dtp;
using OpenFn.Simulators.Hpc;
using OpenFn.Simulators.Oscar;
using OpenFn.Simulators.Primero;
using OpenFn.Simulators.Seed;

namespace OpenFn.Simulators;

/// <summary>Which simulators a <see cref="SimulatorHost"/> starts.</summary>
[Flags]
public enum SimulatorSystems
{
    None = 0,
    Primero = 1,
    Oscar = 2,
    Dtp = 4,
    Hpc = 8,
    Prp = 16,
    All = Primero | Oscar | Dtp | Hpc | Prp,
}

/// <summary>Ports of the five simulators; 0 means "any free port".</summary>
public sealed record SimulatorPorts(int Primero, int Oscar, int Dtp, int Hpc, int Prp)
{
    /// <summary>Free ports chosen by the OS (tests).</summary>
    public static readonly SimulatorPorts Free = new(0, 0, 0, 0, 0);

    /// <summary>The fixed demo ports 4101–4105 (see <see cref="SimulatorDefaults"/>).</summary>
    public static readonly SimulatorPorts Defaults = new(
        SimulatorDefaults.PrimeroPort, SimulatorDefaults.OscarPort, SimulatorDefaults.DtpPort, SimulatorDefaults.HpcPort, SimulatorDefaults.PrpPort);
}

public sealed class SimulatorOptions
{
    public SimulatorSystems Systems { get; init; } = SimulatorSystems.All;

    public IPAddress Address { get; init; } = IPAddress.Loopback;

    public SimulatorPorts Ports { get; init; } = SimulatorPorts.Free;

    /// <summary>Seed of the synthetic data generator (same seed, same data).</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Creation time of the first synthetic record; record i is created about 2·i minutes later.</summary>
    public DateTime SyntheticEpoch { get; init; } = SyntheticPopulation.DefaultEpoch;

    /// <summary>Clock for timestamps and token expiry (tests can pass their own TimeProvider).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Write warnings of the web servers to the console (the executable does).</summary>
    public bool LogToConsole { get; init; }

    public PrimeroOptions Primero { get; init; } = new();

    public OscarOptions Oscar { get; init; } = new();

    public DtpOptions Dtp { get; init; } = new();

    public HpcOptions Hpc { get; init; } = new();

    /// <summary>The PRP API token (<c>Authorization: Token …</c>).</summary>
    public string PrpToken { get; init; } = SimulatorDefaults.PrpToken;
}
