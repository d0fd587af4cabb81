namespace OpenFn.Compiler;

/// <summary>Limits every job engine runs under. Defaults follow OpenFn (300 s per run, 500 MB).</summary>
public sealed record EngineLimits
{
    /// <summary>Wall-clock budget of the whole step, from engine creation (every entry into the engine counts against it).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Statement budget per entry into the engine; 0 = unlimited.</summary>
    public long MaxStatements { get; init; } = 0;

    /// <summary>
    /// Optional cap on calls of one function nested in each other; 0 (the default) = no count, the stack decides.
    /// Without a cap, Jint's stack guard measures the thread's remaining stack and throws a <c>RangeError</c> the job
    /// can catch, as node does, at a depth set by <see cref="ThreadStackBytes"/>. A positive cap throws Jint's <c>RecursionDepthOverflowException</c> instead, which no job code can
    /// catch (the runtime must then treat it as a crash).
    /// </summary>
    public int MaxRecursionDepth { get; init; } = 0;

    /// <summary>
    /// Memory budget of a job (OpenFn: 500 MB). Jint can only count bytes allocated per entry into the engine, garbage
    /// included, so the engine allows four times this per operation call (a 10k-case transform allocates about 40 MB);
    /// 0 turns the check off.
    /// </summary>
    public long MemoryBytes { get; init; } = 500L * 1024 * 1024;

    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromSeconds(5);
    public uint MaxArraySize { get; init; } = 50_000_000;

    /// <summary>Nesting limit of <c>JSON.parse</c> (Jint's default is 64; real payloads nest deeper).</summary>
    public int MaxJsonDepth { get; init; } = 512;

    /// <summary>
    /// Stack size of the thread that runs jobs. It sets how deep a job can recurse before the stack guard's
    /// RangeError: 24 MB gives about 17,000 nested calls (node: about 10,800; 16 MB: about 10,000). Much larger
    /// stacks make a runaway recursion slow to stop (64 MB: about 44,000 calls and 15 s).
    /// </summary>
    public int ThreadStackBytes { get; init; } = 24 * 1024 * 1024;
}
