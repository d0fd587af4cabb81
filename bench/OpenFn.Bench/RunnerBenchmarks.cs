using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenFn.Compiler;
using OpenFn.Runner.Execution;
using OpenFn.Runner.History;
using OpenFn.Runtime;

namespace OpenFn.Bench;

/// <summary>How fast the SQLite history records runs (2 steps, 10 log lines each) and answers `runs list`.</summary>
public sealed class RunnerHistoryBenchmark : IBenchmark
{
    public string Name => "runner-history";

    public async Task RunAsync(TextWriter output)
    {
        var folder = Path.Combine(Path.GetTempPath(), "openfn-bench-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await using var store = new SqliteHistoryStore(Path.Combine(folder, "history.db"));
            await store.InitializeAsync();
            var state = JsonNode.Parse("""{"data":{"cases":[{"id":1,"name":"a"},{"id":2,"name":"b"}]},"lastRunDateTime":"2026-01-01"}""");
            const int runs = 500;
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < runs; i++)
            {
                var id = Guid.NewGuid().ToString();
                var now = DateTimeOffset.UtcNow;
                await store.CreateRunAsync(new RunRecord { Id = id, Workflow = "sync", TriggerType = "cron", CreatedAt = now, Input = state });
                await store.MarkStartedAsync(id, now);
                for (var s = 0; s < 2; s++)
                    await store.AddStepAsync(new StepEntry { RunId = id, Sequence = s, StepId = "s" + s, Status = RunState.Success, StartedAt = now, FinishedAt = now, Input = state, Output = state });
                await store.AddLogsAsync(Enumerable.Range(0, 10).Select(n => new LogEntry { RunId = id, Time = now, Level = "info", Source = "JOB", Message = $"line {n}" }).ToList());
                await store.CompleteRunAsync(new RunCompletion { RunId = id, Status = RunState.Success, FinishedAt = now, FinalState = state }, new CursorRecord("sync", state, id, now));
            }
            var elapsed = watch.Elapsed;
            output.WriteLine($"record run (create, start, 2 steps, 10 logs, complete + cursor): {elapsed.TotalMilliseconds / runs:0.00} ms/run, {runs / elapsed.TotalSeconds:0} runs/s");
            var list = Measure.Median(50, () => store.ListRunsAsync(new RunQuery { Workflow = "sync", Limit = 20 }).GetAwaiter().GetResult());
            output.WriteLine($"runs list (20 of {runs}): {list.TotalMilliseconds:0.00} ms median");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}

/// <summary>End-to-end latency of a trivial two-step workflow: in process, in a warm worker process, in a cold one.</summary>
public sealed class RunnerRunLatencyBenchmark : IBenchmark
{
    public string Name => "runner-run-latency";

    private static RunJob Job() => new()
    {
        RunId = Guid.NewGuid().ToString(),
        Plan = new WorkflowPlan
        {
            Name = "bench",
            Steps =
            [
                new StepPlan { Id = "a", Expression = new JobSource("a.js", "fn(state => ({ ...state, n: (state.n || 0) + 1 }));"), Next = [new EdgePlan { Target = "b" }] },
                new StepPlan { Id = "b", Expression = new JobSource("b.js", "fn(state => ({ ...state, n: state.n * 2 }));") },
            ],
        },
        Input = new JsonObject { ["n"] = 1 },
    };

    public static ProcessStartInfo Worker()
    {
        var start = new ProcessStartInfo("dotnet");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "openfn.dll"));
        start.ArgumentList.Add(WorkerProtocol.Command);
        return start;
    }

    public async Task RunAsync(TextWriter output)
    {
        var local = new LocalRunExecutor(AdaptorCatalog.CreateRegistry(), new JobCompiler());
        await Report(output, "in process (CLI)", 50, () => local.ExecuteAsync(Job(), NoEvents.Instance, CancellationToken.None));
        using (var warm = new WorkerRunExecutor(256L * 1024 * 1024, TimeSpan.FromMinutes(1), Worker, prestart: 1))
        {
            await Task.Delay(3000); // let the first worker warm up, as it does while serve waits for its first firing
            await Report(output, "worker process, warm pool (serve), back to back", 10, () => warm.ExecuteAsync(Job(), NoEvents.Instance, CancellationToken.None));
            var spaced = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                await Task.Delay(2500); // runs spaced like cron firings: the replacement worker is ready
                var watch = Stopwatch.StartNew();
                await warm.ExecuteAsync(Job(), NoEvents.Instance, CancellationToken.None);
                spaced.Add(watch.Elapsed.TotalMilliseconds);
            }
            spaced.Sort();
            output.WriteLine($"worker process, warm pool, runs 2.5 s apart: median {spaced[2]:0} ms, max {spaced[^1]:0} ms");
        }
        using var cold = new WorkerRunExecutor(256L * 1024 * 1024, TimeSpan.FromMinutes(1), Worker, prestart: 0) { MaxRunsPerWorker = 1 };
        await Report(output, "worker process, cold start (new process, no warm-up ahead)", 5, () => cold.ExecuteAsync(Job(), NoEvents.Instance, CancellationToken.None));
    }

    private static async Task Report(TextWriter output, string label, int runs, Func<Task<RunOutcome>> run)
    {
        var outcome = await run();
        if (outcome.Status != RunState.Success)
            throw new InvalidOperationException($"{label}: {outcome.Error}");
        var samples = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await run();
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }
        samples.Sort();
        output.WriteLine($"{label}: median {samples[samples.Count / 2]:0.0} ms, p95 {samples[(int)(samples.Count * 0.95)]:0.0} ms ({runs} runs)");
    }

    private sealed class NoEvents : IRunEvents
    {
        public static readonly NoEvents Instance = new();

        public void Log(LogEntry entry)
        {
        }

        public void StepStarted(string stepId)
        {
        }

        public void StepCompleted(StepRecord step)
        {
        }

        public void Progress(string stepId, long done, long? total)
        {
        }
    }
}

/// <summary>
/// The inbox under load: `openfn serve` as a process, 400 JSON posts from 8 concurrent clients: how fast they are
/// acknowledged (202), then how long until every run is recorded (each run in its own worker process).
/// </summary>
public sealed partial class RunnerInboxBenchmark : IBenchmark
{
    public string Name => "runner-inbox";

    public async Task RunAsync(TextWriter output)
    {
        var folder = Path.Combine(Path.GetTempPath(), "openfn-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "project.yaml"), """
            name: bench
            workflows:
              intake:
                jobs:
                  take: { adaptor: common, body: 'fn(state => ({ id: state.data.id }))' }
                triggers:
                  webhook: { type: webhook }
                edges:
                  webhook->take: { source_trigger: webhook, target_job: take }
            """);
        var start = RunnerRunLatencyBenchmark.Worker();
        start.ArgumentList[1] = "serve";
        foreach (var arg in new[] { "--port", "0", "--data-dir", Path.Combine(folder, ".openfn"), "-p", Path.Combine(folder, "project.yaml"), "-l", "info" })
            start.ArgumentList.Add(arg);
        start.RedirectStandardError = true;
        start.RedirectStandardOutput = true;
        using var serve = Process.Start(start)!;
        var port = new TaskCompletionSource<int>();
        serve.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null && Listening().Match(e.Data) is { Success: true } match)
                port.TrySetResult(int.Parse(match.Groups[1].Value));
        };
        serve.BeginErrorReadLine();
        serve.BeginOutputReadLine();
        try
        {
            var url = $"http://127.0.0.1:{await port.Task.WaitAsync(TimeSpan.FromSeconds(60))}/inbox/intake";
            using var http = new HttpClient();
            const int requests = 400, clients = 8;
            var latencies = new List<double>();
            var next = 0;
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
            {
                while (Interlocked.Increment(ref next) is var n && n <= requests)
                {
                    var sent = Stopwatch.StartNew();
                    using var response = await http.PostAsync(url, new StringContent($"{{\"id\":{n}}}", Encoding.UTF8, new MediaTypeHeaderValue("application/json")));
                    if (response.StatusCode != HttpStatusCode.Accepted)
                        throw new InvalidOperationException($"inbox answered {response.StatusCode}");
                    lock (latencies)
                        latencies.Add(sent.Elapsed.TotalMilliseconds);
                }
            }));
            var accepted = watch.Elapsed;
            latencies.Sort();
            output.WriteLine($"inbox: {requests} posts from {clients} clients accepted in {accepted.TotalSeconds:0.0} s: {requests / accepted.TotalSeconds:0} req/s, " +
                $"median {latencies[latencies.Count / 2]:0.0} ms, p95 {latencies[(int)(latencies.Count * 0.95)]:0.0} ms");

            await using var history = new SqliteHistoryStore(Path.Combine(folder, ".openfn", "history.db"));
            while ((await history.ListRunsAsync(new RunQuery { Status = RunState.Success, Limit = requests })).Count < requests)
                await Task.Delay(250);
            output.WriteLine($"runs: {requests} recorded successful {watch.Elapsed.TotalSeconds:0.0} s after the first post " +
                $"({requests / watch.Elapsed.TotalMinutes:0} runs/min in isolated worker processes, one run of the workflow at a time)");
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [GeneratedRegex(@"Inbox listening on http://127\.0\.0\.1:(\d+)")]
    private static partial Regex Listening();
}
