using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenFn.Adaptors.Common;
using OpenFn.Compiler;
using OpenFn.Runtime.Execution;
using OpenFn.Runtime.Logging;

namespace OpenFn.Runtime;

/// <summary>What one step run needs: the job, its adaptor and its input state (configuration included).</summary>
public sealed record StepRequest(JobSource Job, string AdaptorSpecifier, JsonObject Input, string StepId = "job-1")
{
    /// <summary>Label for log lines and error positions (OpenFn uses the step's name, else its id).</summary>
    public string? StepName { get; init; }

    /// <summary>Keys removed from the output. OpenFn CLI: configuration; Lightning: configuration and response.</summary>
    public IReadOnlyList<string> StatePropsToRemove { get; init; } = ["configuration"];

    /// <summary>Time zone jobs see (Date, cursor phrases).</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>Limits for this step; the runner's limits when null.</summary>
    public EngineLimits? Limits { get; init; }

    /// <summary>Largest serialized output state (OpenFn's state limit, 500 MB by default).</summary>
    public long StateLimitBytes { get; init; } = 500L * 1024 * 1024;

    /// <summary>Secrets to scrub besides the input's <c>configuration</c> values (e.g. workflow-level credentials).</summary>
    public SecretScrubber? Secrets { get; init; }

    /// <summary>Called for every log line as it is written (from the step's thread).</summary>
    public Action<LogLine>? OnLog { get; init; }

    /// <summary>Progress of a long operation (<c>each</c>): items done and the total when known; at most a few calls a second.</summary>
    public Action<long, long?>? OnProgress { get; init; }

    /// <summary>HTTP settings for the adaptor session (timeouts, retries, the step's opt-in to retry POST/PATCH).</summary>
    public HttpTransportOptions Http { get; init; } = new();
}

/// <summary>The result of a step run.</summary>
public sealed record StepOutcome
{
    /// <summary>The cleaned output state; null when the step produced no state (its last operation returned nothing, or it was killed).</summary>
    public JsonNode? Output { get; init; }

    /// <summary>One-line error, e.g. <c>TypeError: Cannot read properties of undefined (reading 'x') (job.js:3:17)</c>; null on success.</summary>
    public string? Error { get; init; }

    /// <summary>The classified error (name, severity, serialized form) when the step did not succeed.</summary>
    public StepFailure? Failure { get; init; }

    /// <summary>The step's log lines (scrubbed), at most the first 10,000.</summary>
    public IReadOnlyList<LogLine> Logs { get; init; } = [];

    public TimeSpan Duration { get; init; }

    public bool Succeeded => Failure is null;
}

/// <summary>
/// Runs one job: compile, then a fresh engine on a dedicated big-stack thread, with the step's limits, the adaptor's
/// session and OpenFn's operation semantics. Never throws for job errors: they come back in <see cref="StepOutcome"/>.
/// </summary>
public sealed class StepRunner(AdaptorRegistry adaptors, JobCompiler compiler, EngineLimits limits, ILogger? logger = null)
{
    private const int CompileCacheSize = 256;

    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly ConcurrentDictionary<(string FileName, string Text, string Adaptor), CompileResult> _compiled = new();

    public EngineLimits Limits => limits;

    public async Task<StepOutcome> RunAsync(StepRequest request, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        var label = request.StepName ?? request.StepId;
        var scrubber = SecretScrubber.FromConfigurations(request.Input["configuration"]);
        if (request.Secrets is { IsEmpty: false } extra)
            scrubber = scrubber.With(extra);
        var log = new StepLog(_logger, scrubber, request.StepId, request.OnLog);
        using var scope = _logger.BeginScope(new Dictionary<string, object?> { ["StepId"] = request.StepId });
        var stepLimits = request.Limits ?? limits;

        var (result, fileName) = await RunStepAsync(request, stepLimits, log, cancellationToken);
        var failure = result.Failure;
        if (failure is null)
        {
            if (result.Output is null)
                log.Runtime(OpenFnLogLevel.Debug, $"{label} did not return a state object");
            log.Runtime(OpenFnLogLevel.Success, $"{label} completed in {Durations.Format(watch.Elapsed)}");
        }
        else
        {
            ReportFailure(log, label, request.StepId, failure, fileName, watch.Elapsed);
        }
        return new StepOutcome
        {
            Output = result.Output,
            Error = failure?.Summary(fileName),
            Failure = failure,
            Logs = log.Lines,
            Duration = watch.Elapsed,
        };
    }

    private async Task<(StepResult Result, string FileName)> RunStepAsync(StepRequest request, EngineLimits stepLimits, StepLog log, CancellationToken cancellationToken)
    {
        var fileName = request.Job.FileName;
        IAdaptorVersion adaptor;
        try
        {
            adaptor = adaptors.Resolve(request.AdaptorSpecifier);
        }
        catch (AdaptorResolutionException e)
        {
            return (new StepResult(null, ErrorClassifier.Simple("ImportError", ErrorSeverity.Crash, e.Message)), fileName);
        }

        var compiled = Compile(request.Job, adaptor);
        if (!compiled.Success)
            return (new StepResult(null, CompileFailure(compiled.Diagnostics)), fileName);

        log.Runtime(OpenFnLogLevel.Info, $"Starting step {request.StepName ?? request.StepId}");
        using var abort = new StepAbort(stepLimits.Timeout, stepLimits.MemoryBytes, cancellationToken);
        var session = adaptor.OpenSession(new AdaptorContext { Logger = new AdaptorLogger(log), Scrubber = log.Scrubber, StepId = request.StepId, Http = request.Http });
        try
        {
            var execution = new StepExecution(request, adaptor, compiled.Job!, stepLimits, request.StateLimitBytes, session, abort, log);
            var running = DedicatedThread.Run(execution.Run, stepLimits.ThreadStackBytes, $"openfn step {request.StepId}");
            if (stepLimits.Timeout <= TimeSpan.Zero || stepLimits.Timeout == Timeout.InfiniteTimeSpan)
                return (await running, fileName);
            try
            {
                return (await running.WaitAsync(stepLimits.Timeout + AbandonGrace(stepLimits.Timeout), CancellationToken.None), fileName);
            }
            catch (TimeoutException)
            {
                // Something below the engine ignored the kill switch (an adaptor call that never returns): give up on the
                // thread rather than on the run.
                abort.Abort(AbortReason.Timeout);
                log.Runtime(OpenFnLogLevel.Warn, $"The step did not stop after its timeout; its thread was abandoned");
                return (new StepResult(null, ErrorClassifier.Simple("TimeoutError", ErrorSeverity.Kill,
                    $"Job took longer than {(long)stepLimits.Timeout.TotalMilliseconds}ms to complete")), fileName);
            }
        }
        finally
        {
            await session.DisposeAsync();
        }
    }

    /// <summary>How long past its timeout a step's thread may take to notice the kill switch before it is abandoned.</summary>
    private static TimeSpan AbandonGrace(TimeSpan timeout) =>
        TimeSpan.FromTicks(Math.Clamp(timeout.Ticks / 10, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromSeconds(10).Ticks));

    /// <summary>Compiles a job for an adaptor version, reusing the result for the same text (scheduled jobs run again and again).</summary>
    private CompileResult Compile(JobSource job, IAdaptorVersion adaptor)
    {
        var adaptorName = $"{adaptor.Adaptor.PackageName}@{adaptor.Version}";
        var key = (job.FileName, job.Text, adaptorName);
        if (_compiled.TryGetValue(key, out var cached))
            return cached;
        var result = compiler.Compile(job, new CompileOptions
        {
            AdaptorExports = adaptor.Operations.Select(o => o.Name).Concat(adaptor.CommonExports).Distinct().ToArray(),
            AdaptorName = adaptorName,
        });
        if (_compiled.Count >= CompileCacheSize)
            _compiled.Clear();
        _compiled[key] = result;
        return result;
    }

    private static StepFailure CompileFailure(IReadOnlyList<CompileDiagnostic> diagnostics)
    {
        var first = diagnostics[0];
        var serialized = new JsonObject
        {
            ["source"] = "compiler",
            ["name"] = "CompileError",
            ["pos"] = new JsonObject { ["line"] = first.Line, ["column"] = first.Column },
            ["severity"] = "crash",
            ["message"] = string.Join("\n", diagnostics.Select(d => $"{d.FileName}:{d.Line}:{d.Column}: {d.Message}")),
        };
        return new StepFailure
        {
            Name = "CompileError",
            Severity = ErrorSeverity.Crash,
            Message = first.Message,
            Line = first.Line,
            Column = first.Column,
            SourceLine = first.CodeFrame,
            Serialized = serialized,
        };
    }

    /// <summary>The lines OpenFn's error reporter prints for a failed step.</summary>
    private static void ReportFailure(StepLog log, string label, string stepId, StepFailure failure, string fileName, TimeSpan duration)
    {
        const OpenFnLogLevel error = OpenFnLogLevel.Error;
        log.Runtime(error, $"{label} aborted with error ({Durations.Format(duration)})");
        if (failure.Severity == ErrorSeverity.Crash)
            log.Runtime(error, "CRITICAL ERROR! Aborting execution");
        if (failure.Line is { } line)
        {
            log.Runtime(error, $"{failure.Message}\n    at {fileName}:{line}:{failure.Column}");
            if (failure.SourceLine is { } source && failure.Name != "CompileError")
            {
                var prefix = $"{line}: ";
                log.Runtime(error, $"Error occurred at: {label}");
                log.Runtime(error, prefix + source);
                log.Runtime(error, new string(' ', prefix.Length + Math.Max(0, (failure.Column ?? 1) - 1)) + "^");
            }
            else if (failure.SourceLine is { } frame)
            {
                log.Runtime(error, frame);
            }
        }
        else if (failure.OperationName is not null)
        {
            log.Runtime(error, $"Error reported by \"{failure.OperationName}()\" operation line {failure.OperationLine}:");
            log.Runtime(error, failure.Message);
        }
        else
        {
            log.Runtime(error, failure.OneLine);
        }
        if (failure.Fix is not null)
            log.Runtime(error, failure.Fix);
        if (failure.Serialized["details"] is JsonNode details)
        {
            log.Runtime(error, "Additional error details:");
            log.Runtime(error, details.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        }
        if (failure.Severity == ErrorSeverity.Fail)
            log.Runtime(error, $"Check state.errors.{stepId} for details");
    }
}
