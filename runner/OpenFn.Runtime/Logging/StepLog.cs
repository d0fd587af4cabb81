using Microsoft.Extensions.Logging;
using OpenFn.Adaptors.Common;

namespace OpenFn.Runtime.Logging;

/// <summary>
/// The log of one step run: scrubs every line, writes it to <see cref="ILogger"/> (run and step ids are scopes set
/// by the caller), passes it to the caller's callback and keeps the first <see cref="MaxKeptLines"/> for the outcome.
/// Safe to call from any thread.
/// </summary>
internal sealed class StepLog(ILogger logger, SecretScrubber scrubber, string? stepId, Action<LogLine>? onLine)
{
    public const int MaxKeptLines = 10_000;

    private readonly List<LogLine> _kept = [];
    private int _dropped;

    public SecretScrubber Scrubber => scrubber;

    public IReadOnlyList<LogLine> Lines
    {
        get
        {
            lock (_kept)
                return _dropped == 0 ? _kept.ToArray() : [.. _kept, new LogLine(DateTimeOffset.UtcNow, OpenFnLogLevel.Warn, LogSource.Runtime, $"({_dropped} more log lines not kept)", stepId)];
        }
    }

    public void Write(OpenFnLogLevel level, string source, string message)
    {
        var line = new LogLine(DateTimeOffset.UtcNow, level, source, scrubber.Scrub(message), stepId);
        if (logger.IsEnabled(line.LogLevel))
            logger.Log(line.LogLevel, "[{Source}] {Message}", line.Source, line.Message);
        onLine?.Invoke(line);
        lock (_kept)
        {
            if (_kept.Count < MaxKeptLines)
                _kept.Add(line);
            else
                _dropped++;
        }
    }

    public void Runtime(OpenFnLogLevel level, string message) => Write(level, LogSource.Runtime, message);
}
