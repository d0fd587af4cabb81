namespace OpenFn.Runtime.Logging;

/// <summary>OpenFn's duration format: <c>655ms</c>, <c>1.3s</c>, <c>2m 5s</c>.</summary>
public static class Durations
{
    public static string Format(TimeSpan duration) => duration.TotalMilliseconds switch
    {
        < 1000 => $"{(long)duration.TotalMilliseconds}ms",
        < 60_000 => $"{duration.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)}s",
        _ => $"{(long)duration.TotalMinutes}m {duration.Seconds}s",
    };
}
