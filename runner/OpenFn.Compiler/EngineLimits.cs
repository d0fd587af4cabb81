namespace OpenFn.Compiler;

/// <summary>Limits every job engine runs under. Defaults follow OpenFn (300 s, 500 MB).</summary>
public sealed record EngineLimits
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(300);
    public long MaxStatements { get; init; } = 0; // 0 = unlimited
    public int MaxRecursionDepth { get; init; } = 2_000;
    public long MemoryBytes { get; init; } = 500L * 1024 * 1024;
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromSeconds(5);
    public uint MaxArraySize { get; init; } = 50_000_000;
    public int MaxJsonDepth { get; init; } = 512;

    /// <summary>Stack size of the thread that runs jobs; must fit <see cref="MaxRecursionDepth"/>.</summary>
    public int ThreadStackBytes { get; init; } = 256 * 1024 * 1024;
}
