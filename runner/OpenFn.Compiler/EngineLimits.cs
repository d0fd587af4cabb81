namespace OpenFn.Compiler;

/// <summary>Limits every job engine runs under. Defaults follow OpenFn (300 s per run, 500 MB).</summary>
public sealed record EngineLimits
{
    /// <summary>Wall-clock budget of the whole step, from engine creation (every entry into the engine counts against it).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Statement budget per entry into the engine; 0 = unlimited.</summary>
    public long MaxStatements { get; init; } = 0;

    /// <summary>
    /// Calls of one function nested in each other. Node allows about 10,000 frames; this needs
    /// <see cref="ThreadStackBytes"/> of stack (proved by the compiler tests). Deeper native recursion (getters,
    /// JSON, callbacks of built-ins) is caught by Jint's stack guard and also ends as a RangeError.
    /// </summary>
    public int MaxRecursionDepth { get; init; } = 10_000;

    /// <summary>Allocation budget per entry into the engine (Jint counts bytes allocated, not bytes live).</summary>
    public long MemoryBytes { get; init; } = 500L * 1024 * 1024;

    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromSeconds(5);
    public uint MaxArraySize { get; init; } = 50_000_000;

    /// <summary>Nesting limit of <c>JSON.parse</c> (Jint's default is 64; real payloads nest deeper).</summary>
    public int MaxJsonDepth { get; init; } = 512;

    /// <summary>Stack size of the thread that runs jobs; must fit <see cref="MaxRecursionDepth"/>.</summary>
    public int ThreadStackBytes { get; init; } = 256 * 1024 * 1024;
}
