using System.Globalization;
using Jint;

namespace OpenFn.Compiler;

/// <summary>The one place job engines are configured: sandbox, limits, culture and time zone.</summary>
public static class JobEngineFactory
{
    public static Engine Create(EngineLimits limits, TimeZoneInfo? timeZone = null, CancellationToken cancellationToken = default)
    {
        return new Engine(options =>
        {
            options.Strict = true;
            options.Culture = CultureInfo.InvariantCulture;
            options.TimeZone = timeZone ?? TimeZoneInfo.Utc;
            options.Interop.Enabled = false;
            options.Interop.AllowGetType = false;
            options.Interop.AllowSystemReflection = false;
            options.Host.StringCompilationAllowed = false;
            options.Constraints.MaxRecursionDepth = limits.MaxRecursionDepth;
            options.Constraints.RegexTimeout = limits.RegexTimeout;
            options.Constraints.MaxArraySize = limits.MaxArraySize;
            options.Json.MaxParseDepth = limits.MaxJsonDepth;
            if (limits.MaxStatements > 0)
                options.MaxStatements((int)Math.Min(int.MaxValue, limits.MaxStatements));
            options.TimeoutInterval(limits.Timeout);
            options.LimitMemory(limits.MemoryBytes * 4);
            options.CancellationToken(cancellationToken);
        });
    }
}
