using Jint;

namespace OpenFn.Compiler;

/// <summary>A job file's text and the name errors should point at.</summary>
public sealed record JobSource(string FileName, string Text);

/// <summary>What the compiler needs to know about the step's adaptor and the runtime.</summary>
public sealed record CompileOptions
{
    /// <summary>Globals the runtime defines for every job besides the adaptor's exports (§1.8: state, console, timers...).</summary>
    public static readonly IReadOnlyCollection<string> DefaultKnownGlobals =
    [
        "state", "console", "setTimeout", "clearTimeout", "setInterval", "clearInterval", "setImmediate", "clearImmediate",
        "queueMicrotask", "Buffer",
    ];

    /// <summary>Names the step's adaptor (and the language-common functions it re-exports) make available as free identifiers.</summary>
    public IReadOnlyCollection<string> AdaptorExports { get; init; } = [];

    /// <summary>Extra global names the runtime injects; calling one of them is never an unknown-name error.</summary>
    public IReadOnlyCollection<string> KnownGlobals { get; init; } = DefaultKnownGlobals;

    /// <summary>
    /// Whether a called identifier that nothing provides is an error. Off means "the adaptor's export list is unknown"
    /// (§1.2 add-imports): every dangling name is left for the runtime to resolve.
    /// </summary>
    public bool ResolveNames { get; init; } = true;

    /// <summary>
    /// How to parse the file; null (the default) = as a module, falling back to a sloppy script only when the file
    /// is not a valid module and has no import/export (see <see cref="JobSourceType"/>).
    /// </summary>
    public JobSourceType? SourceType { get; init; }

    /// <summary>Display name for messages, e.g. <c>@openfn/language-http@7.2.10</c>.</summary>
    public string AdaptorName { get; init; } = "(no adaptor)";

    /// <summary>Folder that JSON data imports (<c>import table from './data/x.json'</c>) must stay inside; the job's folder when null.</summary>
    public string? DataRoot { get; init; }
}

/// <summary>One top-level operation of a job, as written in the job file (line and column 1-based).</summary>
public sealed record OperationSite(int Index, string Name, int Line, int Column, string SourceLine);

/// <summary>How the job file was parsed; decides whether its code runs in strict mode.</summary>
public enum JobSourceType
{
    /// <summary>An ES module, like every OpenFn V2 job: strict mode.</summary>
    Module,

    /// <summary>
    /// A classic (sloppy) script: used only when the file has no import/export and is not a valid module
    /// (e.g. it uses <c>with</c>, legacy octal literals or HTML comments), as old V1 jobs were parsed.
    /// </summary>
    Script,
}

/// <summary>
/// A compiled job: a script that registers each top-level operation by calling
/// <c>__openfn_op(index, operation)</c>, wrapped in a function so that the job's own top-level declarations
/// stay local to it, as they are in a module. Line numbers are those of the job file; columns on lines the
/// compiler changed are mapped back through <see cref="Positions"/>.
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
    public required JobSourceType SourceType { get; init; }

    /// <summary>True when the job's code runs in strict mode (a module, or a script with a "use strict" directive).</summary>
    public required bool IsStrict { get; init; }

    /// <summary>Names the job exported (<c>export const x</c>, <c>export function execute</c>); exports are otherwise ignored.</summary>
    public IReadOnlyList<string> ExportedNames { get; init; } = [];

    /// <summary>SHA-256 of the file name and compiled code: identifies the prepared script.</summary>
    public required string Hash { get; init; }

    /// <summary>The parsed script, ready for <c>engine.Execute(job.Prepared)</c>; shared by every run of the same code.</summary>
    public required Prepared<Acornima.Ast.Script> Prepared { get; init; }

    /// <summary>
    /// Maps a position Jint reports in the compiled code (1-based line, 0-based column, as in
    /// <c>JavaScriptException.Location.Start</c>) to the job file's own position (1-based line, 1-based column).
    /// </summary>
    public (int Line, int Column) ToJobPosition(int compiledLine, int compiledColumn)
    {
        var (line, column) = Positions.ToOriginal(compiledLine, compiledColumn);
        return (line, column + 1);
    }

    /// <summary>Rewrites every <c>file:line:col</c> of this job in a JavaScript stack trace to the job file's positions.</summary>
    public string MapStackTrace(string stackTrace) => Positions.MapStackTrace(stackTrace, Source.FileName);
}
