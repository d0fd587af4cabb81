using System.Diagnostics;
using System.Text.Json.Nodes;
using OpenFn.Compiler;

namespace OpenFn.Runtime.Tests.Differential;

/// <summary>One run for OpenFn's own runtime: a compiled job, or an execution plan whose expressions are <see cref="OpenFnOracle.Module"/>s.</summary>
internal sealed record OracleJob(string Id, JsonObject State, CompiledJob? Job = null, JsonObject? Plan = null);

internal sealed record OracleResult(string Id, JsonNode? State, JsonObject? Thrown, JsonArray Logs);

/// <summary>
/// Runs jobs in @openfn/runtime 1.9.5 with @openfn/language-common 3.3.4 (node, from tests/oracle, installed with
/// <c>npm ci</c> on first use). Our compiler's output is reused, so only the runtimes differ.
/// </summary>
internal static class OpenFnOracle
{
    /// <summary>Our compiled job as the ES module OpenFn's compiler would produce: operations as the default export, common imported.</summary>
    public static string Module(CompiledJob job)
    {
        var imports = string.Join(", ", LanguageCommonAdaptor.Exports);
        return job.Code + "\n;function __openfn_op(i, op) { __openfn_ops()[i] = op; }\n"
            + "function __openfn_ops() { return __openfn_ops.list || (__openfn_ops.list = []); }\n"
            + $"import {{ {imports} }} from '@openfn/language-common';\n"
            + "import { defer as __openfn_defer } from '@openfn/runtime';\n"
            + "export * from '@openfn/language-common';\n"
            + "export default __openfn_ops();\n";
    }

    public static IReadOnlyDictionary<string, OracleResult> Run(IReadOnlyList<OracleJob> jobs)
    {
        var oracleDir = Path.Combine(TestPaths.RepositoryRoot, "tests", "oracle");
        EnsureInstalled(oracleDir);
        var batch = new JsonArray();
        foreach (var job in jobs)
        {
            batch.Add(job.Plan is { } plan
                ? new JsonObject { ["id"] = job.Id, ["plan"] = plan.DeepClone(), ["state"] = job.State.DeepClone() }
                : new JsonObject
                {
                    ["id"] = job.Id,
                    ["module"] = Module(job.Job!),
                    ["state"] = job.State.DeepClone(),
                    ["sourceMap"] = IdentitySourceMap.Create(job.Job!, "job-1.js"),
                });
        }
        var work = Directory.CreateTempSubdirectory("openfn-oracle-");
        try
        {
            var batchPath = Path.Combine(work.FullName, "batch.json");
            var resultsPath = Path.Combine(work.FullName, "results.json");
            File.WriteAllText(batchPath, batch.ToJsonString());
            var script = Path.Combine(TestContext.CurrentContext.TestDirectory, "Differential", "openfn-oracle.mjs");
            var (exit, output) = Exec("node", ["--experimental-vm-modules", "--no-warnings", script, oracleDir, batchPath, resultsPath], work.FullName, TimeSpan.FromMinutes(5));
            if (exit != 0)
                Assert.Fail($"The OpenFn oracle failed (exit {exit}):\n{output}");
            var results = JsonNode.Parse(File.ReadAllText(resultsPath))!.AsArray();
            return results.Select(r => new OracleResult(
                    (string)r!["id"]!,
                    r["state"]?.DeepClone(),
                    r["thrown"] as JsonObject is { } thrown ? (JsonObject)thrown.DeepClone() : null,
                    (JsonArray)r["logs"]!.DeepClone()))
                .ToDictionary(r => r.Id);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static readonly object InstallLock = new();

    public static void EnsureInstalled(string oracleDir)
    {
        lock (InstallLock)
        {
            if (File.Exists(Path.Combine(oracleDir, "node_modules", "@openfn", "runtime", "package.json"))
                && File.Exists(Path.Combine(oracleDir, "node_modules", "@openfn", "language-common", "package.json")))
                return;
            var (exit, output) = Exec("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], oracleDir, TimeSpan.FromMinutes(10));
            if (exit != 0)
                Assert.Fail($"npm ci in {oracleDir} failed (exit {exit}):\n{output}");
        }
    }

    private static (int Exit, string Output) Exec(string file, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["TZ"] = "UTC";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"{file} timed out after {timeout}");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
