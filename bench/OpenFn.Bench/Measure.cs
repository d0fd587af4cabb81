using System.Diagnostics;

namespace OpenFn.Bench;

public static class Measure
{
    /// <summary>Runs <paramref name="action"/> <paramref name="iterations"/> times after one warm-up and returns the median duration.</summary>
    public static TimeSpan Median(int iterations, Action action)
    {
        action();
        var samples = new List<TimeSpan>(iterations);
        for (var i = 0; i < iterations; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            samples.Add(watch.Elapsed);
        }
        samples.Sort();
        return samples[samples.Count / 2];
    }
}
