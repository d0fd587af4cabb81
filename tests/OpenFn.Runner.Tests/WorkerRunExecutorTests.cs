using System.Diagnostics;
using System.Text.Json.Nodes;
using OpenFn.Compiler;
using OpenFn.Runner.Execution;
using OpenFn.Runner.History;
using OpenFn.Runtime;

namespace OpenFn.Runner.Tests;

public class WorkerRunExecutorTests
{
    private static ProcessStartInfo Launcher()
    {
        var start = new ProcessStartInfo("dotnet");
        start.ArgumentList.Add(Openfn.Dll);
        start.ArgumentList.Add(WorkerProtocol.Command);
        return start;
    }

    private static RunJob Job(string code, TimeSpan? timeout = null, long? memory = null) => new()
    {
        RunId = Guid.NewGuid().ToString(),
        Plan = new WorkflowPlan { Name = "w", Steps = [new StepPlan { Id = "a", Expression = new JobSource("a.js", code), Configuration = new JsonObject { ["password"] = "Sup3r-s3cret!" } }] },
        Input = new JsonObject { ["data"] = new JsonObject { ["n"] = 41 } },
        Timeout = timeout,
        MemoryBytes = memory,
    };

    private sealed class Collected : IRunEvents
    {
        public List<StepRecord> Steps { get; } = [];

        public void Log(LogEntry entry)
        {
        }

        public void StepStarted(string stepId)
        {
        }

        public void StepCompleted(StepRecord step) => Steps.Add(step);

        public void Progress(string stepId, long done, long? total)
        {
        }
    }

    [Test]
    public async Task A_job_runs_in_a_worker_process_and_streams_its_steps()
    {
        var events = new Collected();

        using var executor = new WorkerRunExecutor(256L * 1024 * 1024, TimeSpan.FromSeconds(60), Launcher);

        var outcome = await executor.ExecuteAsync(Job("fn(state => ({ ...state, data: { n: state.data.n + 1 } }));"), events, CancellationToken.None);

        Assert.That(outcome.Status, Is.EqualTo(RunState.Success), outcome.Error);
        Assert.That(outcome.FinalState!["data"]!["n"]!.GetValue<int>(), Is.EqualTo(42));
        Assert.That(events.Steps.Single().StepId, Is.EqualTo("a"));
    }

    [Test]
    public async Task A_worker_is_reused_after_a_clean_run_but_never_after_a_killed_one()
    {
        using var executor = new WorkerRunExecutor(256L * 1024 * 1024, TimeSpan.FromSeconds(60), Launcher, prestart: 0);
        const string pid = "fn(state => ({ ...state, pid: Date.now() }));";

        var first = await executor.ExecuteAsync(Job("fn(state => ({ ...state, data: { n: state.data.n + 1 } }));"), new Collected(), CancellationToken.None);
        var second = await executor.ExecuteAsync(Job("fn(state => ({ ...state, data: { n: state.data.n + 2 } }));"), new Collected(), CancellationToken.None);
        var killed = await executor.ExecuteAsync(Job("fn(state => { while (true) {} });", timeout: TimeSpan.FromSeconds(1)), new Collected(), CancellationToken.None);
        var after = await executor.ExecuteAsync(Job(pid), new Collected(), CancellationToken.None);

        Assert.That((first.Status, second.Status, killed.Status, after.Status), Is.EqualTo((RunState.Success, RunState.Success, RunState.Killed, RunState.Success)), after.Error);
        Assert.That(second.FinalState!["data"]!["n"]!.GetValue<int>(), Is.EqualTo(43), "each run gets its own input, nothing of the previous run");
    }

    [Test]
    public async Task An_endless_loop_is_killed_at_the_time_limit()
    {
        using var executor = new WorkerRunExecutor(256L * 1024 * 1024, TimeSpan.FromSeconds(60), Launcher) { KillGrace = TimeSpan.FromSeconds(2) };
        var watch = Stopwatch.StartNew();

        var outcome = await executor.ExecuteAsync(Job("fn(state => { while (true) {} });", timeout: TimeSpan.FromSeconds(1)), new Collected(), CancellationToken.None);

        Assert.That(outcome.Status, Is.EqualTo(RunState.Killed), outcome.Error);
        Assert.That(outcome.Error, Does.StartWith("TimeoutError"));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)));
    }

    [Test]
    public async Task A_memory_bomb_ends_its_run_only()
    {
        using var executor = new WorkerRunExecutor(128L * 1024 * 1024, TimeSpan.FromSeconds(60), Launcher);

        var outcome = await executor.ExecuteAsync(Job("fn(state => { const a = []; while (true) a.push(new Array(100000).fill('xxxxxxxxxx')); });", timeout: TimeSpan.FromSeconds(30)),
                new Collected(), CancellationToken.None);

        Assert.That(outcome.Status, Is.AnyOf(RunState.Killed, RunState.Crashed), outcome.Error);
        Assert.That(outcome.Error, Is.Not.Null);
        TestContext.Out.WriteLine(outcome.Error);
    }

    [Test]
    public async Task Stopping_the_runner_kills_the_worker()
    {
        using var executor = new WorkerRunExecutor(256L * 1024 * 1024, TimeSpan.FromSeconds(60), Launcher);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));

        var outcome = await executor.ExecuteAsync(Job("fn(state => { while (true) {} });", timeout: TimeSpan.FromSeconds(60)), new Collected(), stop.Token);

        Assert.That((outcome.Status, outcome.Error), Is.EqualTo((RunState.Killed, "KilledError: the runner stopped this run (shutdown)")));
    }
}
