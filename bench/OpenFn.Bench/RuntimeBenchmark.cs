using System.Diagnostics;
using System.Text.Json.Nodes;
using OpenFn.Compiler;
using OpenFn.Runtime;
using OpenFn.Runtime.Execution;

namespace OpenFn.Bench;

/// <summary>
/// The runtime's costs: a one-operation step (engine start-up), per-operation overhead, <c>each</c> over 10k items,
/// a step with 5 MB of state in and out, and JSON ↔ JS conversion of 5 MB each way. The same jobs run on
/// @openfn/runtime 1.9.5 (node, tests/oracle) for ratios.
/// </summary>
public sealed class RuntimeBenchmark : IBenchmark
{
    private const int Operations = 1000;
    private const int Items = 10_000;

    public string Name => "Runtime";

    public async Task RunAsync(TextWriter output)
    {
        var work = Directory.CreateTempSubdirectory("openfn-runtime-bench-");
        try
        {
            var bigState = BigState(5_000_000);
            var bigStatePath = Path.Combine(work.FullName, "state-5mb.json");
            await File.WriteAllTextAsync(bigStatePath, bigState.ToJsonString());
            var openFn = RunOpenFn(work.FullName, bigStatePath);

            var runner = new StepRunner(new AdaptorRegistry([new LanguageCommonAdaptor()]), new JobCompiler(), new EngineLimits());
            var small = new JsonObject { ["data"] = new JsonObject() };
            var items = new JsonObject { ["data"] = new JsonObject { ["items"] = new JsonArray(Enumerable.Range(0, Items).Select(i => (JsonNode?)new JsonObject { ["v"] = i }).ToArray()) } };
            var manyOps = string.Concat(Enumerable.Repeat("fn(s => s);\n", Operations));

            var oneOp = Time(runner, "fn(s => s);", small, 50);
            var thousandOps = Time(runner, manyOps, small, 10);
            var perOperation = (thousandOps - oneOp) / (Operations - 1);
            var each = Time(runner, "each('$.data.items[*]', fn(s => { s.total = (s.total || 0) + s.data.v; return s; }));", items, 10);
            var fiveMb = Time(runner, "fn(s => s);", bigState, 10);

            output.WriteLine($"{"measure",-42} {"ours",12} {"OpenFn",12} {"ours/OpenFn",12}");
            Row(output, "step with one operation (start-up)", oneOp, openFn?["oneOperation"]);
            Row(output, $"per-operation overhead ({Operations} ops)", perOperation, openFn?["perOperation"]);
            Row(output, $"each over {Items:N0} items", each, openFn?["each"]);
            Row(output, "step with 5 MB state in and out", fiveMb, openFn?["state5mb"]);
            if (openFn is null)
                output.WriteLine("(OpenFn figures unavailable: run `npm ci` in tests/oracle)");

            output.WriteLine();
            output.WriteLine("JSON <-> JS conversion (one engine, median of 10):");
            foreach (var size in new[] { 1_000_000, 5_000_000 })
            {
                var state = size == 5_000_000 ? bigState : BigState(size);
                var (toJs, toJson) = Conversion(state);
                output.WriteLine($"  {size / 1_000_000} MB: JSON -> JS {Ms(toJs)} ({size / 1e6 / toJs.TotalSeconds:F0} MB/s), JS -> JSON {Ms(toJson)} ({size / 1e6 / toJson.TotalSeconds:F0} MB/s)");
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static TimeSpan Time(StepRunner runner, string code, JsonObject input, int iterations) =>
        Measure.Median(iterations, () =>
        {
            var outcome = runner.RunAsync(new StepRequest(new JobSource("bench.js", code), "common", input)).GetAwaiter().GetResult();
            if (outcome.Error is not null)
                throw new InvalidOperationException(outcome.Error);
        });

    private static (TimeSpan ToJs, TimeSpan ToJson) Conversion(JsonObject state)
    {
        using var engine = JobEngineFactory.Create(new EngineLimits());
        var json = new JsJson(engine, 512);
        var value = json.ToJs(state);
        var toJs = Measure.Median(10, () => json.ToJs(state));
        var toJson = Measure.Median(10, () => json.ToJson(value));
        return (toJs, toJson);
    }

    /// <summary>A state of about <paramref name="bytes"/> bytes of JSON: case records like Primero's.</summary>
    private static JsonObject BigState(int bytes)
    {
        var cases = new JsonArray();
        var size = 0;
        for (var i = 0; size < bytes; i++)
        {
            var record = new JsonObject
            {
                ["case_id"] = $"C-{i:D6}",
                ["name"] = $"Child {i} ឈ្មោះ",
                ["age"] = i % 18,
                ["registered"] = $"2024-{1 + i % 12:D2}-{1 + i % 28:D2}T10:00:00.000Z",
                ["location"] = new JsonObject { ["district"] = $"District {i % 25}", ["code"] = i % 25 },
                ["services"] = new JsonArray(new JsonObject { ["type"] = "health", ["done"] = i % 2 == 0 }, new JsonObject { ["type"] = "education", ["done"] = i % 3 == 0 }),
                ["notes"] = "Follow-up visit scheduled with the case worker; family informed.",
            };
            size += record.ToJsonString().Length + 1;
            cases.Add(record);
        }
        return new JsonObject { ["data"] = new JsonObject { ["cases"] = cases } };
    }

    private static void Row(TextWriter output, string label, TimeSpan ours, JsonNode? openFnMs)
    {
        var theirs = openFnMs?.GetValue<double>();
        var ratio = theirs is > 0 ? $"{ours.TotalMilliseconds / theirs.Value:F2}x" : "-";
        output.WriteLine($"{label,-42} {Ms(ours),12} {(theirs is null ? "-" : Ms(TimeSpan.FromMilliseconds(theirs.Value))),12} {ratio,12}");
    }

    private static string Ms(TimeSpan time) => time.TotalMilliseconds < 1 ? $"{time.TotalMicroseconds:F1} µs" : $"{time.TotalMilliseconds:F1} ms";

    /// <summary>The same jobs on @openfn/runtime; null when node or the oracle packages are missing.</summary>
    private static JsonObject? RunOpenFn(string work, string bigStatePath)
    {
        var root = FindRepositoryRoot();
        var oracle = root is null ? null : Path.Combine(root, "tests", "oracle");
        if (oracle is null || !File.Exists(Path.Combine(oracle, "node_modules", "@openfn", "runtime", "package.json")))
            return null;
        var script = Path.Combine(work, "openfn-bench.mjs");
        File.WriteAllText(script, OpenFnScript);
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--experimental-vm-modules", "--no-warnings", script, oracle, bigStatePath, Operations.ToString(), Items.ToString() })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"OpenFn bench failed: {stderr}");
        return JsonNode.Parse(stdout.Trim().Split('\n').Last())!.AsObject();
    }

    private static string? FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "tests", "oracle", "package.json")))
                return dir.FullName;
        }
        return null;
    }

    private const string OpenFnScript = """
        import { readFile } from 'node:fs/promises';
        import path from 'node:path';
        import { pathToFileURL } from 'node:url';
        const [oracle, statePath, operations, items] = process.argv.slice(2);
        const load = p => import(pathToFileURL(path.join(oracle, 'node_modules', p)).href);
        const { default: run } = await load('@openfn/runtime/dist/index.js');
        const { createMockLogger } = await load('@openfn/logger/dist/index.js');
        const common = path.join(oracle, 'node_modules/@openfn/language-common');
        const header = "import { fn, each } from '@openfn/language-common';\nexport * from '@openfn/language-common';\n";
        const opts = () => ({ logger: createMockLogger(), jobLogger: createMockLogger(), linker: { modules: { '@openfn/language-common': { path: common } } } });
        async function median(iterations, job, input) {
          await run(job, input(), opts());
          const samples = [];
          for (let i = 0; i < iterations; i++) {
            const state = input();
            const start = process.hrtime.bigint();
            await run(job, state, opts());
            samples.push(Number(process.hrtime.bigint() - start) / 1e6);
          }
          samples.sort((a, b) => a - b);
          return samples[Math.floor(samples.length / 2)];
        }
        const one = header + 'export default [fn(s => s)];';
        const many = header + `export default Array.from({ length: ${operations} }, () => fn(s => s));`;
        const eachJob = header + "export default [each('$.data.items[*]', fn(s => { s.total = (s.total || 0) + s.data.v; return s; }))];";
        const small = () => ({ data: {} });
        const itemState = () => ({ data: { items: Array.from({ length: Number(items) }, (_, v) => ({ v })) } });
        const big = JSON.parse(await readFile(statePath, 'utf8'));
        const oneOperation = await median(50, one, small);
        const thousand = await median(10, many, small);
        const result = {
          oneOperation,
          perOperation: (thousand - oneOperation) / (Number(operations) - 1),
          each: await median(10, eachJob, itemState),
          state5mb: await median(10, one, () => structuredClone(big)),
        };
        console.log(JSON.stringify(result));
        """;
}
