using System.Text.RegularExpressions;

namespace OpenFn.Simulators.Infrastructure;

/// <summary>What the fault layer decided for one request.</summary>
public sealed record FaultDecision
{
    public static readonly FaultDecision None = new();

    public TimeSpan Latency { get; init; }
    public bool DropBefore { get; init; }
    public bool DropAfter { get; init; }
    public bool TokenExpired { get; init; }
    public FaultRule? ErrorRule { get; init; }
    public bool Malformed { get; init; }

    public bool IsNone => this == None;

    /// <summary>Short words for the request log ("latency 200ms", "error 503", ...).</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Latency > TimeSpan.Zero) parts.Add($"latency {Latency.TotalMilliseconds:0}ms");
        if (DropBefore) parts.Add("dropped");
        if (TokenExpired) parts.Add("token expired");
        if (ErrorRule is not null) parts.Add($"error {ErrorRule.ErrorStatus}");
        if (Malformed) parts.Add("malformed json");
        if (DropAfter) parts.Add("dropped after handling");
        return string.Join(", ", parts);
    }
}

/// <summary>
/// The fault knobs of one simulator: a list of <see cref="FaultRule"/>s and the counters they need.
/// Random choices come from a seeded generator, so a test sees the same sequence on every run.
/// </summary>
public sealed class FaultInjector
{
    private readonly object gate = new();
    private readonly List<ActiveRule> rules = [];
    private readonly int seed;
    private Random random;
    private int nextId = 1;

    public FaultInjector(int seed = 20250801)
    {
        this.seed = seed;
        random = new Random(seed);
    }

    /// <summary>Adds a rule; returns its id (for <see cref="Remove"/>).</summary>
    public int Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.ErrorRate is < 0 or > 1 || rule.MalformedJsonRate is < 0 or > 1 || rule.DropConnectionRate is < 0 or > 1)
            throw new ArgumentException("Fault rates must be between 0 and 1.", nameof(rule));
        lock (gate)
        {
            var id = nextId++;
            rules.Add(new ActiveRule(id, rule, GlobToRegex(rule.Path)));
            return id;
        }
    }

    public bool Remove(int id)
    {
        lock (gate) return rules.RemoveAll(r => r.Id == id) > 0;
    }

    /// <summary>Removes every rule and restarts the random sequence.</summary>
    public void Clear()
    {
        lock (gate)
        {
            rules.Clear();
            random = new Random(seed);
        }
    }

    public IReadOnlyList<(int Id, FaultRule Rule)> Rules
    {
        get { lock (gate) return rules.Select(r => (r.Id, r.Rule)).ToList(); }
    }

    /// <summary>Decides the faults for one request; <paramref name="credential"/> identifies its token, if any.</summary>
    public FaultDecision Decide(string method, string path, string? credential)
    {
        lock (gate)
        {
            if (rules.Count == 0) return FaultDecision.None;
            var latency = TimeSpan.Zero;
            bool dropBefore = false, dropAfter = false, expired = false, malformed = false;
            FaultRule? error = null;
            foreach (var active in rules)
            {
                var rule = active.Rule;
                if (rule.Method is not null && !string.Equals(rule.Method, method, StringComparison.OrdinalIgnoreCase)) continue;
                if (!active.PathPattern.IsMatch(path)) continue;
                if (rule.Times is { } times && active.Applied >= times) continue;
                active.Applied++;

                latency += rule.Latency;
                if (rule.UnauthorizedAfterRequests is { } budget && credential is not null)
                {
                    var used = active.RequestsPerCredential.GetValueOrDefault(credential) + 1;
                    active.RequestsPerCredential[credential] = used;
                    if (used > budget) expired = true;
                }
                if (rule.DropConnectionRate > 0 && Chance(rule.DropConnectionRate))
                {
                    if (rule.DropAfterHandling) dropAfter = true; else dropBefore = true;
                }
                if (error is null && rule.ErrorRate > 0 && Chance(rule.ErrorRate)) error = rule;
                if (rule.MalformedJsonRate > 0 && Chance(rule.MalformedJsonRate)) malformed = true;
            }
            if (latency == TimeSpan.Zero && !dropBefore && !dropAfter && !expired && error is null && !malformed)
                return FaultDecision.None;
            return new FaultDecision
            {
                Latency = latency, DropBefore = dropBefore, DropAfter = dropAfter, TokenExpired = expired,
                ErrorRule = error, Malformed = malformed,
            };
        }
    }

    private bool Chance(double rate) => rate >= 1.0 || random.NextDouble() < rate;

    private static Regex GlobToRegex(string glob) =>
        new("^" + Regex.Escape(glob).Replace("\\*", ".*") + "$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    private sealed class ActiveRule(int id, FaultRule rule, Regex pathPattern)
    {
        public int Id { get; } = id;
        public FaultRule Rule { get; } = rule;
        public Regex PathPattern { get; } = pathPattern;
        public int Applied { get; set; }
        public Dictionary<string, int> RequestsPerCredential { get; } = new(StringComparer.Ordinal);
    }
}
