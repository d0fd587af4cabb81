using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;
using Serilog.Parsing;
using OpenFn.Runner.History;

namespace OpenFn.Runner.Logging;

/// <summary>
/// Where the runner's log lines go, through Serilog: the human console (stderr, OpenFn format) and, when a folder is
/// given, a rolling JSON file (one file a day, 14 kept) carrying run, workflow and step ids on every event.
/// Lines arrive already scrubbed of secrets.
/// </summary>
public sealed class LogOutput : IDisposable
{
    private readonly Logger _logger;
    private readonly HumanConsoleSink _console;

    public LogOutput(Verbosity verbosity, string? jsonLogFolder, bool showRunIds = false, TextWriter? console = null)
    {
        var terminal = console is null && !Console.IsErrorRedirected;
        _console = new HumanConsoleSink(console ?? Console.Error, verbosity, terminal, showRunIds);
        var configuration = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(_console);
        if (jsonLogFolder is not null)
        {
            configuration = configuration.WriteTo.File(new RenderedCompactJsonFormatter(), Path.Combine(jsonLogFolder, "openfn-.json"),
                restrictedToMinimumLevel: verbosity == Verbosity.Debug ? LogEventLevel.Debug : LogEventLevel.Information,
                rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14, shared: true);
        }
        _logger = configuration.CreateLogger();
    }

    public void Write(LogEntry entry, string? workflow = null)
    {
        var properties = new List<LogEventProperty>
        {
            new("Source", new ScalarValue(entry.Source)),
            new("Level", new ScalarValue(entry.Level)),
        };
        if (entry.RunId.Length > 0)
            properties.Add(new LogEventProperty("RunId", new ScalarValue(entry.RunId)));
        if (workflow is not null)
            properties.Add(new LogEventProperty("Workflow", new ScalarValue(workflow)));
        if (entry.StepId is not null)
            properties.Add(new LogEventProperty("StepId", new ScalarValue(entry.StepId)));
        // A template of one text token: the message is printed as it is, braces included.
        var template = new MessageTemplate([new TextToken(entry.Message)]);
        _logger.Write(new LogEvent(entry.Time, Levels.ToSerilog(entry.Level), null, template, properties));
    }

    /// <summary>A line of the CLI itself (namespace CLI).</summary>
    public void Cli(string level, string message) =>
        Write(new LogEntry { RunId = "", Time = DateTimeOffset.UtcNow, Level = level, Source = "CLI", Message = message });

    public void SetStatus(string? status) => _console.SetStatus(status);

    public void Dispose()
    {
        _console.Dispose();
        _logger.Dispose();
    }
}
