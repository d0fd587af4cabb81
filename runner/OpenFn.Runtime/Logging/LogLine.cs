using Microsoft.Extensions.Logging;

namespace OpenFn.Runtime.Logging;

/// <summary>OpenFn's log levels; <see cref="Success"/> and <see cref="Always"/> print at the CLI's default level.</summary>
public enum OpenFnLogLevel
{
    Debug,
    Info,
    Success,
    Always,
    Warn,
    Error,
}

/// <summary>Where a log line comes from, as Lightning names the sources.</summary>
public static class LogSource
{
    /// <summary>The runtime itself: step start/finish, operation timings, errors.</summary>
    public const string Runtime = "R/T";

    /// <summary>A job's <c>console.*</c> calls.</summary>
    public const string Job = "JOB";

    /// <summary>Adaptor code: language-common helpers (e.g. <c>cursor</c>) and C# adaptor sessions.</summary>
    public const string Adaptor = "ADA";
}

/// <summary>One log line of a run, already scrubbed of credential values.</summary>
public sealed record LogLine(DateTimeOffset Time, OpenFnLogLevel Level, string Source, string Message, string? StepId)
{
    public LogLevel LogLevel => Level switch
    {
        OpenFnLogLevel.Debug => LogLevel.Debug,
        OpenFnLogLevel.Warn => LogLevel.Warning,
        OpenFnLogLevel.Error => LogLevel.Error,
        _ => LogLevel.Information,
    };

    public static OpenFnLogLevel ParseLevel(string level) => level switch
    {
        "debug" => OpenFnLogLevel.Debug,
        "success" => OpenFnLogLevel.Success,
        "always" => OpenFnLogLevel.Always,
        "warn" => OpenFnLogLevel.Warn,
        "error" => OpenFnLogLevel.Error,
        _ => OpenFnLogLevel.Info,
    };

    public override string ToString() => $"[{Source}] {Message}";
}
