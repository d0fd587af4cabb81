using System.Globalization;
using Jint;
using Jint.Constraints;

namespace OpenFn.Compiler;

/// <summary>The one place job engines are configured: sandbox, limits, culture and time zone.</summary>
/// <remarks>
/// Sandbox: no CLR access at all (interop off, no GetType, no reflection, no assemblies), no module loading,
/// no code from strings (<c>eval</c>/<c>new Function</c> throw). The only way out of the engine is what the
/// runtime deliberately defines as globals. Strict mode is not set engine-wide: the compiled job carries its
/// own (<see cref="CompiledJob.SourceType"/>), and the runtime's own scripts decide theirs.
/// Run the engine on a thread with <see cref="EngineLimits.ThreadStackBytes"/> of stack: Jint's stack guard then turns
/// unbounded recursion (calls, <c>new</c>, getters, coercions, callbacks of built-ins) into a catchable
/// <c>RangeError: Maximum call stack size exceeded</c> instead of a process crash.
/// </remarks>
public static class JobEngineFactory
{
    public static Engine Create(EngineLimits limits, TimeZoneInfo? timeZone = null, CancellationToken cancellationToken = default)
    {
        var engine = new Engine(options =>
        {
            options.Culture = CultureInfo.InvariantCulture;
            options.TimeZone = timeZone ?? TimeZoneInfo.Utc;

            options.Interop.Enabled = false;
            options.Interop.AllowGetType = false;
            options.Interop.AllowSystemReflection = false;
            options.Interop.AllowOperatorOverloading = false;
            options.DisableStringCompilation();
            // Function.prototype.toString returns the source, as in node (the compiler prepares scripts to match).
            options.RetainFunctionSourceText = true;

            if (limits.MaxRecursionDepth > 0)
                options.Constraints.MaxRecursionDepth = limits.MaxRecursionDepth;
            options.Constraints.StackOverflowGuard = true;
            options.Constraints.RegexTimeout = limits.RegexTimeout;
            options.Constraints.MaxArraySize = limits.MaxArraySize;
            // Unwrapping an operation's promise may wait on an adaptor's HTTP call: allow the whole step budget.
            options.Constraints.PromiseTimeout = limits.Timeout;
            options.Json.MaxParseDepth = limits.MaxJsonDepth;
            if (limits.MaxStatements > 0)
                options.MaxStatements((int)Math.Min(int.MaxValue - 1, limits.MaxStatements));
            // Bytes allocated per entry (each operation call), garbage included: a budget of a few times the memory limit
            // stops runaway growth without killing big but honest transforms (a 10k-case transform allocates ~40 MB).
            options.LimitMemory(limits.MemoryBytes * 4);
            // One deadline for the whole step: TimeoutInterval would restart for every entry (every operation call).
            options.Constraint(() => new OperationDeadlineConstraint());
        });
        engine.Constraints.Find<OperationDeadlineConstraint>()!.Begin(limits.Timeout, cancellationToken);
        engine.Execute(StringIteratorByCodePoints);
        return engine;
    }

    /// <summary>
    /// Jint 4.18.0 iterates strings by grapheme cluster (<c>[...'e\u0301'].length</c> is 1, node says 2). The
    /// standard iterates by code point, and jobs hit the difference on Khmer and other scripts with combining marks
    /// (<c>Array.from(name)</c>, <c>for (const c of name)</c>, <c>new Set(text)</c>), so replace the iterator.
    /// </summary>
    private const string StringIteratorByCodePoints = """
        Object.defineProperty(String.prototype, Symbol.iterator, { configurable: true, writable: true, value: {
          *[Symbol.iterator]() {
            if (this === null || this === undefined) throw new TypeError('String.prototype[Symbol.iterator] called on null or undefined');
            const s = String(this);
            for (let i = 0; i < s.length; i++) {
              const c = s.charCodeAt(i);
              if (c >= 0xD800 && c <= 0xDBFF && i + 1 < s.length) {
                const d = s.charCodeAt(i + 1);
                if (d >= 0xDC00 && d <= 0xDFFF) { yield s[i] + s[i + 1]; i++; continue; }
              }
              yield s[i];
            }
          } }[Symbol.iterator] });
        """;
}
