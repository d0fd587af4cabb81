using Acornima;
using Acornima.Ast;

namespace OpenFn.Compiler.Tests;

/// <summary>
/// A property of the position map: every identifier of the compiled code that came from the job maps back to the
/// same text in the job file (identifiers the compiler inserted are skipped).
/// </summary>
internal static class IdentifierMapping
{
    /// <summary>Checks every identifier of <paramref name="job"/>; adds a line to <paramref name="wrong"/> per mismatch; returns how many were checked.</summary>
    public static int Check(CompiledJob job, List<string> wrong)
    {
        var text = job.Source.Text;
        var lineStarts = LineStarts(text);
        var compiled = new Parser(new ParserOptions { EcmaVersion = EcmaVersion.Latest }).ParseScript(job.Code);
        var count = 0;
        foreach (var id in Descendants(compiled).OfType<Identifier>())
        {
            if (job.Positions.IsInserted(id.Location.Start.Line, id.Location.Start.Column))
                continue; // the compiler's own text (__openfn_op, state =>, undefined...)
            var (line, column) = job.Positions.ToOriginal(id.Location.Start.Line, id.Location.Start.Column);
            var original = text[(lineStarts[line - 1] + column)..];
            if (original.StartsWith("import", StringComparison.Ordinal) || (id.Name == "state" && original.StartsWith('$')))
                continue; // import aliases and $ have other text in the file
            count++;
            if (!original.StartsWith(job.Code[id.Start..id.End], StringComparison.Ordinal))
                wrong.Add($"{job.Source.FileName}: '{id.Name}' at {id.Location.Start.Line}:{id.Location.Start.Column} maps to {line}:{column} ('{original[..Math.Min(20, original.Length)]}')");
        }
        return count;
    }

    private static int[] LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')) || text[i] is '\u2028' or '\u2029')
                starts.Add(i + 1);
        }
        return [.. starts];
    }

    private static IEnumerable<Node> Descendants(Node node) => new[] { node }.Concat(node.ChildNodes.SelectMany(Descendants));
}
