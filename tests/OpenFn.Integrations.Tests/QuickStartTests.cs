using System.Diagnostics;
using System.Text.RegularExpressions;
using OpenFn.Runner.Tests;

namespace OpenFn.Integrations.Tests;

/// <summary>The README's main command (the demo) and the bench harness, run as the programs a newcomer runs.</summary>
public class QuickStartTests
{
    private static CliResult Dotnet(string dll, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
            process.Kill(entireProcessTree: true);
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static int Count(string summary, string label) =>
        int.Parse(Regex.Match(summary, $@"^\s+{Regex.Escape(label)}\s+(\d+)\s*$", RegexOptions.Multiline).Groups[1].Value);

    [Test]
    public void The_demo_syncs_both_ways_through_the_runner_and_prints_the_summary()
    {
        using var data = new TempFolder();

        var demo = Dotnet("OpenFn.Demo.dll", "--data-dir", data.Path);

        Assert.That(demo.ExitCode, Is.EqualTo(0), demo.ToString());
        var summary = demo.Stdout[demo.Stdout.IndexOf("== Summary", StringComparison.Ordinal)..];
        Assert.That(Count(summary, "OSCaR referrals created"), Is.GreaterThan(0), summary);
        Assert.That(Count(summary, "Primero cases created"), Is.GreaterThan(0), summary);
        Assert.That(Count(summary, "Primero referrals decided"), Is.EqualTo(3), summary);
        Assert.That(summary, Does.Match(@"cursor lastRunDateTime: \(none\) → \d{4}-\d{2}-\d{2}T"));
        Assert.That(File.Exists(Path.Combine(data.Path, "history.db")), Is.True);
        var runs = Openfn.Run(AppContext.BaseDirectory, "runs", "list", "--data-dir", data.Path);
        Assert.That(runs.Stdout, Does.Contain("cambodia-primero-to-oscar").And.Contain("cambodia-oscar-to-primero"), runs.ToString());
    }

    [Test]
    public void The_bench_harness_names_its_benchmarks_when_a_filter_matches_none()
    {
        var bench = Dotnet("OpenFn.Bench.dll", "no-such-benchmark");

        Assert.That(bench.ExitCode, Is.EqualTo(2), bench.ToString());
        Assert.That(bench.Stderr, Does.Contain("No benchmark matches").And.Contain("CambodiaSync"));
    }
}
