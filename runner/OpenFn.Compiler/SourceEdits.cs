using System.Text;

namespace OpenFn.Compiler;

/// <summary>
/// Text splices on the job source. Every replacement keeps the line breaks of the text it replaces, so the
/// job's lines keep their numbers. Edits at the same offset are applied by <see cref="EditOrder"/>, then in
/// the order they were added.
/// </summary>
internal sealed class SourceEdits(string source)
{
    private readonly List<(int Start, int End, string Text, EditOrder Order, int Sequence)> _edits = [];

    public void Insert(int offset, string text, EditOrder order = EditOrder.Replace) => Add(offset, offset, text, order);

    /// <summary>Replaces <c>[start, end)</c> by <paramref name="text"/> followed by the replaced range's line breaks.</summary>
    public void Replace(int start, int end, string text) => Add(start, end, text + LineBreaks(start, end), EditOrder.Replace);

    /// <summary>Replaces <c>[start, end)</c> by spaces, keeping its line breaks (and so every later position on those lines).</summary>
    public void Blank(int start, int end)
    {
        var builder = new StringBuilder(end - start);
        for (var i = start; i < end; i++)
            builder.Append(IsLineBreak(source[i]) ? source[i] : ' ');
        Add(start, end, builder.ToString(), EditOrder.Replace);
    }

    public (string Code, PositionMap Positions) Apply(string prefix = "", string suffix = "")
    {
        var ordered = _edits.OrderBy(e => e.Start).ThenBy(e => e.Order).ThenBy(e => e.Sequence).ToList();
        var builder = new StringBuilder(source.Length + prefix.Length + suffix.Length + ordered.Sum(e => e.Text.Length));
        var kept = new List<(int Compiled, int Original, int Length)>();
        builder.Append(prefix);
        var position = 0;
        foreach (var (start, end, text, _, _) in ordered)
        {
            if (start < position)
                throw new InvalidOperationException($"Overlapping edits at offset {start}");
            kept.Add((builder.Length, position, start - position));
            builder.Append(source, position, start - position);
            builder.Append(text);
            position = end;
        }
        kept.Add((builder.Length, position, source.Length - position));
        builder.Append(source, position, source.Length - position);
        builder.Append(suffix);
        var code = builder.ToString();
        return (code, new PositionMap(source, code, kept));
    }

    private void Add(int start, int end, string text, EditOrder order) => _edits.Add((start, end, text, order, _edits.Count));

    private string LineBreaks(int start, int end)
    {
        var builder = new StringBuilder();
        for (var i = start; i < end; i++)
        {
            if (IsLineBreak(source[i]))
                builder.Append(source[i]);
        }
        return builder.ToString();
    }

    private static bool IsLineBreak(char c) => c is '\n' or '\r' or '\u2028' or '\u2029';
}

/// <summary>
/// Order of edits at one offset: outer constructs open before inner ones and close after them
/// (<c>__openfn_op(0, __openfn_defer(get(state => (state.x)))...)</c>).
/// </summary>
internal enum EditOrder
{
    OpenOperation,
    OpenDefer,
    OpenLazyState,
    Replace,
    CloseLazyState,
    CloseDefer,
    CloseOperation,

    /// <summary>Declarations the compiled code needs, after the job's last line.</summary>
    Trailer,
}
