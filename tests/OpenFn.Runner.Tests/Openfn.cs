using System.Diagnostics;

namespace OpenFn.Runner.Tests;

public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>Runs the built <c>openfn</c> CLI as a child process.</summary>
public static class Openfn
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "openfn.dll");

    public static ProcessStartInfo StartInfo(string workingDirectory, IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment.Remove("OPENFN_DATA_DIR");
        start.Environment.Remove("OPENFN_HISTORY");
        start.Environment.Remove("OPENFN_CREDENTIALS");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        return start;
    }

    public static CliResult Run(string workingDirectory, params string[] args) => Run(workingDirectory, null, null, args);

    public static CliResult Run(string workingDirectory, IDictionary<string, string>? environment, string? stdin, params string[] args)
    {
        using var process = Process.Start(StartInfo(workingDirectory, args, environment))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
            process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"openfn {string.Join(' ', args)} did not finish within 2 minutes");
        }
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
