using OpenFn.Runtime.Logging;
using Serilog.Core;
using Serilog.Events;

namespace OpenFn.Runner.Logging;

/// <summary>
/// Writes log events in the OpenFn CLI's format (§9.1), <c>[R/T] ✔ message</c>, coloured on a terminal, filtered by
/// <see cref="Verbosity"/>. On a terminal it also keeps one status line at the bottom (a spinner, the step running and
/// how far an <c>each</c> has got), redrawn below every log line.
/// </summary>
public sealed class HumanConsoleSink : ILogEventSink, IDisposable
{
    private const string Blue = "\u001b[34m", Red = "\u001b[31m", Yellow = "\u001b[33m", Grey = "\u001b[90m", Green = "\u001b[32m", Reset = "\u001b[0m";
    private static readonly string[] Spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

    private readonly TextWriter _writer;
    private readonly Verbosity _verbosity;
    private readonly bool _terminal;
    private readonly bool _showRuns;
    private readonly Lock _lock = new();
    private readonly Timer? _timer;
    private string? _status;
    private DateTimeOffset _statusSince;
    private int _frame;

    public HumanConsoleSink(TextWriter writer, Verbosity verbosity, bool terminal, bool showRuns)
    {
        _writer = writer;
        _verbosity = verbosity;
        _terminal = terminal;
        _showRuns = showRuns;
        if (terminal)
            _timer = new Timer(_ => Redraw(), null, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(250));
    }

    /// <summary>Shows (or, with null, clears) the status line; only on a terminal.</summary>
    public void SetStatus(string? status)
    {
        if (!_terminal)
            return;
        lock (_lock)
        {
            if (status != _status)
                _statusSince = DateTimeOffset.UtcNow;
            _status = status;
            DrawStatus(clearFirst: true);
        }
    }

    public void Emit(LogEvent logEvent)
    {
        var level = Text(logEvent, "Level") ?? Levels.Info;
        var source = Text(logEvent, "Source") ?? "CLI";
        if (!_verbosity.Shows(level, source))
            return;
        var message = logEvent.RenderMessage();
        if (_showRuns && Text(logEvent, "RunId") is { Length: >= 8 } runId)
            message = $"{Text(logEvent, "Workflow")}#{runId[..8]} {message}";
        var line = _terminal ? Colour(source, level, message) : source == "ADA" ? message : $"[{source}] {Levels.Icon(level)} {message}";
        lock (_lock)
        {
            if (_terminal && _status is not null)
                _writer.Write("\r\u001b[2K");
            _writer.WriteLine(line);
            DrawStatus(clearFirst: false);
            _writer.Flush();
        }
    }

    public void Dispose()
    {
        _timer?.Dispose();
        SetStatus(null);
    }

    private static string Colour(string source, string level, string message)
    {
        var icon = Levels.Icon(level);
        var (iconColour, textColour) = level switch
        {
            Levels.Error => (Red, Red),
            Levels.Warn => (Yellow, Yellow),
            Levels.Debug => (Grey, Grey),
            Levels.Success => (Green, ""),
            _ => ("", ""),
        };
        var text = textColour.Length > 0 ? textColour + message + Reset : message;
        return source == "ADA" ? text : $"{Blue}[{source}]{Reset} {iconColour}{icon}{(iconColour.Length > 0 ? Reset : "")} {text}";
    }

    private void Redraw()
    {
        lock (_lock)
        {
            _frame++;
            DrawStatus(clearFirst: true);
        }
    }

    private void DrawStatus(bool clearFirst)
    {
        if (!_terminal)
            return;
        if (clearFirst)
            _writer.Write("\r\u001b[2K");
        if (_status is null)
            return;
        var elapsed = DateTimeOffset.UtcNow - _statusSince;
        _writer.Write($"{Grey}{Spinner[_frame % Spinner.Length]} {_status} ({Durations.Format(elapsed)}){Reset}");
        _writer.Flush();
    }

    private static string? Text(LogEvent logEvent, string name) =>
        logEvent.Properties.TryGetValue(name, out var value) && value is ScalarValue { Value: { } scalar } ? scalar.ToString() : null;
}
