using System.Text.Json.Nodes;

namespace OpenFn.Runtime;

/// <summary>How far an error reaches (OpenFn): fail ends the step, crash and kill end the whole run.</summary>
public enum ErrorSeverity
{
    Fail,
    Crash,
    Kill,
}

/// <summary>
/// Why a step did not complete: OpenFn's error name (<c>JobError</c>, <c>RuntimeError</c>, <c>AdaptorError</c>,
/// <c>RuntimeCrash</c>, <c>TimeoutError</c>, <c>OOMError</c> …), its severity, and the serialized error that a failed
/// step writes to <c>state.errors[stepId]</c>. Already scrubbed of credential values.
/// </summary>
public sealed record StepFailure
{
    public required string Name { get; init; }
    public required ErrorSeverity Severity { get; init; }

    /// <summary>The message as OpenFn reports it (for runtime errors it starts with the subtype: <c>TypeError: …</c>).</summary>
    public required string Message { get; init; }

    /// <summary>The JavaScript error class for runtime errors and crashes (<c>TypeError</c>, <c>ReferenceError</c>).</summary>
    public string? Subtype { get; init; }

    /// <summary>Position in the job file (1-based line and column) when the error happened in the job's own code.</summary>
    public int? Line { get; init; }

    public int? Column { get; init; }

    /// <summary>The job file's line at <see cref="Line"/>, for error displays.</summary>
    public string? SourceLine { get; init; }

    /// <summary>The operation running when the error happened, e.g. <c>get</c>, and its line in the job file.</summary>
    public string? OperationName { get; init; }

    public int? OperationLine { get; init; }

    public string? Fix { get; init; }

    /// <summary>OpenFn's serialized error, the value of <c>state.errors[stepId]</c>.</summary>
    public required JsonObject Serialized { get; init; }

    /// <summary>The error type Lightning prints in <c>&lt;ErrorType&gt;: &lt;message&gt;</c>: the subtype when there is one.</summary>
    public string Type => Subtype ?? Name;

    /// <summary>The message without a leading <c>Type: </c> (runtime errors carry their subtype in the message).</summary>
    public string MessageWithoutType => Message.StartsWith(Type + ": ", StringComparison.Ordinal) ? Message[(Type.Length + 2)..] : Message;

    /// <summary>What Lightning prints when a run ends with this error: <c>&lt;ErrorType&gt;: &lt;message&gt;</c>.</summary>
    public string OneLine => $"{Type}: {MessageWithoutType}";

    /// <summary>One line: type, message, and where (file:line:col or the operation).</summary>
    public string Summary(string fileName)
    {
        var where = Line is { } line
            ? $" ({fileName}:{line}:{Column})"
            : OperationName is not null ? $" (in {OperationName}() at {fileName}:{OperationLine})" : "";
        return OneLine + where;
    }
}
