namespace OpenFn.Compiler;

/// <summary>A syntax or compile error at a position of the job file (line 1-based, column 1-based).</summary>
public sealed record CompileDiagnostic(string FileName, int Line, int Column, string Message, string CodeFrame)
{
    /// <summary><c>file:line:col: message</c> followed by the code frame.</summary>
    public override string ToString() => $"{FileName}:{Line}:{Column}: {Message}\n{CodeFrame}";

    /// <summary>Babel-style frame: the source line with a caret under the column.</summary>
    public static string Frame(string source, int line, int column)
    {
        var lines = source.Split('\n');
        if (line < 1 || line > lines.Length)
            return string.Empty;
        var text = lines[line - 1].TrimEnd('\r');
        var gutter = $"> {line} | ";
        var caretPad = new string(' ', gutter.Length - 2) + "| " + new string(' ', Math.Max(0, column - 1));
        return gutter + text + "\n" + caretPad + "^";
    }
}

public sealed class CompileResult
{
    public CompiledJob? Job { get; init; }
    public IReadOnlyList<CompileDiagnostic> Diagnostics { get; init; } = [];
    public bool Success => Job is not null && Diagnostics.Count == 0;
}
