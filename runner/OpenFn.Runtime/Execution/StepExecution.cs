using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Interop;
using OpenFn.Adaptors.Common;
using OpenFn.Compiler;
using OpenFn.Runtime.Logging;

namespace OpenFn.Runtime.Execution;

/// <summary>What one run of a step produced: its output state (null when it produced none) and why it failed.</summary>
internal sealed record StepResult(JsonNode? Output, StepFailure? Failure);

/// <summary>An error that already has its OpenFn classification.</summary>
internal sealed class StepFailedException(StepFailure failure) : Exception(failure.Message)
{
    public StepFailure Failure { get; } = failure;
}

/// <summary>
/// One step run on a fresh engine, on the calling (dedicated, big-stack) thread: installs the runtime, language-common,
/// the adaptor module and the job's globals, loads the compiled job, runs its operations with OpenFn's wrapper semantics
/// (§2.2), and turns the final state, or the state at the time of a failure, into JSON (§2.5, §2.7).
/// </summary>
internal sealed class StepExecution(
    StepRequest request,
    IAdaptorVersion adaptor,
    CompiledJob job,
    EngineLimits limits,
    long stateLimitBytes,
    IAdaptorSession session,
    StepAbort abort,
    StepLog log)
{
    /// <summary>
    /// Jint's memory limit counts every allocation of one engine entry, garbage included, so it only guards against
    /// runaway allocation: its budget is this many times the memory limit (times the engine factory's own factor).
    /// The memory limit proper is the live-memory watchdog (<see cref="MemoryWatchdog"/>).
    /// </summary>
    private const long AllocationBudgetFactor = 4;
    private const long ProgressIntervalMilliseconds = 250;

    private readonly ErrorClassifier _classifier = new(job, request.StepName ?? request.StepId);
    private readonly List<JsValue> _operations = [];
    private Jint.Engine _engine = null!;
    private JsJson _json = null!;
    private ObjectInstance _runtime = null!;
    private EventLoop _loop = null!;
    private JsValue _input = JsValue.Undefined;
    private JsValue _nullStateMarker = JsValue.Undefined;
    private JsValue _before = JsValue.Undefined;
    private long _lastProgressTicks;
    private JsValue _after = JsValue.Undefined;
    private int? _operationIndex;

    public StepResult Run()
    {
        try
        {
            using (_engine = JobEngineFactory.Create(limits with { MemoryBytes = limits.MemoryBytes * AllocationBudgetFactor }, request.TimeZone, abort.Token))
            {
                _json = new JsJson(_engine, limits.MaxJsonDepth, stateLimitBytes);
                try
                {
                    Install();
                    Load();
                    var final = RunOperations();
                    return new StepResult(Finish(final), null);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    var failure = Translate(e);
                    return new StepResult(failure.Severity == ErrorSeverity.Kill ? null : FailedOutput(failure), failure);
                }
            }
        }
        catch (OutOfMemoryException)
        {
            // .NET itself ran out (a GC heap hard limit, or the machine), before the watchdog saw the step's limit.
            return new StepResult(null, ErrorClassifier.Simple("OOMError", ErrorSeverity.Kill,
                $"Run exceeded maximum memory usage: the process ran out of memory (step limit: {limits.MemoryBytes / (1024 * 1024)} MB)"));
        }
    }

    // ---- setup
    private void Install()
    {
        _runtime = _engine.Evaluate(RuntimeScripts.Runtime).Call().AsObject();
        _nullStateMarker = _runtime.Get("nullStateMarker");
        _loop = new EventLoop(_engine, _runtime.Get("watch"), abort.Token);
        _loop.InstallTimers();

        var jobConsole = CallRuntime("createConsole", Emitter(LogSource.Job));
        var adaptorConsole = CallRuntime("createConsole", Emitter(LogSource.Adaptor));
        var host = CallRuntime("createHost", new ClrFunction(_engine, "invoke", (_, args) => InvokeHost(args), 3));

        var lib = new JsObject(_engine);
        lib.Set("jsonpath", _engine.Evaluate(RuntimeScripts.JsonPath).Call());
        lib.Set("dateFns", _engine.Evaluate(RuntimeScripts.DateFns).Call());
        lib.Set("Buffer", _runtime.Get("Buffer"));
        lib.Set("uuid", new ClrFunction(_engine, "uuid", (_, _) => Guid.NewGuid().ToString()));
        lib.Set("parseCsv", new ClrFunction(_engine, "parseCsv", (_, args) => CsvFunction.Parse(_engine, args), 2));
        lib.Set("progress", new ClrFunction(_engine, "progress", (_, args) => ReportProgress(args), 2));
        var common = _engine.Evaluate(RuntimeScripts.Common).Call(lib, adaptorConsole).AsObject();

        var factory = _engine.Evaluate(RuntimeScripts.AdaptorModule(adaptor.Adaptor.PackageName, adaptor.JsModule)).Call(adaptorConsole);
        var module = _engine.Call(factory, JsValue.Undefined, [common, host]);

        _engine.SetValue("console", jobConsole);
        _engine.SetValue("Buffer", _runtime.Get("Buffer"));
        foreach (var name in adaptor.CommonExports)
        {
            var value = common.Get(name);
            if (value.IsUndefined())
                log.Runtime(OpenFnLogLevel.Debug, $"language-common has no export named {name}; {adaptor.Adaptor.Name} lists it");
            else
                _engine.SetValue(name, value);
        }
        if (module is ObjectInstance members)
        {
            foreach (var key in members.GetOwnPropertyKeys(Types.String))
            {
                var name = key.AsString();
                if (name == "execute")
                {
                    var hooks = members.Get(key);
                    _before = hooks.IsObject() ? hooks.Get("before") : JsValue.Undefined;
                    _after = hooks.IsObject() ? hooks.Get("after") : JsValue.Undefined;
                }
                else
                {
                    _engine.SetValue(name, members.Get(key));
                }
            }
        }
        _engine.SetValue(CompiledJob.DeferFunction, _runtime.Get("defer"));
        _engine.SetValue(CompiledJob.OperationSink, new ClrFunction(_engine, CompiledJob.OperationSink, (_, args) =>
        {
            var index = args.Length > 0 && args[0].IsNumber() ? (int)args[0].AsNumber() : _operations.Count;
            while (_operations.Count <= index)
                _operations.Add(JsValue.Undefined);
            _operations[index] = args.Length > 1 ? args[1] : JsValue.Undefined;
            return JsValue.Undefined;
        }, 2));

        _input = _json.ToJs(request.Input);
        _engine.SetValue("state", _input);
    }

    /// <summary><c>each</c> calls this before every item; the step's listener hears about it at most every quarter second.</summary>
    private JsValue ReportProgress(JsValue[] args)
    {
        if (request.OnProgress is not { } onProgress || args.Length == 0 || !args[0].IsNumber())
            return JsValue.Undefined;
        var done = (long)args[0].AsNumber();
        long? total = args.Length > 1 && args[1].IsNumber() ? (long)args[1].AsNumber() : null;
        var now = Environment.TickCount64;
        if (done == 0 || done == total || now - _lastProgressTicks >= ProgressIntervalMilliseconds)
        {
            _lastProgressTicks = now;
            onProgress(done, total);
        }
        return JsValue.Undefined;
    }

    private JsValue CallRuntime(string name, params JsValue[] args) => _engine.Call(_runtime.Get(name), JsValue.Undefined, args);

    private ClrFunction Emitter(string source) => new(_engine, "emit", (_, args) =>
    {
        log.Write(LogLine.ParseLevel(args.Length > 0 ? args[0].ToString() : "info"), source, args.Length > 1 ? args[1].ToString() : "");
        return JsValue.Undefined;
    }, 2);

    // ---- load and run
    private void Load()
    {
        _engine.Execute(job.Prepared);
        for (var i = 0; i < _operations.Count; i++)
        {
            if (!_operations[i].IsCallable())
                throw new StepFailedException(_classifier.InvalidOperation(i));
        }
        log.Runtime(OpenFnLogLevel.Debug, $"Executing expression ({_operations.Count} operations)");
    }

    private JsValue RunOperations()
    {
        var state = _input;
        if (_before.IsCallable())
            state = _loop.Settle(_engine.Call(_before, JsValue.Undefined, [state]));
        for (var i = 0; i < _operations.Count; i++)
        {
            _operationIndex = i;
            var number = i + 1;
            var watch = Stopwatch.StartNew();
            log.Runtime(OpenFnLogLevel.Debug, $"Starting operation {number}");
            if (IsNullState(state))
            {
                state.AsObject().Delete(_nullStateMarker);
                log.Runtime(OpenFnLogLevel.Warn, $"WARNING: No state was passed into operation {number}. Did the previous operation return state?");
            }
            var result = _loop.Settle(_engine.Call(_operations[i], JsValue.Undefined, [state]));
            if (!TypeConverter.ToBoolean(result))
            {
                log.Runtime(OpenFnLogLevel.Debug, $"Warning: operation {number} did not return state");
                var empty = new JsObject(_engine);
                empty.Set(_nullStateMarker, JsBoolean.True);
                result = empty;
            }
            log.Runtime(OpenFnLogLevel.Debug, $"Operation {number} complete in {Durations.Format(watch.Elapsed)}");
            state = result;
        }
        _operationIndex = null;
        if (_after.IsCallable())
            state = _loop.Settle(_engine.Call(_after, JsValue.Undefined, [state]));
        return state;
    }

    private bool IsNullState(JsValue state) => state is ObjectInstance obj && obj.Get(_nullStateMarker) is JsBoolean { } marker && marker.AsBoolean();

    // ---- output (§2.5)
    private JsonNode? Finish(JsValue state)
    {
        if (IsNullState(state) || !TypeConverter.ToBoolean(state))
            return null;
        RemoveProps(state);
        return _json.ToJson(state);
    }

    private void RemoveProps(JsValue state)
    {
        if (state is not ObjectInstance obj)
            return;
        var removed = request.StatePropsToRemove.Where(p => obj.HasOwnProperty(p) && obj.Delete(p)).ToList();
        if (removed.Count > 0)
            log.Runtime(OpenFnLogLevel.Debug, $"Cleaning up state. Removing keys: {string.Join(", ", removed)}");
    }

    /// <summary>A failed step's output: its input object as the operations left it, cleaned, plus <c>errors[stepId]</c>.</summary>
    private JsonNode? FailedOutput(StepFailure failure)
    {
        if (abort.Token.IsCancellationRequested)
            return null;
        JsonNode? output;
        try
        {
            RemoveProps(_input);
            output = _json.ToJson(_input);
        }
        catch (Exception e) when (e is JavaScriptException or StateTooLargeException or StateTooDeepException or JintException)
        {
            log.Runtime(OpenFnLogLevel.Debug, $"Could not serialize the failed step's state: {e.Message}");
            output = new JsonObject();
        }
        if (failure.Severity == ErrorSeverity.Fail && output is JsonObject state)
        {
            if (state["errors"] is not JsonObject errors)
                state["errors"] = errors = new JsonObject();
            errors[request.StepId] = failure.Serialized.DeepClone();
        }
        return output;
    }

    // ---- errors
    private StepFailure Translate(Exception error) => error switch
    {
        StepFailedException failed => failed.Failure,
        JsThrownException thrown => Classify(thrown.Value),
        JavaScriptException js => Classify(js.Error),
        PromiseRejectedException rejected => Classify(rejected.RejectedValue),
        PromiseNeverSettlesException never => ErrorClassifier.Simple("JobError", ErrorSeverity.Fail, never.Message),
        RegexMatchTimeoutException => ErrorClassifier.Simple("TimeoutError", ErrorSeverity.Kill,
            $"A regular expression took longer than {limits.RegexTimeout.TotalSeconds:0.#}s to match (regex time limit)"),
        ExecutionCanceledException or OperationCanceledException or TimeoutException => Aborted(),
        MemoryLimitExceededException => ErrorClassifier.Simple("OOMError", ErrorSeverity.Kill,
            $"Run exceeded maximum memory usage: one operation allocated many times the memory limit of {limits.MemoryBytes / (1024 * 1024)} MB"),
        StatementsCountOverflowException => ErrorClassifier.Simple("StatementLimitError", ErrorSeverity.Kill,
            $"Job exceeded the limit of {limits.MaxStatements} statements in one operation"),
        RecursionDepthOverflowException or InsufficientExecutionStackException => ErrorClassifier.Simple("RuntimeError", ErrorSeverity.Fail,
            $"RangeError: Maximum call stack size exceeded (recursion limit: {limits.MaxRecursionDepth} nested calls)", "RangeError"),
        StateTooDeepException tooDeep => ErrorClassifier.Simple("RuntimeError", ErrorSeverity.Fail, "RangeError: " + tooDeep.Message, "RangeError"),
        StateTooLargeException tooLarge => ErrorClassifier.Simple("StateTooLargeError", ErrorSeverity.Kill, tooLarge.Message),
        _ => Internal(error),
    };

    private StepFailure Classify(JsValue thrown)
    {
        if (abort.Token.IsCancellationRequested)
            return Aborted();
        var description = _json.ToJson(CallRuntime("describeError", thrown)) as JsonObject ?? [];
        return Scrub(_classifier.Classify(new ThrownDescription(description), _operationIndex));
    }

    private StepFailure Aborted() => abort.Reason switch
    {
        AbortReason.Memory => OutOfMemory(),
        AbortReason.Cancelled => ErrorClassifier.Simple("CancelledError", ErrorSeverity.Kill, "The run was cancelled"),
        _ => ErrorClassifier.Simple("TimeoutError", ErrorSeverity.Kill, $"Job took longer than {(long)limits.Timeout.TotalMilliseconds}ms to complete"),
    };

    private StepFailure OutOfMemory() => ErrorClassifier.Simple("OOMError", ErrorSeverity.Kill,
        $"Run exceeded maximum memory usage (limit: {limits.MemoryBytes / (1024 * 1024)} MB)");

    private StepFailure Internal(Exception error)
    {
        log.Runtime(OpenFnLogLevel.Debug, error.ToString());
        return Scrub(ErrorClassifier.Simple("InternalError", ErrorSeverity.Crash, $"{error.GetType().Name}: {error.Message}"));
    }

    private StepFailure Scrub(StepFailure failure)
    {
        if (log.Scrubber.IsEmpty)
            return failure;
        return failure with
        {
            Message = log.Scrubber.Scrub(failure.Message),
            SourceLine = failure.SourceLine is null ? null : log.Scrubber.Scrub(failure.SourceLine),
            Serialized = log.Scrubber.Scrub(failure.Serialized) as JsonObject ?? failure.Serialized,
        };
    }

    // ---- host functions
    private JsValue InvokeHost(JsValue[] args)
    {
        var name = args.Length > 0 ? TypeConverter.ToString(args[0]) : "";
        var jsArgs = args.Length > 1 ? args[1] : JsValue.Undefined;
        var jsonArgs = _json.ToJson(jsArgs) switch
        {
            JsonArray array => array,
            null => [],
            var single => [single],
        };
        var configuration = args.Length > 2 && args[2] is ObjectInstance ? _json.ToJson(args[2]) as JsonObject : null;
        var reply = new JsObject(_engine);
        try
        {
            var result = session.InvokeAsync(name, jsonArgs, configuration, abort.Token).GetAwaiter().GetResult();
            reply.Set("value", result is null ? JsValue.Undefined : _json.ToJs(result));
        }
        catch (OperationCanceledException) when (abort.Token.IsCancellationRequested)
        {
            throw;
        }
        catch (AdaptorException e)
        {
            reply.Set("error", HostError(e.Message, e.Details));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log.Write(OpenFnLogLevel.Debug, LogSource.Adaptor, $"{name} failed: {e}");
            reply.Set("error", HostError(e.Message, null));
        }
        return reply;
    }

    private JsObject HostError(string message, JsonObject? details)
    {
        var error = new JsObject(_engine);
        error.Set("message", log.Scrubber.Scrub(message));
        if (details is not null)
            error.Set("details", _json.ToJs(log.Scrubber.Scrub(details)));
        return error;
    }
}
