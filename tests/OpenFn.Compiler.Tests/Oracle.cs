using System.Diagnostics;

namespace OpenFn.Compiler.Tests;

/// <summary>The npm packages in tests/oracle (git-ignored node_modules), installed with <c>npm ci</c> on first use.</summary>
internal static class Oracle
{
    private static readonly Lazy<string> Modules = new(Install);

    /// <summary>Packages the compiler tests use; a node_modules folder missing one of them is installed again.</summary>
    private static readonly string[] Required = ["test262-parser-tests", "@openfn/runtime", "@openfn/language-common"];

    /// <summary>Path of an installed oracle package, e.g. <c>test262-parser-tests</c>.</summary>
    public static string Package(string name) => Path.Combine(Modules.Value, name);

    /// <summary>The installed node_modules folder.</summary>
    public static string NodeModules => Modules.Value;

    private static string Install()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "tests", "oracle", "package.json")))
            directory = directory.Parent;
        Assert.That(directory, Is.Not.Null, "tests/oracle/package.json above the test directory");
        var oracle = Path.Combine(directory!.FullName, "tests", "oracle");
        var modules = Path.Combine(oracle, "node_modules");
        if (Required.All(name => File.Exists(Path.Combine(modules, name, "package.json"))))
            return modules;

        var start = new ProcessStartInfo("npm") { WorkingDirectory = oracle, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "ci", "--no-audit", "--no-fund", "--loglevel=error" })
            start.ArgumentList.Add(argument);
        using var npm = Process.Start(start)!;
        var stderr = npm.StandardError.ReadToEndAsync();
        npm.StandardOutput.ReadToEnd();
        Assert.That(npm.WaitForExit(TimeSpan.FromMinutes(5)), Is.True, "npm ci finished");
        Assert.That(npm.ExitCode, Is.Zero, () => "npm ci in tests/oracle failed: " + stderr.Result);
        return modules;
    }
}
