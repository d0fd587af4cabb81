using System.Diagnostics;

namespace OpenFn.Integrations.Tests;

public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>Runs the built <c>openfn</c> CLI (copied next to the tests by the project reference) as a child process.</summary>
public static class OpenfnCli
{
    public static async Task<CliResult> RunAsync(TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repo.Root };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "openfn.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var name in new[] { "OPENFN_DATA_DIR", "OPENFN_HISTORY", "OPENFN_CREDENTIALS" })
            start.Environment.Remove(name);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"openfn {string.Join(' ', args)} did not finish within {timeout}:\n{await stderr}");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
