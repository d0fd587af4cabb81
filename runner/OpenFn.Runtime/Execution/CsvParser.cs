using System.Text;

namespace OpenFn.Runtime.Execution;

/// <summary>Malformed CSV; the message follows csv-parse's wording.</summary>
internal sealed class CsvFormatException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>The csv-parse options language-common's <c>parseCsv</c> passes through.</summary>
internal sealed record CsvOptions
{
    public string Delimiter { get; init; } = ",";
    public char? Quote { get; init; } = '"';
    public char? Escape { get; init; } = '"';
    public bool Bom { get; init; } = true;
    public bool LTrim { get; init; } = true;
    public bool RTrim { get; init; } = true;
    public bool SkipEmptyLines { get; init; } = true;

    /// <summary>Field count every record must have when the column names are given up front.</summary>
    public int? ColumnCount { get; init; }

    /// <summary>The first record names the columns (csv-parse <c>columns: true</c>).</summary>
    public bool HeaderRow { get; init; }
}

/// <summary>
/// CSV records as csv-parse 5 reads them with language-common's defaults: any of CRLF, LF or CR ends a record,
/// quoted fields may hold delimiters, line breaks and doubled quotes, whitespace around fields is trimmed, and every
/// record must have as many fields as the first.
/// </summary>
internal static class CsvParser
{
    public static List<string[]> Parse(string text, CsvOptions options)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var position = options.Bom && text.StartsWith('\uFEFF') ? 1 : 0;
        var line = 1;
        var expected = options.ColumnCount;

        while (position <= text.Length)
        {
            fields.Clear();
            var recordLine = line;
            if (position == text.Length)
                break;
            if (options.SkipEmptyLines && IsRecordEnd(text, position, out var emptyLength))
            {
                position += emptyLength;
                line++;
                continue;
            }
            for (;;)
            {
                field.Clear();
                if (options.LTrim)
                    position = SkipTrimmable(text, position);
                if (options.Quote is { } quote && position < text.Length && text[position] == quote)
                {
                    position = ReadQuoted(text, position + 1, options, field, ref line);
                    if (options.RTrim)
                        position = SkipTrimmable(text, position);
                    if (position < text.Length && !StartsWith(text, position, options.Delimiter) && !IsRecordEnd(text, position, out _))
                        throw new CsvFormatException("CSV_INVALID_CLOSING_QUOTE",
                            $"Invalid Closing Quote: got \"{text[position]}\" at line {line} instead of delimiter, record delimiter, trimable character (if activated) or comment");
                }
                else
                {
                    var start = position;
                    while (position < text.Length && !StartsWith(text, position, options.Delimiter) && !IsRecordEnd(text, position, out _))
                    {
                        if (options.Quote is { } q && text[position] == q)
                            throw new CsvFormatException("INVALID_OPENING_QUOTE",
                                $"Invalid Opening Quote: a quote is found on field {fields.Count} at line {line}, value is \"{text[start..position]}\"");
                        position++;
                    }
                    var value = text.AsSpan(start, position - start);
                    field.Append(options.RTrim ? TrimEnd(value) : value);
                }
                fields.Add(field.ToString());
                if (position < text.Length && StartsWith(text, position, options.Delimiter))
                {
                    position += options.Delimiter.Length;
                    continue;
                }
                if (IsRecordEnd(text, position, out var endLength))
                {
                    position += endLength;
                    line++;
                }
                else
                {
                    position = text.Length + 1;
                }
                break;
            }
            expected ??= fields.Count;
            if (fields.Count != expected)
            {
                throw options.HeaderRow || options.ColumnCount is not null
                    ? new CsvFormatException("CSV_RECORD_INCONSISTENT_COLUMNS", $"Invalid Record Length: columns length is {expected}, got {fields.Count} on line {recordLine}")
                    : new CsvFormatException("CSV_RECORD_INCONSISTENT_FIELDS_LENGTH", $"Invalid Record Length: expect {expected}, got {fields.Count} on line {recordLine}");
            }
            records.Add([.. fields]);
        }
        return records;
    }

    private static int ReadQuoted(string text, int position, CsvOptions options, StringBuilder field, ref int line)
    {
        var quote = options.Quote!.Value;
        var escape = options.Escape ?? quote;
        while (position < text.Length)
        {
            var c = text[position];
            if (c == escape && position + 1 < text.Length && (text[position + 1] == quote || (escape != quote && text[position + 1] == escape)))
            {
                field.Append(text[position + 1]);
                position += 2;
                continue;
            }
            if (c == quote)
                return position + 1;
            if (c == '\n' || (c == '\r' && (position + 1 >= text.Length || text[position + 1] != '\n')))
                line++;
            field.Append(c);
            position++;
        }
        throw new CsvFormatException("CSV_QUOTE_NOT_CLOSED", $"Quote Not Closed: the parsing is finished with an opening quote at line {line}");
    }

    private static bool IsRecordEnd(string text, int position, out int length)
    {
        length = 0;
        if (position >= text.Length)
            return true;
        if (text[position] == '\r')
            length = position + 1 < text.Length && text[position + 1] == '\n' ? 2 : 1;
        else if (text[position] == '\n')
            length = 1;
        return length > 0;
    }

    private static bool StartsWith(string text, int position, string value) =>
        value.Length > 0 && string.CompareOrdinal(text, position, value, 0, value.Length) == 0;

    private static bool IsTrimmable(char c) => c is ' ' or '\t' or '\f' or '\v';

    private static int SkipTrimmable(string text, int position)
    {
        while (position < text.Length && IsTrimmable(text[position]))
            position++;
        return position;
    }

    private static ReadOnlySpan<char> TrimEnd(ReadOnlySpan<char> value)
    {
        var end = value.Length;
        while (end > 0 && IsTrimmable(value[end - 1]))
            end--;
        return value[..end];
    }
}
