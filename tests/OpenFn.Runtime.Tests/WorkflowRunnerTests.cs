using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using OpenFn.Compiler;
using OpenFn.Runtime.Logging;

namespace OpenFn.Runtime.Tests;

/// <summary>Run status, observer, logging scopes and plan errors of <see cref="WorkflowRunner"/> (results are in the workflow differential).</summary>
public class WorkflowRunnerTests
{
    private static StepPlan Step(string id, string code, params EdgePlan[] next) =>
        new() { Id = id, Expression = new JobSource(id + ".js", code), Next = next };

    private static EdgePlan To(string target, EdgeCondition condition = EdgeCondition.Always) => new() { Target = target, Condition = condition };

    private static WorkflowPlan Plan(params StepPlan[] steps) => new() { Name = "test-flow", Steps = steps };

    private static Task<WorkflowResult> Run(WorkflowPlan plan, WorkflowRunOptions? options = null, StepRunner? runner = null, ILogger? logger = null, CancellationToken token = default) =>
        new WorkflowRunner(runner ?? TestRuntime.StepRunner(), logger).RunAsync(plan, new JsonObject { ["data"] = new JsonObject() }, options, token);

    [Test]
    public async Task A_failed_leaf_fails_the_run()
    {
        var result = await Run(Plan(Step("a", "fn(s => s);", To("b")), Step("b", "fn(() => { throw new Error('b broke'); });")));

        Assert.That(result.Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(result.ErrorMessage, Is.EqualTo("JobError: b broke"));
        Assert.That(result.FinalState!["errors"]!["b"]!["message"]!.GetValue<string>(), Is.EqualTo("b broke"));
    }

    [Test]
    public async Task A_failure_handled_by_a_failure_branch_gives_a_successful_run()
    {
        var result = await Run(Plan(
            Step("a", "fn(() => { throw new Error('a broke'); });", To("recover", EdgeCondition.OnFailure), To("next", EdgeCondition.OnSuccess)),
            Step("recover", "fn(s => ({ recovered: Object.keys(s.errors) }));"),
            Step("next", "fn(s => s);")));

        Assert.That(result.Status, Is.EqualTo(RunStatus.Success));
        Assert.That(result.Steps.Select(s => (s.StepId, s.Status, s.IsLeaf)), Is.EqualTo(new[] { ("a", RunStatus.Failed, false), ("recover", RunStatus.Success, true) }));
        Assert.That(result.FinalState!.ToJsonString(), Is.EqualTo("""{"recovered":["a"]}"""));
    }

    [Test]
    public async Task A_crash_aborts_the_run_with_no_result()
    {
        var result = await Run(Plan(Step("a", "fn(s => s);", To("b"), To("c")), Step("b", "fn(s => ({ ...s, value: missing }));"), Step("c", "fn(s => s);")));

        Assert.That(result.Status, Is.EqualTo(RunStatus.Crashed));
        Assert.That(result.FinalState, Is.Null);
        Assert.That(result.ErrorMessage, Is.EqualTo("ReferenceError: missing is not defined"));
        Assert.That(result.Steps.Select(s => s.StepId), Is.EqualTo(new[] { "a", "b" }), "c was queued but never ran");
    }

    [Test]
    public async Task A_step_timeout_kills_the_run()
    {
        var options = new WorkflowRunOptions { Limits = new EngineLimits { Timeout = TimeSpan.FromMilliseconds(300) } };

        var result = await Run(Plan(Step("a", "fn(s => { while (true) {} });", To("b")), Step("b", "fn(s => s);")), options);

        Assert.That(result.Status, Is.EqualTo(RunStatus.Killed));
        Assert.That(result.ErrorMessage, Is.EqualTo("TimeoutError: Job took longer than 300ms to complete"));
    }

    [Test]
    public async Task The_run_timeout_covers_all_steps()
    {
        var busy = "fn(s => { const end = Date.now() + 200; while (Date.now() < end) {} return s; });";
        var options = new WorkflowRunOptions { RunTimeout = TimeSpan.FromMilliseconds(500) };

        var result = await Run(Plan(Step("a", busy, To("b")), Step("b", busy, To("c")), Step("c", busy, To("d")), Step("d", busy)), options);

        Assert.That(result.Status, Is.EqualTo(RunStatus.Killed));
        Assert.That(result.ErrorMessage, Is.EqualTo("TimeoutError: Run took longer than 500ms to complete"));
    }

    [Test]
    public async Task Cancelling_the_run_stops_it()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var result = await Run(Plan(Step("a", "fn(s => { while (true) {} });")), token: cancellation.Token);

        Assert.That(result.Status, Is.EqualTo(RunStatus.Cancelled));
    }

    [Test]
    public async Task The_observer_sees_each_step_as_it_starts_and_finishes_and_every_log_line()
    {
        var observer = new RecordingObserver();
        var plan = Plan(
            Step("a", "fn(s => { console.log('in a'); return s; });", To("b"), To("c")),
            Step("b", "fn(s => s);", To("d")),
            Step("c", "fn(s => s);", To("d")),
            Step("d", "fn(s => s);"));

        await Run(plan, new WorkflowRunOptions { Observer = observer });

        Assert.That(observer.Events, Is.EqualTo(new[]
        {
            "start a", "finish a Success", "start b", "finish b Success", "start c", "finish c Success",
            "start d", "finish d Success", "start d-1", "finish d-1 Success",
        }));
        Assert.That(observer.Starts.Where(s => s.StepId.StartsWith('d')).Select(s => s.PlanStepId), Is.All.EqualTo("d"));
        Assert.That(observer.Lines.Single(l => l.Source == LogSource.Job).StepId, Is.EqualTo("a"));
        Assert.That(observer.Lines.Last().Message, Does.StartWith("Run complete with status: success"));
    }

    [Test]
    public async Task Step_records_keep_the_input_without_configuration()
    {
        var plan = Plan(Step("a", "fn(s => ({ ...s, data: { n: 1 } }));", To("b")), Step("b", "fn(s => s);") with { Configuration = new JsonObject { ["key"] = "secret-key-1" } });

        var result = await new WorkflowRunner(TestRuntime.StepRunner()).RunAsync(plan, new JsonObject { ["data"] = new JsonObject(), ["configuration"] = new JsonObject { ["x"] = "y" } });

        Assert.That(result.Steps[0].Input!.ToJsonString(), Is.EqualTo("""{"data":{}}"""));
        Assert.That(result.Steps[1].Input!.ToJsonString(), Is.EqualTo("""{"data":{"n":1}}"""));
    }

    [Test]
    public async Task Workflow_secrets_are_scrubbed_from_every_step_log()
    {
        var observer = new RecordingObserver();
        var plan = Plan(
            Step("a", "fn(s => ({ ...s, leaked: s.configuration.apiKey }));", To("b")) with { Configuration = new JsonObject { ["apiKey"] = "k3y-0f-step-a" } },
            Step("b", "fn(s => { console.log('b got ' + s.leaked); return s; });"));

        await Run(plan, new WorkflowRunOptions { Observer = observer });

        Assert.That(observer.Lines.Single(l => l.Source == LogSource.Job).Message, Is.EqualTo("b got ****"));
    }

    [Test]
    public async Task Log_lines_carry_the_run_and_step_ids_as_scopes()
    {
        var logger = new ScopeRecordingLogger();

        await Run(Plan(Step("first", "fn(s => { console.log('hello'); return s; });")), new WorkflowRunOptions { RunId = "run-42" }, TestRuntime.StepRunner(null, logger), logger);

        var hello = logger.Entries.Single(e => e.Message == "[JOB] hello");
        Assert.That(hello.Scopes, Does.Contain("RunId=run-42").And.Contain("StepId=first"));
        Assert.That(hello.Level, Is.EqualTo(LogLevel.Information));
    }

    [TestCase("start-here", "a")]
    [TestCase("Load", "b")]
    [TestCase("c", "c")]
    public async Task Start_accepts_an_id_or_a_unique_part_of_an_id_or_name(string start, string expectedFirst)
    {
        var plan = Plan(Step("a", "fn(s => s);", To("b")) with { Name = "start-here" }, Step("b", "fn(s => s);", To("c")) with { Name = "Load cases" }, Step("c", "fn(s => s);"));

        var result = await Run(plan, new WorkflowRunOptions { Start = start });

        Assert.That(result.Steps[0].StepId, Is.EqualTo(expectedFirst));
    }

    [Test]
    public async Task An_ambiguous_start_is_an_error_naming_the_candidates()
    {
        var plan = Plan(Step("load-a", "fn(s => s);"), Step("load-b", "fn(s => s);"));

        var result = await Run(plan, new WorkflowRunOptions { Start = "load" });

        Assert.That(result.Status, Is.EqualTo(RunStatus.Crashed));
        Assert.That(result.ErrorMessage, Is.EqualTo("ValidationError: start step \"load\" is ambiguous: it matches load-a, load-b"));
    }

    [Test]
    public async Task Only_runs_a_single_step()
    {
        var plan = Plan(Step("a", "fn(s => ({ ...s, a: 1 }));", To("b")), Step("b", "fn(s => ({ ...s, b: 1 }));", To("c")), Step("c", "fn(s => s);"));

        var result = await Run(plan, new WorkflowRunOptions { Only = "b" });

        Assert.That(result.Steps.Select(s => s.StepId), Is.EqualTo(new[] { "b" }));
        Assert.That(result.FinalState!.ToJsonString(), Is.EqualTo("""{"data":{},"b":1}"""));
    }

    [TestCase("missing", "ValidationError: Cannot find job: missing")]
    [TestCase("loop", "ValidationError: Circular dependency: b <-> a")]
    [TestCase("bad-js", "EdgeConditionError: Failed to compile edge condition a->b")]
    public async Task Invalid_plans_are_rejected_before_any_step_runs(string problem, string message)
    {
        var plan = problem switch
        {
            "missing" => Plan(Step("a", "fn(s => s);", To("missing"))),
            "loop" => Plan(Step("a", "fn(s => s);", To("b")), Step("b", "fn(s => s);", To("a"))),
            _ => Plan(Step("a", "fn(s => s);", new EdgePlan { Target = "b", Condition = EdgeCondition.Expression, Expression = "state.data.x >" }), Step("b", "fn(s => s);")),
        };

        var result = await Run(plan);

        Assert.That(result.Status, Is.EqualTo(RunStatus.Crashed));
        Assert.That(result.ErrorMessage, Does.StartWith(message));
        Assert.That(result.Steps, Is.Empty);
        Assert.That(WorkflowRunner.Validate(plan), problem == "bad-js" ? Is.Empty : Is.Not.Empty);
    }

    [Test]
    public async Task Each_reports_its_progress_to_the_observer_from_the_first_item_to_the_last()
    {
        var observer = new RecordingObserver();

        await Run(Plan(Step("loop", "fn(s => ({ ...s, data: { items: [1, 2, 3] } }));\neach('$.data.items[*]', fn(s => s));")), new WorkflowRunOptions { Observer = observer });

        Assert.That(observer.Progress.First(), Is.EqualTo(("loop", 0L, (long?)3)));
        Assert.That(observer.Progress.Last(), Is.EqualTo(("loop", 3L, (long?)3)));
    }

    private sealed class RecordingObserver : IWorkflowObserver
    {
        public List<(string StepId, long Done, long? Total)> Progress { get; } = [];

        void IWorkflowObserver.Progress(string stepId, long done, long? total) => Progress.Add((stepId, done, total));

        public List<string> Events { get; } = [];
        public List<StepStart> Starts { get; } = [];
        public List<LogLine> Lines { get; } = [];

        public void StepStarted(StepStart start)
        {
            Starts.Add(start);
            Events.Add($"start {start.StepId}");
        }

        public void StepFinished(StepRecord record) => Events.Add($"finish {record.StepId} {record.Status}");

        public void Log(LogLine line)
        {
            lock (Lines)
                Lines.Add(line);
        }
    }

    /// <summary>An ILogger that records each entry with the scopes active when it was written.</summary>
    private sealed class ScopeRecordingLogger : ILogger
    {
        private readonly LoggerExternalScopeProvider _scopes = new();

        public List<(LogLevel Level, string Message, List<string> Scopes)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => _scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<string>();
            _scopes.ForEachScope((scope, list) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                    list.AddRange(pairs.Select(p => $"{p.Key}={p.Value}"));
            }, scopes);
            lock (Entries)
                Entries.Add((logLevel, formatter(state, exception), scopes));
        }
    }
}
