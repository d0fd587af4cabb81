using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OpenFn.Adaptors.Common;
using OpenFn.Runner.History;

namespace OpenFn.Runner.Logging;

/// <summary>
/// An <see cref="ILoggerProvider"/> that turns every Microsoft.Extensions.Logging event of a run into a scrubbed
/// <see cref="LogEntry"/>: the OpenFn source (R/T, JOB, ADA…) comes from a <c>Source</c> value or the category, the
/// step from a <c>StepId</c> value or scope.
/// </summary>
public sealed class LogRelay(string runId, SecretScrubber scrubber, Action<LogEntry> sink) : ILoggerProvider
{
    private static readonly HashSet<string> OpenFnSources = ["R/T", "JOB", "ADA", "CLI", "CMP", "RTE", "VER"];
    private readonly ConcurrentDictionary<string, RelayLogger> _loggers = new();
    private readonly string _runId = runId;
    private readonly SecretScrubber _scrubber = scrubber;
    private readonly Action<LogEntry> _sink = sink;
    private readonly AsyncLocal<Scope?> _scope = new();

    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, c => new RelayLogger(this, c));

    public void Dispose()
    {
    }

    private static string SourceOf(string category) => category switch
    {
        _ when OpenFnSources.Contains(category) => category,
        _ when category.Contains("Adaptor", StringComparison.OrdinalIgnoreCase) => "ADA",
        _ when category.Contains("Job", StringComparison.OrdinalIgnoreCase) => "JOB",
        _ => "R/T",
    };

    private static string? Find(object? state, params string[] keys)
    {
        if (state is not IEnumerable<KeyValuePair<string, object?>> values)
            return null;
        foreach (var (key, value) in values)
            if (value is not null && keys.Contains(key, StringComparer.OrdinalIgnoreCase))
                return value.ToString();
        return null;
    }

    private sealed record Scope(object? State, Scope? Parent);

    private sealed class RelayLogger(LogRelay relay, string category) : ILogger
    {
        public IDisposable BeginScope<TState>(TState state) where TState : notnull
        {
            var parent = relay._scope.Value;
            relay._scope.Value = new Scope(state, parent);
            return new PopScope(relay, parent);
        }

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.None)
                return;
            var message = Find(state, "Message") ?? formatter(state, exception);
            if (exception is not null && !message.Contains(exception.Message, StringComparison.Ordinal))
                message += ": " + exception.Message;
            var stepId = Find(state, "StepId", "stepId", "step");
            for (var scope = relay._scope.Value; stepId is null && scope is not null; scope = scope.Parent)
                stepId = Find(scope.State, "StepId", "stepId", "step");
            relay._sink(new LogEntry
            {
                RunId = relay._runId,
                Time = DateTimeOffset.UtcNow,
                Level = Levels.From(logLevel, eventId),
                Source = Find(state, "Source") ?? SourceOf(category),
                StepId = stepId,
                Message = relay._scrubber.Scrub(message),
            });
        }
    }

    private sealed class PopScope(LogRelay relay, Scope? parent) : IDisposable
    {
        public void Dispose() => relay._scope.Value = parent;
    }
}
