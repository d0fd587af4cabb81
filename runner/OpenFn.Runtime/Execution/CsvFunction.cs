using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace OpenFn.Runtime.Execution;

/// <summary>
/// The host side of language-common's <c>parseCsv</c>: reads csv-parse's options from the JavaScript object, parses
/// with <see cref="CsvParser"/>, and returns the records as row objects (<c>columns: true</c> or a list of names) or
/// arrays of strings (<c>columns: false</c>). Malformed CSV becomes a JavaScript Error carrying csv-parse's code.
/// </summary>
internal static class CsvFunction
{
    public static JsValue Parse(Jint.Engine engine, JsValue[] args)
    {
        var text = args.Length > 0 ? TypeConverter.ToString(args[0]) : "";
        var options = args.Length > 1 && args[1] is ObjectInstance o ? o : new JsObject(engine);
        var columns = options.Get("columns");
        string[]? names = columns is JsArray list ? Enumerable.Range(0, (int)list.Length).Select(i => TypeConverter.ToString(list.Get(i))).ToArray() : null;
        var header = names is null && TypeConverter.ToBoolean(columns);
        var trim = options.Get("trim");
        var csv = new CsvOptions
        {
            Delimiter = Text(options.Get("delimiter"), ","),
            Quote = Character(options.Get("quote")),
            Escape = Character(options.Get("escape")),
            Bom = TypeConverter.ToBoolean(options.Get("bom")),
            LTrim = Trim(options.Get("ltrim"), trim),
            RTrim = Trim(options.Get("rtrim"), trim),
            SkipEmptyLines = TypeConverter.ToBoolean(options.Get("skip_empty_lines")),
            HeaderRow = header,
            ColumnCount = names?.Length,
        };
        List<string[]> records;
        try
        {
            records = CsvParser.Parse(text, csv);
        }
        catch (CsvFormatException e)
        {
            var error = engine.Intrinsics.Error.Construct(e.Message);
            error.Set("code", e.Code);
            throw new JavaScriptException(error);
        }
        if (header && records.Count > 0)
        {
            names = records[0];
            records.RemoveAt(0);
        }
        var rows = new JsValue[records.Count];
        for (var r = 0; r < records.Count; r++)
        {
            var record = records[r];
            if (names is null)
            {
                rows[r] = new JsArray(engine, record.Select(v => (JsValue)new JsString(v)).ToArray());
                continue;
            }
            var row = new JsObject(engine);
            for (var c = 0; c < names.Length; c++)
                row.Set(new JsString(names[c]), new JsString(record[c]));
            rows[r] = row;
        }
        return new JsArray(engine, rows);

        static string Text(JsValue value, string fallback) => value.IsString() ? value.AsString() : fallback;
        static char? Character(JsValue value) => value.IsString() && value.AsString().Length > 0 ? value.AsString()[0] : null;
        // csv-parse: a side trims when set to true, or when trim is true and the side is not explicitly false.
        static bool Trim(JsValue side, JsValue trim) => IsTrue(side) || (IsTrue(trim) && !(side.IsBoolean() && !side.AsBoolean()));
        static bool IsTrue(JsValue value) => value.IsBoolean() && value.AsBoolean();
    }
}
