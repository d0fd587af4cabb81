using Microsoft.Extensions.Logging;

namespace OpenFn.Runtime.Logging;

/// <summary>The <see cref="ILogger"/> an adaptor session writes to: every line becomes an <c>ADA</c> line of the step log.</summary>
internal sealed class AdaptorLogger(StepLog log) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (logLevel == LogLevel.None)
            return;
        var message = formatter(state, exception);
        if (exception is not null && !message.Contains(exception.Message, StringComparison.Ordinal))
            message += ": " + exception.Message;
        var level = logLevel switch
        {
            LogLevel.Trace or LogLevel.Debug => OpenFnLogLevel.Debug,
            LogLevel.Warning => OpenFnLogLevel.Warn,
            LogLevel.Error or LogLevel.Critical => OpenFnLogLevel.Error,
            _ => OpenFnLogLevel.Info,
        };
        log.Write(level, LogSource.Adaptor, message);
    }
}
