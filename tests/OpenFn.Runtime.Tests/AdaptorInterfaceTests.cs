using System.Text.Json.Nodes;
using OpenFn.Compiler;
using OpenFn.Runtime.Logging;

namespace OpenFn.Runtime.Tests;

public class AdaptorInterfaceTests
{
    private static readonly JsonObject Credentials = new() { ["username"] = "svc-user", ["password"] = "Sup3r-S3cret!" };

    private static StepRequest Job(string code) => new(new JobSource("job.js", code), "example", new JsonObject
    {
        ["data"] = new JsonObject { ["ids"] = new JsonArray("a", "b", "c") },
        ["configuration"] = Credentials.DeepClone(),
    });

    [Test]
    public async Task Lazy_arguments_are_resolved_against_the_state_of_each_iteration()
    {
        var adaptor = new ExampleAdaptor();

        var outcome = await TestRuntime.StepRunner(null, adaptor).RunAsync(Job(
            "each('$.data.ids[*]', getRecord(state => state.data, { page: state => state.index, fixed: 1 }));"));

        Assert.That(outcome.Error, Is.Null);
        var records = adaptor.Calls.Where(c => c.Name == "getRecord").Select(c => c.Args);
        Assert.That(records, Is.EqualTo(new[] { """["a",{"page":0,"fixed":1}]""", """["b",{"page":1,"fixed":1}]""", """["c",{"page":2,"fixed":1}]""" }));
        Assert.That(outcome.Output!["data"]!.ToJsonString(), Is.EqualTo("""{"id":"c","options":{"page":2,"fixed":1}}"""));
        Assert.That(outcome.Output["references"]!.AsArray(), Has.Count.EqualTo(3), "composeNextState appends the previous data each time");
    }

    [Test]
    public async Task Configuration_reaches_the_session_but_not_the_output_nor_the_logs()
    {
        var adaptor = new ExampleAdaptor();

        var outcome = await TestRuntime.StepRunner(null, adaptor).RunAsync(Job("getRecord('x');"));

        Assert.That(adaptor.Calls[0].Configuration, Is.EqualTo(Credentials.ToJsonString()));
        Assert.That(outcome.Output!.AsObject().ContainsKey("configuration"), Is.False);
        var adaptorLines = outcome.Logs.Where(l => l.Source == LogSource.Adaptor).Select(l => l.Message).ToList();
        Assert.That(adaptorLines, Does.Contain("logging in as **** with ****"));
        Assert.That(adaptorLines, Does.Contain("fetched record x"));
        Assert.That(outcome.Logs.Select(l => l.Message), Has.None.Contains("Sup3r-S3cret!"));
    }

    [Test]
    public async Task Execute_hooks_log_in_before_the_first_operation_and_clean_up_after_the_last()
    {
        var adaptor = new ExampleAdaptor();

        var outcome = await TestRuntime.StepRunner(null, adaptor).RunAsync(Job("fn(s => ({ ...s, sawSession: s.session }));\ngetRecord('x');"));

        Assert.That(adaptor.Calls.Select(c => c.Name), Is.EqualTo(new[] { "login", "getRecord" }));
        Assert.That(outcome.Output!["sawSession"]!.GetValue<string>(), Is.EqualTo("token-1"));
        Assert.That(outcome.Output.AsObject().ContainsKey("session"), Is.False);
    }

    [Test]
    public async Task An_adaptor_exception_fails_the_step_as_an_AdaptorError_with_details_and_the_operation()
    {
        var outcome = await TestRuntime.StepRunner(null, new ExampleAdaptor()).RunAsync(Job("fn(s => { s.mutated = true; return s; });\nfailWith(404);"));

        var error = outcome.Output!["errors"]!["job-1"]!;
        Assert.That(error.ToJsonString(), Is.EqualTo(
            """{"source":"runtime","name":"AdaptorError","details":{"message":"GET to https://example.org/records returned 404: Not Found","statusCode":404,"url":"https://example.org/records","method":"GET"},"severity":"fail","message":"GET to https://example.org/records returned 404: Not Found","line":2,"operationName":"failWith"}"""));
        Assert.That(outcome.Output.AsObject().ContainsKey("mutated"), Is.False, "the execute hook copied state, so the failed output is the original input");
        Assert.That(outcome.Error, Is.EqualTo("AdaptorError: GET to https://example.org/records returned 404: Not Found (in failWith() at job.js:2)"));
    }

    [Test]
    public async Task A_job_can_catch_an_adaptor_error()
    {
        var outcome = await TestRuntime.StepRunner(null, new ExampleAdaptor()).RunAsync(Job(
            "fn(async s => { try { return await failWith(500)(s); } catch (e) { return { ...s, caught: e.message, status: e.statusCode }; } });"));

        Assert.That(outcome.Error, Is.Null);
        Assert.That(outcome.Output!["status"]!.GetValue<int>(), Is.EqualTo(500));
        Assert.That(outcome.Output["caught"]!.GetValue<string>(), Does.Contain("returned 500"));
    }

    [Test]
    public async Task An_unexpected_session_exception_is_an_AdaptorError_too()
    {
        var outcome = await TestRuntime.StepRunner(null, new ExampleAdaptor()).RunAsync(Job("fn(s => { host; return s; });"));
        Assert.That(outcome.Failure!.Name, Is.EqualTo("RuntimeCrash"), "the host bridge is not visible to jobs");

        var adaptor = new ExampleAdaptor();
        var broken = adaptor.JsModule.Replace("host.invoke('fail'", "host.invoke('no-such-op'");
        var outcome2 = await TestRuntime.StepRunner(null, new ModuleOverride(adaptor, broken)).RunAsync(Job("failWith(1);"));
        Assert.That(outcome2.Failure!.Name, Is.EqualTo("AdaptorError"));
        Assert.That(outcome2.Failure.Message, Is.EqualTo("no operation no-such-op"));
    }

    [Test]
    public async Task A_hanging_adaptor_call_is_stopped_by_the_timeout()
    {
        var adaptor = new ExampleAdaptor();
        var hanging = adaptor.JsModule.Replace("host.invoke('fail'", "host.invoke('hang'");
        var runner = TestRuntime.StepRunner(new EngineLimits { Timeout = TimeSpan.FromMilliseconds(500) }, new ModuleOverride(adaptor, hanging));

        var outcome = await runner.RunAsync(Job("failWith(1);"));

        Assert.That(outcome.Failure!.Name, Is.EqualTo("TimeoutError"));
    }

    [Test]
    public async Task An_adaptor_call_that_ignores_cancellation_cannot_hold_the_run()
    {
        var adaptor = new ExampleAdaptor();
        var stuck = adaptor.JsModule.Replace("host.invoke('fail'", "host.invoke('ignore-cancellation'");
        var runner = TestRuntime.StepRunner(new EngineLimits { Timeout = TimeSpan.FromMilliseconds(300) }, new ModuleOverride(adaptor, stuck));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var outcome = await runner.RunAsync(Job("failWith(1);"));

        Assert.That(outcome.Failure!.Name, Is.EqualTo("TimeoutError"));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public async Task The_compiler_knows_the_adaptor_operations_and_its_common_exports()
    {
        var outcome = await TestRuntime.StepRunner(null, new ExampleAdaptor()).RunAsync(Job("fnIf(true, getRecord(dataValue('ids[0]')));"));

        Assert.That(outcome.Error, Is.Null);
        Assert.That(outcome.Output!["data"]!["id"]!.GetValue<string>(), Is.EqualTo("a"));
    }

    [Test]
    public async Task A_module_may_start_with_comments()
    {
        var adaptor = new ExampleAdaptor();
        var commented = "// example adaptor, job-facing half\n// second comment line\n" + adaptor.JsModule + "\n// trailing comment";

        var outcome = await TestRuntime.StepRunner(null, new ModuleOverride(adaptor, commented)).RunAsync(Job("getRecord('x');"));

        Assert.That(outcome.Error, Is.Null);
        Assert.That(outcome.Output!["data"]!["id"]!.GetValue<string>(), Is.EqualTo("x"));
    }

    /// <summary>The example adaptor with a different JavaScript module.</summary>
    private sealed class ModuleOverride(ExampleAdaptor inner, string module) : OpenFn.Adaptors.Common.IAdaptor, OpenFn.Adaptors.Common.IAdaptorVersion
    {
        public string Name => inner.Name;
        public string PackageName => inner.PackageName;
        public IReadOnlyList<string> Versions => inner.Versions;
        public OpenFn.Adaptors.Common.IAdaptor Adaptor => this;
        public string Version => inner.Version;
        public IReadOnlyList<OpenFn.Adaptors.Common.OperationDescriptor> Operations => inner.Operations;
        public IReadOnlyList<string> CommonExports => inner.CommonExports;
        public string JsModule => module;
        public OpenFn.Adaptors.Common.IAdaptorVersion Resolve(string? versionSpec) => this;
        public OpenFn.Adaptors.Common.IAdaptorSession OpenSession(OpenFn.Adaptors.Common.AdaptorContext context) => inner.OpenSession(context);
    }
}
