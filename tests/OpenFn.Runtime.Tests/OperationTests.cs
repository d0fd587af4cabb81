using System.Text.Json.Nodes;
using OpenFn.Compiler;
using OpenFn.Runtime.Logging;

namespace OpenFn.Runtime.Tests;

/// <summary>Operation semantics (§2) that the differential jobs do not show: logs, positions, promise chains, timers.</summary>
public class OperationTests
{
    private static Task<StepOutcome> Run(string code, JsonObject? input = null, TimeZoneInfo? timeZone = null) =>
        TestRuntime.StepRunner().RunAsync(new StepRequest(new JobSource("job.js", code), "common", input ?? new JsonObject { ["data"] = new JsonObject() })
        {
            TimeZone = timeZone ?? TimeZoneInfo.Utc,
        });

    [Test]
    public async Task Errors_name_the_job_file_and_its_own_line_and_column()
    {
        var outcome = await Run("const x = 1;\n\n    fn(state => state.data.missing.value);\n");

        Assert.That(outcome.Failure!.Line, Is.EqualTo(3));
        Assert.That(outcome.Failure.Column, Is.EqualTo(36), "the column of 'value' in the job file, not in the compiled code");
        Assert.That(outcome.Error, Is.EqualTo("TypeError: Cannot read properties of undefined (reading 'value') (job.js:3:36)"));
        var lines = outcome.Logs.Select(l => l.Message).ToList();
        Assert.That(lines, Does.Contain("3:     fn(state => state.data.missing.value);"));
        Assert.That(lines, Does.Contain(new string(' ', 3 + 35) + "^"));
        Assert.That(lines, Does.Contain("Check state.errors.job-1 for details"));
    }

    [Test]
    public async Task A_syntax_error_is_a_compile_crash_with_its_position()
    {
        var outcome = await Run("fn(s => s);\nfn(s => {\n");

        Assert.That(outcome.Failure!.Name, Is.EqualTo("CompileError"));
        Assert.That(outcome.Failure.Severity, Is.EqualTo(ErrorSeverity.Crash));
        Assert.That(outcome.Error, Does.StartWith("CompileError: ").And.EndWith("(job.js:3:1)"));
    }

    [Test]
    public async Task An_unknown_adaptor_is_an_import_crash()
    {
        var outcome = await TestRuntime.StepRunner().RunAsync(new StepRequest(new JobSource("job.js", "fn(s => s);"), "nope@1", new JsonObject()));

        Assert.That(outcome.Failure!.Name, Is.EqualTo("ImportError"));
        Assert.That(outcome.Error, Does.Contain("Unknown adaptor 'nope'"));
    }

    [Test]
    public async Task Operations_are_logged_and_a_missing_state_is_warned_about()
    {
        var outcome = await Run("fn(s => { s.x = 1; });\nfn(s => ({ ...s, y: 2 }));");

        var lines = outcome.Logs.Where(l => l.Source == LogSource.Runtime).Select(l => l.Message).ToList();
        Assert.That(lines, Does.Contain("Starting operation 1"));
        Assert.That(lines, Does.Contain("Warning: operation 1 did not return state"));
        Assert.That(lines, Does.Contain("WARNING: No state was passed into operation 2. Did the previous operation return state?"));
        Assert.That(lines.Any(l => l.StartsWith("Operation 2 complete in ", StringComparison.Ordinal)), Is.True);
        Assert.That(outcome.Output!.ToJsonString(), Is.EqualTo("""{"y":2}"""));
    }

    [Test]
    public async Task Deferred_operations_pass_their_promise_through_then_and_catch()
    {
        // What the compiler makes of `op.then(f)` and `op.catch(g)`, written out so the test does not depend on that rewrite.
        var outcome = await Run("""
            const defer = globalThis.__openfn_defer;
            defer(fn(s => ({ ...s, a: 1 })), p => p.then(s => ({ ...s, then: s.a + 1 })));
            defer(fn(s => { s.seen = 'before'; throw new Error('nope'); }), undefined, (e, s) => ({ ...s, caught: e.message }));
            defer(fn(s => Promise.reject(new Error('async nope'))), p => p.then(s => ({ ...s, after: true })), (e, s) => ({ ...s, caughtAsync: e.message }));
            """);

        Assert.That(outcome.Error, Is.Null);
        Assert.That(outcome.Output!.ToJsonString(), Is.EqualTo("""{"data":{},"a":1,"then":2,"seen":"before","caught":"nope","caughtAsync":"async nope","after":true}"""), "the catch handler runs before the then chain, as in OpenFn's defer");
    }

    [Test]
    public async Task An_uncaught_deferred_error_fails_the_step()
    {
        var outcome = await Run("const defer = globalThis.__openfn_defer;\ndefer(fn(() => { throw new Error('no handler'); }), p => p.then(s => s));");

        Assert.That(outcome.Failure!.Name, Is.EqualTo("JobError"));
        Assert.That(outcome.Failure.Message, Is.EqualTo("no handler"));
    }

    [Test]
    public async Task Intervals_run_until_cleared()
    {
        var outcome = await Run("""
            fn(s => new Promise(resolve => {
              let ticks = 0;
              const id = setInterval(() => { ticks++; if (ticks === 3) { clearInterval(id); resolve({ ...s, ticks }); } }, 2);
            }));
            """);

        Assert.That(outcome.Output!["ticks"]!.GetValue<int>(), Is.EqualTo(3));
    }

    [Test]
    public async Task A_promise_that_can_never_settle_fails_the_step_instead_of_hanging()
    {
        var outcome = await Run("fn(s => new Promise(() => {}));");

        Assert.That(outcome.Failure!.Name, Is.EqualTo("JobError"));
        Assert.That(outcome.Failure.Message, Does.Contain("never settles"));
    }

    [Test]
    public async Task An_error_thrown_in_a_timer_fails_the_step()
    {
        var outcome = await Run("fn(s => new Promise(resolve => setTimeout(() => { throw new TypeError('in a timer'); }, 1)));");

        Assert.That(outcome.Failure!.Name, Is.EqualTo("RuntimeError"));
        Assert.That(outcome.Failure.Message, Is.EqualTo("TypeError: in a timer"));
    }

    [Test]
    public async Task Lightning_style_cleanup_removes_response_too()
    {
        var request = new StepRequest(new JobSource("job.js", "fn(s => ({ ...s, response: { status: 200 }, data: 1 }));"), "common",
            new JsonObject { ["configuration"] = new JsonObject { ["k"] = "v" } })
        {
            StatePropsToRemove = ["configuration", "response"],
        };

        var outcome = await TestRuntime.StepRunner().RunAsync(request);

        Assert.That(outcome.Output!.ToJsonString(), Is.EqualTo("""{"data":1}"""));
    }

    [Test]
    public async Task Jobs_see_the_configured_time_zone()
    {
        var plus3 = TimeZoneInfo.CreateCustomTimeZone("test+3", TimeSpan.FromHours(3), "test+3", "test+3");

        var outcome = await Run("fn(s => ({ midnight: new Date(2024, 0, 1).toISOString() }));", timeZone: plus3);

        Assert.That(outcome.Output!["midnight"]!.GetValue<string>(), Is.EqualTo("2023-12-31T21:00:00.000Z"));
    }

    [Test]
    public async Task Cursor_phrases_use_local_midnight_of_the_job_time_zone()
    {
        var plus3 = TimeZoneInfo.CreateCustomTimeZone("test+3", TimeSpan.FromHours(3), "test+3", "test+3");
        var before = DateTimeOffset.UtcNow;

        var outcome = await Run("cursor('today');\ncursor('yesterday', { key: 'y' });\ncursor('3 days ago', { key: 'd3' });\ncursor('2 hours ago', { key: 'h2' });", timeZone: plus3);

        var localToday = TimeZoneInfo.ConvertTime(before, plus3).Date;
        string MidnightUtc(DateTime localDay) => new DateTimeOffset(localDay, TimeSpan.FromHours(3)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
        Assert.That(outcome.Output!["cursor"]!.GetValue<string>(), Is.EqualTo(MidnightUtc(localToday)));
        Assert.That(outcome.Output["y"]!.GetValue<string>(), Is.EqualTo(MidnightUtc(localToday.AddDays(-1))));
        Assert.That(outcome.Output["d3"]!.GetValue<string>(), Is.EqualTo(MidnightUtc(localToday.AddDays(-3))));
        var twoHoursAgo = DateTimeOffset.Parse(outcome.Output["h2"]!.GetValue<string>());
        Assert.That(twoHoursAgo, Is.EqualTo(before.AddHours(-2)).Within(TimeSpan.FromSeconds(30)));
        var adaptorLines = outcome.Logs.Where(l => l.Source == LogSource.Adaptor).Select(l => l.Message).ToList();
        Assert.That(adaptorLines[0], Is.EqualTo($"Setting cursor \"today\" to: 00:00 {localToday:d MMM yyyy} (GMT+3)"));
    }

    [Test]
    public async Task A_five_megabyte_state_goes_in_and_comes_out_unchanged()
    {
        var items = new JsonArray();
        for (var i = 0; i < 40_000; i++)
            items.Add(new JsonObject { ["id"] = i, ["name"] = $"Case number {i} — ឈ្មោះ", ["score"] = i * 0.5, ["tags"] = new JsonArray("a", "b"), ["open"] = i % 2 == 0, ["none"] = null });
        var input = new JsonObject { ["data"] = new JsonObject { ["items"] = items } };
        Assert.That(System.Text.Encoding.UTF8.GetByteCount(input.ToJsonString()), Is.GreaterThan(5_000_000));

        var outcome = await Run("fn(s => s);", (JsonObject)input.DeepClone());

        Assert.That(outcome.Error, Is.Null);
        Assert.That(JsonNode.DeepEquals(outcome.Output, input), Is.True);
    }
}
