using Jint;

namespace OpenFn.Compiler;

/// <summary>A job file's text and the name errors should point at.</summary>
public sealed record JobSource(string FileName, string Text);

/// <summary>What the compiler needs to know about the step's adaptor.</summary>
public sealed record CompileOptions
{
    /// <summary>Names the step's adaptor (and the language-common functions it re-exports) make available as free identifiers.</summary>
    public IReadOnlyCollection<string> AdaptorExports { get; init; } = [];

    /// <summary>Display name for messages, e.g. <c>@openfn/language-http@7.2.10</c>.</summary>
    public string AdaptorName { get; init; } = "(no adaptor)";
}

/// <summary>One top-level operation of a job, as written in the job file.</summary>
public sealed record OperationSite(int Index, string Name, int Line, int Column, string SourceLine);

/// <summary>
/// A compiled job: a script that registers each top-level operation by calling
/// <c>__openfn_op(index, operation)</c>. Line numbers are those of the job file; columns on a line
/// the compiler changed are mapped back through <see cref="Positions"/>.
/// </summary>
public sealed class CompiledJob
{
    /// <summary>Global function the compiled script calls once per top-level operation: <c>(index, operation)</c>.</summary>
    public const string OperationSink = "__openfn_op";

    /// <summary>Global function the compiled promise chains call: <c>(operation, thenChain, catchHandler)</c>.</summary>
    public const string DeferFunction = "__openfn_defer";

    public required JobSource Source { get; init; }
    public required string Code { get; init; }
    public required IReadOnlyList<OperationSite> Operations { get; init; }
    public required PositionMap Positions { get; init; }

    /// <summary>SHA-256 of the compiled code; the key of the prepared-script cache.</summary>
    public required string Hash { get; init; }

    public required Prepared<Acornima.Ast.Script> Prepared { get; init; }
}
