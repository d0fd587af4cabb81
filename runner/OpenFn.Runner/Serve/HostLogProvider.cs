using Microsoft.Extensions.Logging;
using OpenFn.Runner.History;
using OpenFn.Runner.Logging;

namespace OpenFn.Runner.Serve;

/// <summary>Shows what the host itself reports (Kestrel, Quartz, hosting) as <c>[SRV]</c> lines of the runner's log.</summary>
public sealed class HostLogProvider(LogOutput output) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new HostLogger(output);

    public void Dispose()
    {
    }

    private sealed class HostLogger(LogOutput output) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            if (exception is not null && !message.Contains(exception.Message, StringComparison.Ordinal))
                message += ": " + exception.Message;
            output.Write(new LogEntry { RunId = "", Time = DateTimeOffset.UtcNow, Level = Levels.From(logLevel), Source = "SRV", Message = message });
        }
    }
}
