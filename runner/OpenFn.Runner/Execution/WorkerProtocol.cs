using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using OpenFn.Runner.History;
using OpenFn.Runtime;

namespace OpenFn.Runner.Execution;

/// <summary>
/// How the runner talks to its worker processes: the parent writes one <see cref="RunJob"/> as a JSON line to the
/// worker's stdin; the worker writes one <see cref="WorkerMessage"/> per JSON line to stdout (logs, steps, progress,
/// and last the outcome). Nothing else is written to a worker's stdout.
/// </summary>
public static class WorkerProtocol
{
    public const string Command = "worker";

    public static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>How to start this same program in worker mode (the apphost, or <c>dotnet openfn.dll</c>).</summary>
    public static ProcessStartInfo StartInfo()
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell which program is running");
        var start = new ProcessStartInfo(host);
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        start.ArgumentList.Add(Command);
        return start;
    }
}

public sealed record WorkerMessage
{
    public LogEntry? Log { get; init; }
    public string? StepStarted { get; init; }
    public StepRecord? StepCompleted { get; init; }
    public WorkerProgress? Progress { get; init; }
    public RunOutcome? Outcome { get; init; }
}

public sealed record WorkerProgress(string StepId, long Done, long? Total);
