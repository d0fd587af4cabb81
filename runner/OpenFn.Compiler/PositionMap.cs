namespace OpenFn.Compiler;

/// <summary>
/// Maps a position in compiled code back to the job file. The compiler never adds or removes line breaks,
/// so lines are the same; on each line it records where it inserted text and how much.
/// </summary>
public sealed class PositionMap
{
    private readonly Dictionary<int, List<(int Column, int Length)>> _insertions = new();

    /// <summary>Records that <paramref name="length"/> characters were inserted before original column <paramref name="column"/> (1-based) of <paramref name="line"/>.</summary>
    public void AddInsertion(int line, int column, int length)
    {
        if (!_insertions.TryGetValue(line, out var list))
            _insertions[line] = list = [];
        list.Add((column, length));
    }

    /// <summary>Converts a 1-based column of compiled code on <paramref name="line"/> to the job file's column.</summary>
    public int ToOriginalColumn(int line, int compiledColumn)
    {
        if (!_insertions.TryGetValue(line, out var list))
            return compiledColumn;
        var column = compiledColumn;
        foreach (var (at, length) in list.OrderBy(i => i.Column))
        {
            // Compiled position of this insertion point given earlier shifts.
            var shift = compiledColumn - column;
            if (at + shift + length <= compiledColumn)
                column -= length;
            else if (at + shift <= compiledColumn)
                return at; // inside inserted text: point at the insertion
        }
        return column;
    }
}
