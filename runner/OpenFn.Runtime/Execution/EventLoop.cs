using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime.Interop;

namespace OpenFn.Runtime.Execution;

/// <summary>A promise was rejected, or a JavaScript value was thrown: carries the thrown value.</summary>
internal sealed class JsThrownException(JsValue value) : Exception("A JavaScript value was thrown")
{
    public JsValue Value { get; } = value;
}

/// <summary>A promise can never settle: nothing is queued and no timer is pending.</summary>
internal sealed class PromiseNeverSettlesException() : Exception("The operation returned a promise that never settles: nothing is left to wait for");

/// <summary>
/// The job engine's event loop: settles promises by draining microtasks and, when only timers can make progress,
/// waiting for the next timer (setTimeout / setInterval) on the step's thread. Waits observe the step's token.
/// </summary>
internal sealed class EventLoop(Jint.Engine engine, JsValue watch, CancellationToken cancellationToken)
{
    private static readonly JsString ThenKey = new("then");
    private static readonly JsString StatusKey = new("status");
    private static readonly JsString ValueKey = new("value");

    private readonly SortedDictionary<(long Due, int Id), Timer> _timers = new();
    private readonly Dictionary<int, (long Due, int Id)> _keys = new();
    private int _nextId;

    private sealed record Timer(int Id, JsValue Callback, JsValue[] Arguments, long IntervalMs);

    /// <summary>Awaits a value like <c>await</c> does: returns the fulfilled value or throws <see cref="JsThrownException"/>.</summary>
    public JsValue Settle(JsValue value)
    {
        if (value is not ObjectInstance obj || !obj.Get(ThenKey).IsCallable())
            return value;
        var box = new JsObject(engine);
        engine.Call(watch, JsValue.Undefined, [value, box]);
        for (;;)
        {
            engine.Advanced.ProcessTasks();
            switch (box.Get(StatusKey).AsString())
            {
                case "fulfilled":
                    return box.Get(ValueKey);
                case "rejected":
                    throw new JsThrownException(box.Get(ValueKey));
            }
            if (!RunNextTimer())
                throw new PromiseNeverSettlesException();
        }
    }

    /// <summary>Installs setTimeout, setInterval, clearTimeout and clearInterval as globals.</summary>
    public void InstallTimers()
    {
        engine.SetValue("setTimeout", new ClrFunction(engine, "setTimeout", (_, args) => Schedule(args, repeat: false), 2));
        engine.SetValue("setInterval", new ClrFunction(engine, "setInterval", (_, args) => Schedule(args, repeat: true), 2));
        engine.SetValue("clearTimeout", new ClrFunction(engine, "clearTimeout", (_, args) => Clear(args), 1));
        engine.SetValue("clearInterval", new ClrFunction(engine, "clearInterval", (_, args) => Clear(args), 1));
    }

    private JsValue Schedule(JsValue[] args, bool repeat)
    {
        var callback = args.Length > 0 ? args[0] : JsValue.Undefined;
        if (!callback.IsCallable())
            throw new Jint.Runtime.JavaScriptException(engine.Intrinsics.TypeError, "The \"callback\" argument must be of type function");
        var delay = args.Length > 1 && args[1].IsNumber() && !double.IsNaN(args[1].AsNumber()) ? Math.Max(1, (long)args[1].AsNumber()) : 1;
        var id = ++_nextId;
        Add(new Timer(id, callback, args.Length > 2 ? args[2..] : [], repeat ? delay : 0), Environment.TickCount64 + delay);
        return id;
    }

    private JsValue Clear(JsValue[] args)
    {
        if (args.Length > 0 && args[0].IsNumber() && _keys.Remove((int)args[0].AsNumber(), out var key))
            _timers.Remove(key);
        return JsValue.Undefined;
    }

    private void Add(Timer timer, long due)
    {
        var key = (due, timer.Id);
        _timers[key] = timer;
        _keys[timer.Id] = key;
    }

    private bool RunNextTimer()
    {
        if (_timers.Count == 0)
            return false;
        var (key, timer) = _timers.First();
        var wait = key.Due - Environment.TickCount64;
        if (wait > 0 && cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(wait)))
            cancellationToken.ThrowIfCancellationRequested();
        _timers.Remove(key);
        _keys.Remove(timer.Id);
        if (timer.IntervalMs > 0)
            Add(timer, Environment.TickCount64 + timer.IntervalMs);
        engine.Call(timer.Callback, JsValue.Undefined, timer.Arguments);
        return true;
    }
}
