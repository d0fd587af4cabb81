using System.Text;

namespace OpenFn.Compiler;

public enum DiagnosticSeverity
{
    Error,
    Warning,
}

/// <summary>What kind of problem a diagnostic reports (stable identifiers, usable in tests and tooling).</summary>
public static class DiagnosticCodes
{
    /// <summary>The file is not valid JavaScript.</summary>
    public const string Syntax = "syntax";

    /// <summary>A called function is neither declared in the job nor provided by the adaptor or the runtime.</summary>
    public const string UnknownName = "unknown-name";

    /// <summary>A misuse of the lazy state operator <c>$</c> (§1.6).</summary>
    public const string LazyState = "lazy-state";

    /// <summary>A valid JavaScript form a job cannot use here (imports from other packages, top-level await...).</summary>
    public const string Unsupported = "unsupported";

    /// <summary>A top-level <c>console</c> call: it runs once when the job loads and is not an operation.</summary>
    public const string TopLevelConsole = "top-level-console";
}

/// <summary>A syntax or compile problem at a position of the job file (line 1-based, column 1-based).</summary>
public sealed record CompileDiagnostic(string FileName, int Line, int Column, string Message, string CodeFrame)
{
    public DiagnosticSeverity Severity { get; init; } = DiagnosticSeverity.Error;

    /// <summary>One of <see cref="DiagnosticCodes"/>.</summary>
    public string Code { get; init; } = DiagnosticCodes.Syntax;

    /// <summary><c>file:line:col: message</c> (one line, for logs and the CLI).</summary>
    public string OneLine => $"{FileName}:{Line}:{Column}: {(Severity == DiagnosticSeverity.Warning ? "warning: " : "")}{Message}";

    /// <summary><c>file:line:col: message</c> followed by the code frame.</summary>
    public override string ToString() => CodeFrame.Length == 0 ? OneLine : OneLine + "\n" + CodeFrame;

    /// <summary>
    /// A Babel-style code frame: up to two lines before and three after the marked line, a gutter with line
    /// numbers, <c>&gt;</c> on the marked line and a caret under <paramref name="column"/> (1-based).
    /// </summary>
    public static string Frame(string source, int line, int column)
    {
        var lines = source.Split('\n');
        if (line < 1 || line > lines.Length)
            return string.Empty;
        var first = Math.Max(1, line - 2);
        var last = Math.Min(lines.Length, line + 3);
        var width = last.ToString().Length;
        var frame = new StringBuilder();
        for (var number = first; number <= last; number++)
        {
            var text = lines[number - 1].TrimEnd('\r');
            var gutter = number.ToString().PadLeft(width);
            if (frame.Length > 0)
                frame.Append('\n');
            frame.Append(number == line ? "> " : "  ").Append(gutter).Append(" |");
            if (text.Length > 0)
                frame.Append(' ').Append(text);
            if (number == line)
            {
                // Keep tabs so the caret lines up under tab-indented code.
                var before = text[..Math.Clamp(column - 1, 0, text.Length)];
                var padding = new string([.. before.Select(c => c == '\t' ? '\t' : ' ')]);
                frame.Append("\n  ").Append(new string(' ', width)).Append(" | ").Append(padding).Append('^');
            }
        }
        return frame.ToString();
    }

    internal static CompileDiagnostic At(JobSource source, int line, int column0, string code, string message,
        DiagnosticSeverity severity = DiagnosticSeverity.Error) =>
        new(source.FileName, line, column0 + 1, message, Frame(source.Text, line, column0 + 1)) { Code = code, Severity = severity };
}

public sealed class CompileResult
{
    public CompiledJob? Job { get; init; }

    /// <summary>Every problem found, errors and warnings, in source order.</summary>
    public IReadOnlyList<CompileDiagnostic> Diagnostics { get; init; } = [];

    public IEnumerable<CompileDiagnostic> Errors => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);

    public IEnumerable<CompileDiagnostic> Warnings => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning);

    public bool Success => Job is not null && !Errors.Any();
}
