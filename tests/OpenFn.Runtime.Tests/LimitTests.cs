using System.Diagnostics;
using System.Text.Json.Nodes;
using OpenFn.Compiler;

namespace OpenFn.Runtime.Tests;

/// <summary>Every limit ends the step with an error that names it, and the runtime keeps working afterwards.</summary>
public class LimitTests
{
    private static StepRequest Job(string code) => new(new JobSource("job.js", code), "common", new JsonObject { ["data"] = new JsonObject() });

    private static async Task AssertRuntimeStillWorks(StepRunner runner)
    {
        var outcome = await runner.RunAsync(Job("fn(s => ({ ...s, ok: true }));"));
        Assert.That(outcome.Output?.ToJsonString(), Is.EqualTo("""{"data":{},"ok":true}"""), outcome.Error);
    }

    [Test]
    public async Task An_infinite_loop_is_stopped_within_the_timeout_plus_one_second()
    {
        var runner = TestRuntime.StepRunner(new EngineLimits { Timeout = TimeSpan.FromSeconds(1) });
        var watch = Stopwatch.StartNew();

        var outcome = await runner.RunAsync(Job("fn(s => { while (true) {} });"));

        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));
        Assert.That(outcome.Failure!.Name, Is.EqualTo("TimeoutError"));
        Assert.That(outcome.Failure.Severity, Is.EqualTo(ErrorSeverity.Kill));
        Assert.That(outcome.Failure.Message, Is.EqualTo("Job took longer than 1000ms to complete"));
        Assert.That(outcome.Output, Is.Null, "a killed step has no state");
        await AssertRuntimeStillWorks(runner);
    }

    [Test]
    public async Task The_timeout_covers_the_whole_step_not_each_operation()
    {
        var runner = TestRuntime.StepRunner(new EngineLimits { Timeout = TimeSpan.FromMilliseconds(600) });
        var busy = "fn(s => { const end = Date.now() + 250; while (Date.now() < end) {} return s; });\n";

        var outcome = await runner.RunAsync(Job(busy + busy + busy + busy));

        Assert.That(outcome.Failure?.Name, Is.EqualTo("TimeoutError"));
    }

    [Test]
    public async Task A_step_waiting_on_a_timer_is_stopped_by_the_timeout()
    {
        var runner = TestRuntime.StepRunner(new EngineLimits { Timeout = TimeSpan.FromMilliseconds(500) });
        var watch = Stopwatch.StartNew();

        var outcome = await runner.RunAsync(Job("fn(s => new Promise(resolve => setTimeout(() => resolve(s), 600000)));"));

        Assert.That(outcome.Failure?.Name, Is.EqualTo("TimeoutError"));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1.5)));
    }

    [Test]
    public async Task Deep_recursion_fails_the_step_naming_the_recursion_limit()
    {
        var runner = TestRuntime.StepRunner(new EngineLimits { MaxRecursionDepth = 500 });

        var outcome = await runner.RunAsync(Job("function down(n) { return down(n + 1) + 1; }\nfn(s => ({ ...s, depth: down(0) }));"));

        Assert.That(outcome.Failure!.Name, Is.EqualTo("RuntimeError"));
        Assert.That(outcome.Failure.Subtype, Is.EqualTo("RangeError"));
        Assert.That(outcome.Failure.Message, Does.Contain("Maximum call stack size exceeded").And.Contain("500"));
        Assert.That(outcome.Output?["errors"]?["job-1"]?["subtype"]?.GetValue<string>(), Is.EqualTo("RangeError"));
        await AssertRuntimeStillWorks(runner);
    }

    [Test]
    public async Task A_memory_bomb_is_killed_naming_the_memory_limit()
    {
        var runner = TestRuntime.StepRunner(new EngineLimits { MemoryBytes = 64L * 1024 * 1024 });

        var outcome = await runner.RunAsync(Job("fn(s => { const keep = []; while (true) keep.push({ text: 'x'.repeat(200) + keep.length, n: keep.length }); });"));

        Assert.That(outcome.Failure!.Name, Is.EqualTo("OOMError"));
        Assert.That(outcome.Failure.Severity, Is.EqualTo(ErrorSeverity.Kill));
        Assert.That(outcome.Failure.Message, Does.Contain("64 MB"));
        await AssertRuntimeStillWorks(runner);
    }

    [Test]
    public async Task Garbage_does_not_count_against_the_memory_limit()
    {
        var runner = TestRuntime.StepRunner(new EngineLimits { MemoryBytes = 32L * 1024 * 1024 });

        var outcome = await runner.RunAsync(Job(
            "fn(s => { let total = 0; for (let i = 0; i < 20; i++) { const chunk = []; for (let j = 0; j < 20000; j++) chunk.push({ v: 'y'.repeat(50) + j }); total += chunk.length; } return { ...s, total }; });\n"
            + "fn(s => { let total = s.total; for (let i = 0; i < 20; i++) { const chunk = []; for (let j = 0; j < 20000; j++) chunk.push({ v: 'y'.repeat(50) + j }); total += chunk.length; } return { ...s, total }; });"));

        Assert.That(outcome.Error, Is.Null, "short-lived allocations well above the limit in total must not kill the step");
        Assert.That(outcome.Output?["total"]?.GetValue<int>(), Is.EqualTo(800_000));
    }

    [Test]
    public async Task The_statement_limit_kills_the_step()
    {
        var runner = TestRuntime.StepRunner(new EngineLimits { MaxStatements = 10_000 });

        var outcome = await runner.RunAsync(Job("fn(s => { let i = 0; while (true) { i++; } });"));

        Assert.That(outcome.Failure!.Name, Is.EqualTo("StatementLimitError"));
        Assert.That(outcome.Failure.Message, Does.Contain("10000 statements"));
        await AssertRuntimeStillWorks(runner);
    }

    [Test]
    public async Task A_catastrophic_regular_expression_is_stopped_by_the_regex_limit()
    {
        var runner = TestRuntime.StepRunner(new EngineLimits { RegexTimeout = TimeSpan.FromMilliseconds(200) });

        var outcome = await runner.RunAsync(Job("fn(s => ({ ...s, m: /(a+)+b/.test('a'.repeat(40) + 'c') }));"));

        Assert.That(outcome.Failure!.Name, Is.EqualTo("TimeoutError"));
        Assert.That(outcome.Failure.Message, Does.Contain("regular expression"));
        await AssertRuntimeStillWorks(runner);
    }

    [Test]
    public async Task Cancelling_the_run_stops_the_step()
    {
        var runner = TestRuntime.StepRunner();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var outcome = await runner.RunAsync(Job("fn(s => { while (true) {} });"), cancellation.Token);

        Assert.That(outcome.Failure!.Name, Is.EqualTo("CancelledError"));
    }

    [Test]
    public async Task Jobs_cannot_reach_the_host()
    {
        var runner = TestRuntime.StepRunner();
        var names = new[] { "System", "importNamespace", "require", "process", "module", "exports", "global", "Jint", "host", "__hostInvoke", "fetch", "XMLHttpRequest" };
        var probe = "fn(s => ({ types: [" + string.Join(", ", names.Select(n => $"typeof {n}")) + "] }));";

        var outcome = await runner.RunAsync(Job(probe));

        Assert.That(outcome.Output!["types"]!.AsArray().Select(t => t!.GetValue<string>()), Is.All.EqualTo("undefined"));
    }

    [TestCase("fn(s => eval('s'));")]
    [TestCase("fn(s => new Function('return this')());")]
    [TestCase("fn(s => (() => {}).constructor('return process')());")]
    public async Task Code_generation_from_strings_is_a_security_violation(string code)
    {
        var outcome = await TestRuntime.StepRunner().RunAsync(Job(code));

        Assert.That(outcome.Failure!.Name, Is.EqualTo("SecurityError"));
        Assert.That(outcome.Failure.Severity, Is.EqualTo(ErrorSeverity.Kill));
    }

    [Test]
    public async Task An_output_state_over_the_state_limit_kills_the_step()
    {
        var request = Job("fn(s => ({ ...s, big: 'x'.repeat(2 * 1024 * 1024) }));") with { StateLimitBytes = 1024 * 1024 };

        var outcome = await TestRuntime.StepRunner().RunAsync(request);

        Assert.That(outcome.Failure!.Name, Is.EqualTo("StateTooLargeError"));
        Assert.That(outcome.Failure.Message, Is.EqualTo("State exceeds the limit of 1mb"));
    }
}
