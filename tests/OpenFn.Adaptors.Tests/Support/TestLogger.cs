using Microsoft.Extensions.Logging;

namespace OpenFn.Adaptors.Tests.Support;

/// <summary>Collects formatted log lines so tests can assert on what an adaptor printed.</summary>
public sealed class TestLogger : ILogger
{
    private readonly List<(LogLevel Level, string Line)> _lines = [];

    public IReadOnlyList<(LogLevel Level, string Line)> Entries
    {
        get
        {
            lock (_lines)
                return _lines.ToList();
        }
    }

    public IReadOnlyList<string> Lines => Entries.Select(e => e.Line).ToList();

    public string AllText => string.Join("\n", Lines);

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lines)
            _lines.Add((logLevel, formatter(state, exception)));
    }
}
