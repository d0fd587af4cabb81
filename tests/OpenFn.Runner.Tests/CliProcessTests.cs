using System.Diagnostics;

namespace OpenFn.Runner.Tests;

public class CliProcessTests
{
    private static string OpenfnDll => Path.Combine(AppContext.BaseDirectory, "openfn.dll");

    private static (int ExitCode, string Stdout, string Stderr) Openfn(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(OpenfnDll);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [Test]
    public void Help_lists_the_run_command()
    {
        var (exitCode, stdout, _) = Openfn("--help");

        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(stdout, Does.Contain("run"));
    }

    [Test]
    public void Run_executes_a_job_file_and_prints_the_final_state()
    {
        var job = Path.Combine(Path.GetTempPath(), $"job-{Guid.NewGuid():N}.js");
        File.WriteAllText(job, "fn(state => ({ data: { sum: [1, 2, 3].reduce((a, b) => a + b, 0) } }));");
        try
        {
            var (exitCode, stdout, stderr) = Openfn("run", job);

            Assert.That(exitCode, Is.EqualTo(0), stderr);
            Assert.That(stdout, Does.Contain("\"sum\": 6"));
        }
        finally
        {
            File.Delete(job);
        }
    }
}
