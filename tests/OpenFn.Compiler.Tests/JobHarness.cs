using Jint;
using Jint.Native;
using Jint.Native.Function;
using Jint.Native.Json;
using Jint.Runtime;

namespace OpenFn.Compiler.Tests;

/// <summary>
/// A minimal stand-in for the runtime, enough to run compiled jobs in tests: registers operations by index, runs
/// them in order on one state, and defines a handful of language-common style operations in JavaScript.
/// </summary>
internal static class JobHarness
{
    public static readonly string[] Exports = ["fn", "alterState", "each", "get", "post", "fnIf", "log", "dataValue"];

    public static readonly CompileOptions Options = new() { AdaptorExports = Exports, AdaptorName = "test-adaptor" };

    private const string Runtime = """
        var __log = [];
        var __ops = [];
        function __openfn_op(index, operation) { __ops[index] = operation; }
        function __openfn_defer(operation, thenChain, catchHandler) {
          var complete = thenChain || (p => p);
          var error = catchHandler || (e => { throw e; });
          return state => {
            try { return complete(Promise.resolve(operation(state)).catch(e => error(e, state))); }
            catch (e) { return error(e, state); }
          };
        }
        function expand(state, value) { return typeof value === 'function' ? value(state) : value; }
        var console = { log: (...args) => __log.push(args.map(a => typeof a === 'string' ? a : JSON.stringify(a)).join(' ')) };
        function fn(f) { return state => f(state); }
        var alterState = fn;
        function get(path) { return state => ({ ...state, data: { method: 'GET', path: expand(state, path) } }); }
        function post(path, body) { return state => ({ ...state, data: { method: 'POST', path: expand(state, path), body: expand(state, body) } }); }
        function log(message) { return state => { __log.push(String(expand(state, message))); return state; }; }
        function fnIf(condition, operation) { return state => expand(state, condition) ? operation(state) : state; }
        function each(items, operation) {
          return async state => {
            var list = expand(state, items);
            var results = [];
            for (var i = 0; i < list.length; i++) results.push((await operation({ ...state, data: list[i], index: i })).data);
            return { ...state, data: results };
          };
        }
        """;

    public sealed record Outcome(string? State, IReadOnlyList<string> Log, CompiledJob Job);

    public static CompiledJob Compile(string text, CompileOptions? options = null)
    {
        var result = new JobCompiler().Compile(new JobSource("job.js", text), options ?? Options);
        Assert.That(result.Errors, Is.Empty, () => string.Join("\n", result.Diagnostics));
        return result.Job!;
    }

    /// <summary>Compiles and runs <paramref name="text"/> with <paramref name="input"/> as the step's input state.</summary>
    public static Outcome Run(string text, string input = "{}", CompileOptions? options = null)
    {
        var job = Compile(text, options);
        var engine = JobEngineFactory.Create(new EngineLimits { Timeout = TimeSpan.FromSeconds(30) });
        engine.Execute(Runtime);
        JsValue state = new JsonParser(engine).Parse(input);
        engine.SetValue("state", state);
        engine.Execute(job.Prepared);
        var operations = engine.GetValue("__ops").AsArray();
        Assert.That((int)operations.Length, Is.EqualTo(job.Operations.Count), "registered operations");
        foreach (var operation in operations)
        {
            Assert.That(operation, Is.InstanceOf<Function>(), "every registered operation is a function");
            state = ((Function)operation).Call(JsValue.Undefined, [state]).UnwrapIfPromise();
        }
        var json = state.IsUndefined() ? null : new JsonSerializer(engine).Serialize(state).AsString();
        var log = engine.GetValue("__log").AsArray().Select(v => v.AsString()).ToList();
        return new Outcome(json, log, job);
    }

    /// <summary>
    /// Like <see cref="Run"/>, as text: the final state as JSON, or <c>throws &lt;message&gt;</c> when an operation throws
    /// or its promise rejects.
    /// </summary>
    public static string RunToText(string text, string input = "{}")
    {
        try
        {
            return Run(text, input).State ?? "undefined";
        }
        catch (JavaScriptException e)
        {
            return "throws " + e.Error.Get("message");
        }
        catch (PromiseRejectedException e)
        {
            return "throws " + e.RejectedValue.Get("message");
        }
    }

    public static CompileResult CompileResult(string text, CompileOptions? options = null) =>
        new JobCompiler().Compile(new JobSource("job.js", text), options ?? Options);

    /// <summary>Runs <paramref name="action"/> on a thread with the job stack size, as the runtime does.</summary>
    public static T OnJobThread<T>(EngineLimits limits, Func<T> action)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { result = action(); }
            catch (Exception e) { failure = e; }
        }, limits.ThreadStackBytes);
        thread.Start();
        thread.Join();
        if (failure is not null)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        return result;
    }
}
