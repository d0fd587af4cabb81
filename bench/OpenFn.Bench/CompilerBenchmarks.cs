using System.Diagnostics;
using OpenFn.Compiler;

namespace OpenFn.Bench;

/// <summary>Compile + prepare time of a 1,000-line job, cold (new text every time) and cached.</summary>
public sealed class CompilerLargeJobBenchmark : IBenchmark
{
    public string Name => "compiler: 1,000-line job";

    public Task RunAsync(TextWriter output)
    {
        var text = CompilerJobs.Large();
        var options = new CompileOptions { AdaptorExports = CompilerJobs.Exports };
        var compiler = new JobCompiler();
        var first = compiler.Compile(new JobSource("large.js", text), options);
        if (!first.Success)
            throw new InvalidOperationException(string.Join("\n", first.Diagnostics));
        var iteration = 0;
        var cold = Measure.Median(20, () => compiler.Compile(new JobSource("large.js", text + "// " + iteration++ + "\n"), options));
        var cached = Measure.Median(200, () => compiler.Compile(new JobSource("large.js", text), options));
        output.WriteLine($"lines: {text.Split('\n').Length - 1}, operations: {first.Job!.Operations.Count}");
        output.WriteLine($"compile + prepare, cold: {cold.TotalMilliseconds:F2} ms (median of 20)");
        output.WriteLine($"compile + prepare, cached: {cached.TotalMilliseconds * 1000:F1} µs (median of 200)");
        return Task.CompletedTask;
    }
}

/// <summary>Compile + prepare of ten realistic jobs, cold and cached.</summary>
public sealed class CompilerRealisticJobsBenchmark : IBenchmark
{
    public string Name => "compiler: 10 realistic jobs";

    public Task RunAsync(TextWriter output)
    {
        var options = new CompileOptions { AdaptorExports = CompilerJobs.Exports };
        var compiler = new JobCompiler();
        foreach (var (job, i) in CompilerJobs.Realistic.Select((job, i) => (job, i)))
        {
            var result = compiler.Compile(new JobSource($"job{i}.js", job), options);
            if (!result.Success)
                throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
        }
        var iteration = 0;
        var cold = Measure.Median(20, () =>
        {
            var salt = "// " + iteration++ + "\n";
            foreach (var (job, i) in CompilerJobs.Realistic.Select((job, i) => (job, i)))
                compiler.Compile(new JobSource($"job{i}.js", job + salt), options);
        });
        var cached = Measure.Median(200, () =>
        {
            foreach (var (job, i) in CompilerJobs.Realistic.Select((job, i) => (job, i)))
                compiler.Compile(new JobSource($"job{i}.js", job), options);
        });
        output.WriteLine($"jobs: {CompilerJobs.Realistic.Length}, lines: {CompilerJobs.Realistic.Sum(j => j.Split('\n').Length)}");
        output.WriteLine($"all 10, cold: {cold.TotalMilliseconds:F2} ms ({cold.TotalMilliseconds / 10:F2} ms per job, median of 20)");
        output.WriteLine($"all 10, cached: {cached.TotalMilliseconds * 1000:F1} µs ({cached.TotalMilliseconds * 100:F1} µs per job, median of 200)");
        var engine = Measure.Median(50, () => JobEngineFactory.Create(new EngineLimits()));
        output.WriteLine($"job engine creation (JobEngineFactory.Create): {engine.TotalMilliseconds:F2} ms (median of 50)");
        return Task.CompletedTask;
    }
}

/// <summary>
/// A CPU-heavy transform of 10,000 case records (mapping, dates, strings, grouping, JSON) in the configured job
/// engine against node, as a ratio. Node's time is measured inside node (no process start-up).
/// </summary>
public sealed class CompilerTransformVsNodeBenchmark : IBenchmark
{
    public string Name => "compiler: 10k-case transform, Jint vs node";

    private const string Transform = """
        function makeCases(n) {
          const cases = [];
          for (let i = 0; i < n; i++) {
            cases.push({
              case_id: 'case-' + i, name_first: 'First' + (i % 97), name_last: 'Last' + (i % 89), sex: i % 3 ? 'female' : 'male',
              date_of_birth: new Date(Date.UTC(1990 + (i % 30), i % 12, 1 + (i % 28))).toISOString(),
              location: { province: 'P' + (i % 25), district: 'D' + (i % 150) },
              services: Array.from({ length: i % 4 }, (_, j) => ({ type: 'svc' + j, date: '2024-0' + (1 + j) + '-15' })),
              notes: '  Note  for case ' + i + ' with   extra   spaces  ',
            });
          }
          return cases;
        }
        function transform(cases) {
          const byProvince = {};
          const out = cases.map(c => {
            const dob = new Date(c.date_of_birth);
            const age = 2024 - dob.getUTCFullYear();
            const record = {
              external_id: c.case_id.toUpperCase(),
              full_name: `${c.name_first} ${c.name_last}`.trim(),
              gender: c.sex === 'male' ? 'M' : 'F',
              age, minor: age < 18,
              location: [c.location.district, c.location.province].join(', '),
              services: c.services.map(s => ({ ...s, month: s.date.slice(0, 7) })).filter(s => s.type !== 'svc3'),
              notes: c.notes.replace(/\s+/g, ' ').trim(),
            };
            (byProvince[c.location.province] ||= []).push(record.external_id);
            return record;
          });
          const json = JSON.stringify(out);
          const parsed = JSON.parse(json);
          const summary = Object.entries(byProvince).map(([p, ids]) => ({ p, n: ids.length })).sort((a, b) => b.n - a.n);
          return parsed.length + ':' + summary[0].n + ':' + json.length;
        }
        """;

    public async Task RunAsync(TextWriter output)
    {
        const int cases = 10_000;
        const int runs = 5;
        RunInJint(new EngineLimits(), cases, 1); // let .NET tier up Jint's interpreter before measuring either variant
        var jintWithoutMemoryLimit = RunInJint(new EngineLimits { MemoryBytes = 0 }, cases, runs);
        var jint = RunInJint(new EngineLimits(), cases, runs);

        var script = Transform + $$"""
            const input = makeCases({{cases}});
            const result = transform(input);
            const samples = [];
            for (let i = 0; i < {{runs}}; i++) { const t = performance.now(); transform(input); samples.push(performance.now() - t); }
            samples.sort((a, b) => a - b);
            console.log(JSON.stringify({ median: samples[{{runs / 2}}], result }));
            """;
        var path = Path.Combine(Path.GetTempPath(), $"openfn-bench-{Guid.NewGuid():N}.js");
        await File.WriteAllTextAsync(path, script);
        try
        {
            using var node = Process.Start(new ProcessStartInfo("node", path) { RedirectStandardOutput = true })!;
            var line = await node.StandardOutput.ReadToEndAsync();
            await node.WaitForExitAsync();
            using var json = System.Text.Json.JsonDocument.Parse(line);
            var nodeMedian = json.RootElement.GetProperty("median").GetDouble();
            var nodeResult = json.RootElement.GetProperty("result").GetString();
            output.WriteLine($"cases: {cases}, same result in both: {nodeResult == jint.Result} ({jint.Result})");
            output.WriteLine($"jint (job engine): {jint.Median:F0} ms, node: {nodeMedian:F0} ms (medians of {runs}); jint allocates {jint.AllocatedMegabytes:F0} MB per run");
            output.WriteLine($"ratio jint/node: {jint.Median / nodeMedian:F1}x");
            output.WriteLine($"jint without the memory limit: {jintWithoutMemoryLimit.Median:F0} ms, ratio {jintWithoutMemoryLimit.Median / nodeMedian:F1}x");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static (double Median, string Result, double AllocatedMegabytes) RunInJint(EngineLimits limits, int cases, int runs) => OnJobThread(limits, () =>
    {
        var engine = JobEngineFactory.Create(limits);
        engine.Execute(Transform);
        var input = engine.Invoke("makeCases", cases);
        var result = engine.Invoke("transform", input).ToString(); // warm-up
        var samples = new List<double>();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            engine.Invoke("transform", input);
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }
        samples.Sort();
        return (samples[runs / 2], result, (GC.GetAllocatedBytesForCurrentThread() - allocated) / runs / (1024.0 * 1024));
    });

    private static T OnJobThread<T>(EngineLimits limits, Func<T> action)
    {
        T result = default!;
        var thread = new Thread(() => result = action(), limits.ThreadStackBytes);
        thread.Start();
        thread.Join();
        return result;
    }
}
