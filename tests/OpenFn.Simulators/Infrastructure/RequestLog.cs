namespace OpenFn.Simulators.Infrastructure;

/// <summary>One request a simulator received (admin calls are not logged).</summary>
public sealed record RequestLogEntry(
    long Sequence,
    DateTimeOffset ReceivedAt,
    string Method,
    string Path,
    string QueryString,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    int Status,
    double DurationMs,
    string Faults)
{
    /// <summary>A request header by name (case-insensitive), or null.</summary>
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}

/// <summary>Bounded, thread-safe log of the requests one simulator received, oldest first.</summary>
public sealed class RequestLog(int capacity = 20_000)
{
    /// <summary>Request bodies longer than this are cut in the log.</summary>
    public const int MaxBodyChars = 64 * 1024;

    private readonly object gate = new();
    private readonly Queue<RequestLogEntry> entries = new();
    private long sequence;

    internal long NextSequence() => Interlocked.Increment(ref sequence);

    internal void Add(RequestLogEntry entry)
    {
        lock (gate)
        {
            entries.Enqueue(entry);
            while (entries.Count > capacity) entries.Dequeue();
        }
    }

    public IReadOnlyList<RequestLogEntry> Entries
    {
        get { lock (gate) return entries.OrderBy(e => e.Sequence).ToList(); }
    }

    /// <summary>Entries whose method matches and whose path starts with <paramref name="pathPrefix"/>.</summary>
    public IReadOnlyList<RequestLogEntry> Find(string method, string pathPrefix) =>
        Entries.Where(e => string.Equals(e.Method, method, StringComparison.OrdinalIgnoreCase)
                           && e.Path.StartsWith(pathPrefix, StringComparison.Ordinal)).ToList();

    public int Count
    {
        get { lock (gate) return entries.Count; }
    }

    public void Clear()
    {
        lock (gate) entries.Clear();
    }
}
