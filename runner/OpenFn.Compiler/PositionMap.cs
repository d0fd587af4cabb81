using System.Text.RegularExpressions;

namespace OpenFn.Compiler;

/// <summary>
/// Maps a position in compiled code back to the job file. The compiler splices text into the job
/// (<see cref="SourceEdits"/>) and never adds or removes a line break inside the job's text, so a line keeps its
/// number; columns move where text was inserted. Positions are mapped through character offsets: text the
/// compiler kept maps one to one, text it inserted maps to where it was inserted.
/// </summary>
public sealed class PositionMap
{
    private readonly int[] _originalLineStarts;
    private readonly int[] _compiledLineStarts;

    /// <summary>Unchanged stretches of text: (start in compiled code, start in the job file, length), by compiled start.</summary>
    private readonly (int Compiled, int Original, int Length)[] _kept;

    internal PositionMap(string original, string compiled, IReadOnlyList<(int Compiled, int Original, int Length)> kept)
    {
        _originalLineStarts = LineStarts(original);
        _compiledLineStarts = LineStarts(compiled);
        _kept = [.. kept];
    }

    /// <summary>An identity map, for text the compiler did not change.</summary>
    public static PositionMap Identity(string text) => new(text, text, [(0, 0, text.Length)]);

    /// <summary>
    /// Converts a compiled position to the job file's: 1-based line, 0-based column in and out (the convention of
    /// Acornima and of Jint's <c>Location</c>). A position inside inserted text maps to where it was inserted.
    /// </summary>
    public (int Line, int Column) ToOriginal(int line, int column)
    {
        var offset = ToOffset(_compiledLineStarts, line, column);
        return ToLineColumn(_originalLineStarts, ToOriginalOffset(offset));
    }

    /// <summary>Converts a 1-based column of compiled code on <paramref name="line"/> to the job file's 1-based column.</summary>
    public int ToOriginalColumn(int line, int compiledColumn) => ToOriginal(line, compiledColumn - 1).Column + 1;

    /// <summary>Rewrites <c>fileName:line:col</c> (1-based column, Jint's stack trace format) to job file positions.</summary>
    public string MapStackTrace(string stackTrace, string fileName) =>
        Regex.Replace(stackTrace, Regex.Escape(fileName) + @":(\d+):(\d+)", match =>
        {
            var (line, column) = ToOriginal(int.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value) - 1);
            return $"{fileName}:{line}:{column + 1}";
        });

    /// <summary>Whether a compiled position (1-based line, 0-based column) is in text the compiler inserted rather than the job's own.</summary>
    public bool IsInserted(int line, int column)
    {
        var offset = ToOffset(_compiledLineStarts, line, column);
        var index = KeptIndex(offset);
        return index < 0 || offset - _kept[index].Compiled >= _kept[index].Length;
    }

    private int ToOriginalOffset(int compiledOffset)
    {
        var best = KeptIndex(compiledOffset);
        if (best < 0)
            return 0;
        var (compiled, original, length) = _kept[best];
        var into = compiledOffset - compiled;
        // Past the end of a kept stretch means inside the text inserted after it: point at the insertion.
        return original + Math.Min(into, length);
    }

    /// <summary>Index of the last kept stretch starting at or before <paramref name="compiledOffset"/>, or -1.</summary>
    private int KeptIndex(int compiledOffset)
    {
        var low = 0;
        var high = _kept.Length - 1;
        var best = -1;
        while (low <= high)
        {
            var mid = (low + high) / 2;
            if (_kept[mid].Compiled <= compiledOffset)
            {
                best = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }
        return best;
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

    private static int ToOffset(int[] lineStarts, int line, int column)
    {
        var index = Math.Clamp(line - 1, 0, lineStarts.Length - 1);
        return lineStarts[index] + Math.Max(0, column);
    }

    private static (int Line, int Column) ToLineColumn(int[] lineStarts, int offset)
    {
        var index = Array.BinarySearch(lineStarts, offset);
        if (index < 0)
            index = ~index - 1;
        return (index + 1, offset - lineStarts[index]);
    }
}
