using System.Globalization;
using Jint;
using Jint.Runtime;

namespace OpenFn.Compiler.Tests;

/// <summary>The job engine's sandbox and limits (issue point 3).</summary>
public class EngineTests
{
    private static readonly EngineLimits Limits = new() { Timeout = TimeSpan.FromSeconds(60) };

    private static string Eval(string code, EngineLimits? limits = null, TimeZoneInfo? timeZone = null) =>
        JobHarness.OnJobThread(limits ?? Limits, () => JobEngineFactory.Create(limits ?? Limits, timeZone).Evaluate(code).ToString());

    [TestCase("typeof System", "undefined")]
    [TestCase("typeof importNamespace", "undefined")]
    [TestCase("typeof require", "undefined")]
    [TestCase("typeof process", "undefined")]
    [TestCase("typeof host", "undefined")]
    [TestCase("typeof clrHelper", "undefined")]
    [TestCase("typeof ({}).GetType", "undefined")]
    [TestCase("typeof (1).GetType", "undefined")]
    [TestCase("typeof ''.GetType", "undefined")]
    [TestCase("typeof (() => 1).GetType", "undefined")]
    [TestCase("typeof Object.getPrototypeOf(function () {}).constructor", "function")]
    public void A_job_cannot_see_any_dotnet_type(string expression, string expected)
    {
        Assert.That(Eval(expression), Is.EqualTo(expected));
    }

    [Test]
    public void The_global_object_holds_only_standard_javascript()
    {
        var names = Eval("Object.getOwnPropertyNames(globalThis).join(',')").Split(',');
        string[] standard =
        [
            "Object", "Function", "Array", "Number", "parseFloat", "parseInt", "Infinity", "NaN", "undefined", "Boolean", "String",
            "Symbol", "Date", "Promise", "RegExp", "Error", "AggregateError", "EvalError", "RangeError", "ReferenceError",
            "SyntaxError", "TypeError", "URIError", "globalThis", "JSON", "Math", "Intl", "ArrayBuffer", "Atomics", "Uint8Array",
            "Int8Array", "Uint16Array", "Int16Array", "Uint32Array", "Int32Array", "Float16Array", "Float32Array", "Float64Array",
            "Uint8ClampedArray", "BigUint64Array", "BigInt64Array", "DataView", "Map", "BigInt", "Set", "WeakMap", "WeakSet",
            "WeakRef", "FinalizationRegistry", "Proxy", "Reflect", "SharedArrayBuffer", "decodeURI", "decodeURIComponent",
            "encodeURI", "encodeURIComponent", "escape", "unescape", "eval", "isFinite", "isNaN", "Iterator", "AsyncIterator",
            "ShadowRealm", "Temporal", "DisposableStack", "AsyncDisposableStack", "SuppressedError", "console",
            // Jint extras, plain JavaScript intrinsics: %GeneratorFunction.prototype%, %TypedArray% and Object.prototype.toString.
            "Generator", "TypedArray", "toString",
        ];

        Assert.That(names.Except(standard), Is.Empty, "unexpected globals");
    }

    [TestCase("eval('1 + 1')")]
    [TestCase("new Function('return 1')()")]
    [TestCase("(function () {}).constructor('return 1')()")]
    [TestCase("(async function () {}).constructor('return 1')()")]
    [TestCase("setTimeout('1')")]
    public void Code_from_strings_is_refused(string expression)
    {
        Assert.That(() => Eval(expression), Throws.InstanceOf<JavaScriptException>());
    }

    [Test]
    public void A_job_cannot_load_modules_read_files_or_the_environment()
    {
        var globals = Eval("[typeof fetch, typeof XMLHttpRequest, typeof Deno, typeof Bun, typeof environment, typeof Environment, typeof File].join(',')");

        Assert.That(globals.Split(','), Is.All.EqualTo("undefined"));
        // import() is a host error no job code can catch (and the compiler already rejects it).
        Assert.That(() => Eval("import('fs')"), Throws.InstanceOf<InvalidOperationException>().With.Message.Contains("Module loading has been disabled"));
        Assert.That(JobHarness.CompileResult("fn(async s => { await import('fs'); return s; });").Success, Is.False);
    }

    [Test]
    public void A_compiled_job_cannot_reach_the_clr_through_the_runtime_contract()
    {
        var job = JobHarness.Compile("fn(state => ({ t: typeof System, g: typeof state.GetType, e: (() => { try { return eval('1'); } catch (e) { return e.name; } })() }));");
        var outcome = JobHarness.Run(job.Source.Text, "{}");

        // Node (OpenFn) throws EvalError "Code generation from strings disallowed"; Jint throws a TypeError. Either way it is refused.
        Assert.That(outcome.State, Is.EqualTo("""{"t":"undefined","g":"undefined","e":"TypeError"}"""));
    }

    [TestCase("function f(n) { return f(n + 1) + 1; } f(0)")]
    [TestCase("const o = { get x() { return this.x; } }; o.x")]
    [TestCase("function C() { return new C(); } new C()")]
    [TestCase("const a = []; a.push(a); String(a.map(function m(x) { return x.map(m); }))")]
    [TestCase("const o = {}; o.toString = function () { return String(this); }; String(o)")]
    public void Unbounded_recursion_ends_as_a_catchable_range_error_not_a_crash(string recursion)
    {
        var caught = Eval($"try {{ {recursion}; 'no error' }} catch (e) {{ e instanceof RangeError ? 'RangeError' : e.name + ': ' + e.message }}");
        Assert.That(caught, Is.EqualTo("RangeError"));
    }

    [Test]
    public void Uncaught_unbounded_recursion_reaches_the_host_as_a_javascript_error()
    {
        Assert.That(() => Eval("function f() { return f() + 1; } f()"), Throws.InstanceOf<JavaScriptException>().With.Message.EqualTo("Maximum call stack size exceeded"));
    }

    [Test]
    public void Deep_but_bounded_recursion_works_as_in_node()
    {
        Assert.That(Eval("function depth(n) { return n === 0 ? 0 : 1 + depth(n - 1); } depth(9000)"), Is.EqualTo("9000"));
    }

    [Test]
    public void Json_nesting_is_allowed_beyond_jints_default_of_64_up_to_the_limit()
    {
        Assert.That(Eval("JSON.parse('['.repeat(300) + ']'.repeat(300)).length"), Is.EqualTo("1"));
        Assert.That(() => Eval("JSON.parse('['.repeat(600) + ']'.repeat(600))"), Throws.InstanceOf<JavaScriptException>());
    }

    [Test]
    public void A_catastrophic_regular_expression_times_out()
    {
        var limits = Limits with { RegexTimeout = TimeSpan.FromMilliseconds(200) };

        Assert.That(() => Eval("/^(a+)+$/.test('a'.repeat(40) + 'b')", limits), Throws.Exception.InstanceOf<JavaScriptException>().Or.InstanceOf<System.Text.RegularExpressions.RegexMatchTimeoutException>());
    }

    [Test]
    public void Arrays_are_limited_in_size()
    {
        var limits = Limits with { MaxArraySize = 1000 };

        Assert.That(Eval("new Array(1000).length", limits), Is.EqualTo("1000"));
        Assert.That(() => Eval("new Array(1001)", limits), Throws.Exception);
        Assert.That(() => Eval("const a = []; for (let i = 0; i < 2000; i++) a.push(i); a.length", limits), Throws.Exception);
    }

    [Test]
    public void Runaway_allocation_is_stopped_by_the_memory_budget()
    {
        var limits = Limits with { MemoryBytes = 16 * 1024 * 1024 };

        Assert.That(Eval("const a = []; for (let i = 0; i < 1000; i++) a.push({ i }); a.length", limits), Is.EqualTo("1000"));
        Assert.That(() => Eval("const a = []; while (true) a.push({ n: a.length, s: 'x' + a.length });", limits), Throws.InstanceOf<MemoryLimitExceededException>());
    }

    [Test]
    public void A_statement_limit_stops_an_endless_loop()
    {
        Assert.That(() => Eval("while (true) {}", Limits with { MaxStatements = 10_000 }), Throws.InstanceOf<StatementsCountOverflowException>());
    }

    [Test]
    public void The_step_timeout_stops_an_endless_loop_across_every_entry_into_the_engine()
    {
        var limits = Limits with { Timeout = TimeSpan.FromMilliseconds(300) };
        var engine = JobEngineFactory.Create(limits);
        engine.Execute("function spin(ms) { const end = Date.now() + ms; while (Date.now() < end) {} }");

        engine.Invoke("spin", 200); // within budget
        Assert.That(() => engine.Invoke("spin", 200), Throws.InstanceOf<TimeoutException>(), "the budget is the step's, not each call's");
    }

    [Test]
    public void Cancellation_stops_a_running_job()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var engine = JobEngineFactory.Create(Limits, cancellationToken: cancellation.Token);

        Assert.That(() => engine.Execute("while (true) {}"), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void Number_formatting_ignores_the_host_culture()
    {
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.DefaultThreadCurrentCulture = new CultureInfo("fr-FR");
            Assert.That(Eval("[1.5, String(0.1 + 0.2), parseFloat('2.5'), (1234.5).toFixed(2), 1e21, Number('3,5')].join(' ')"),
                Is.EqualTo("1.5 0.30000000000000004 2.5 1234.50 1e+21 NaN"));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.DefaultThreadCurrentCulture = null;
        }
    }

    [Test]
    public void Dates_use_utc_unless_a_time_zone_is_given()
    {
        Assert.That(Eval("new Date(Date.UTC(2024, 0, 1, 23, 30)).getDate() + ' ' + new Date(0).getTimezoneOffset()"), Is.EqualTo("1 0"));

        var phnomPenh = TimeZoneInfo.FindSystemTimeZoneById("Asia/Phnom_Penh");
        Assert.That(Eval("new Date(Date.UTC(2024, 0, 1, 23, 30)).getDate() + ' ' + new Date(0).getTimezoneOffset()", timeZone: phnomPenh), Is.EqualTo("2 -420"));
    }
}
