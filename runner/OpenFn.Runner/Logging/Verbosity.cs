using Microsoft.Extensions.Logging;
using Serilog.Events;

namespace OpenFn.Runner.Logging;

/// <summary>The CLI's <c>--log-level</c>: OpenFn's <c>none</c>, <c>default</c>, <c>info</c> and <c>debug</c>.</summary>
public enum Verbosity
{
    None,
    Default,
    Info,
    Debug,
}

/// <summary>OpenFn's log levels as stored and printed: success, always, info, debug, warn, error.</summary>
public static class Levels
{
    public const string Success = "success";
    public const string Always = "always";
    public const string Info = "info";
    public const string Debug = "debug";
    public const string Warn = "warn";
    public const string Error = "error";

    /// <summary>
    /// Default shows success, always, warnings and errors; info adds info; debug everything; none only errors. A job's
    /// own <c>console</c> output (source JOB) shows at every level but none, as OpenFn's job logger defaults to debug.
    /// </summary>
    public static bool Shows(this Verbosity verbosity, string level, string source) => level switch
    {
        _ when source == "JOB" => verbosity > Verbosity.None || level == Error,
        Error => true,
        Success or Always or Warn => verbosity >= Verbosity.Default,
        Info => verbosity >= Verbosity.Info,
        _ => verbosity >= Verbosity.Debug,
    };

    /// <summary>The OpenFn level of a Microsoft.Extensions.Logging event.</summary>
    public static string From(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => Debug,
        LogLevel.Warning => Warn,
        LogLevel.Error or LogLevel.Critical => Error,
        _ => Info,
    };

    public static LogEventLevel ToSerilog(string level) => level switch
    {
        Debug => LogEventLevel.Debug,
        Warn => LogEventLevel.Warning,
        Error => LogEventLevel.Error,
        _ => LogEventLevel.Information,
    };

    public static string Icon(string level) => level switch
    {
        Success => "✔",
        Error => "✘",
        Warn => "⚠",
        Debug => "❯",
        Always => "♦",
        _ => "ℹ",
    };
}
