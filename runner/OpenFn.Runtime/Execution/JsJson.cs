using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Native.Object;
using Jint.Runtime;

namespace OpenFn.Runtime.Execution;

/// <summary>The serialized state exceeds the configured limit (OpenFn's <c>StateTooLargeError</c>).</summary>
internal sealed class StateTooLargeException(long limitBytes) : Exception($"State exceeds the limit of {limitBytes / (1024 * 1024)}mb")
{
    public long LimitBytes { get; } = limitBytes;
}

/// <summary>The state is nested deeper than JSON conversion allows.</summary>
internal sealed class StateTooDeepException(int maxDepth) : Exception($"State is nested more than {maxDepth} levels deep");

/// <summary>
/// Converts between JSON and engine values in one linear pass each way. JS to JSON follows OpenFn's safe stringify:
/// <c>toJSON</c> is honoured (Dates become ISO strings), functions, symbols and undefined are dropped from objects and
/// become null in arrays, NaN and Infinity become null, and a reference back to an enclosing object becomes
/// <c>"[Circular]"</c>.
/// </summary>
internal sealed class JsJson(Jint.Engine engine, int maxDepth, long maxBytes = long.MaxValue)
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private readonly List<ObjectInstance> _ancestors = [];
    private readonly JsValue _toJsonKey = new JsString("toJSON");

    public JsValue ToJs(JsonNode? node)
    {
        if (node is null)
            return JsValue.Null;
        var bytes = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(node);
        return new JsonParser(engine).Parse(bytes);
    }

    /// <summary>UTF-8 JSON of a value, or null when the value serializes to nothing (undefined, a function).</summary>
    public byte[]? ToUtf8(JsValue value)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            if (!Write(writer, Prepare(value, JsString.Empty)))
                return null;
        }
        if (buffer.WrittenCount > maxBytes)
            throw new StateTooLargeException(maxBytes);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The value as a JSON node; <paramref name="defined"/> is false when it serializes to nothing.</summary>
    public JsonNode? ToJson(JsValue value, out bool defined)
    {
        var bytes = ToUtf8(value);
        defined = bytes is not null;
        return bytes is null ? null : JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = maxDepth + 1 });
    }

    public JsonNode? ToJson(JsValue value) => ToJson(value, out _);

    private JsValue Prepare(JsValue value, JsValue key)
    {
        if (value is ObjectInstance obj && !obj.IsCallable())
        {
            var toJson = obj.Get(_toJsonKey);
            if (toJson.IsCallable())
                return engine.Call(toJson, obj, [key]);
        }
        return value;
    }

    private static bool IsSkipped(JsValue value) => value.IsUndefined() || value.IsSymbol() || value.IsCallable();

    /// <summary>Writes a prepared value; returns false (writing nothing) when JSON has no representation for it.</summary>
    private bool Write(Utf8JsonWriter writer, JsValue value)
    {
        switch (value.Type)
        {
            case Types.Undefined:
            case Types.Symbol:
                return false;
            case Types.Null:
                writer.WriteNullValue();
                return true;
            case Types.Boolean:
                writer.WriteBooleanValue(value.AsBoolean());
                return true;
            case Types.String:
                writer.WriteStringValue(value.AsString());
                return true;
            case Types.Number:
                WriteNumber(writer, value.AsNumber());
                return true;
            case Types.BigInt:
                writer.WriteStringValue(TypeConverter.ToString(value));
                return true;
        }
        if (value is not ObjectInstance obj || obj.IsCallable())
            return false;
        foreach (var ancestor in _ancestors)
        {
            if (ReferenceEquals(ancestor, obj))
            {
                writer.WriteStringValue("[Circular]");
                return true;
            }
        }
        if (_ancestors.Count >= maxDepth)
            throw new StateTooDeepException(maxDepth);
        _ancestors.Add(obj);
        if (obj is JsArray array)
            WriteArray(writer, array);
        else
            WriteObject(writer, obj);
        _ancestors.RemoveAt(_ancestors.Count - 1);
        if (writer.BytesPending + writer.BytesCommitted > maxBytes)
            throw new StateTooLargeException(maxBytes);
        return true;
    }

    private void WriteArray(Utf8JsonWriter writer, JsArray array)
    {
        writer.WriteStartArray();
        var length = array.Length;
        for (uint i = 0; i < length; i++)
        {
            var item = Prepare(array.Get(i), new JsString(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            if (IsSkipped(item) || !Write(writer, item))
                writer.WriteNullValue();
        }
        writer.WriteEndArray();
    }

    private void WriteObject(Utf8JsonWriter writer, ObjectInstance obj)
    {
        writer.WriteStartObject();
        foreach (var key in obj.GetOwnPropertyKeys(Types.String))
        {
            var descriptor = obj.GetOwnProperty(key);
            if (!descriptor.Enumerable)
                continue;
            var item = Prepare(descriptor.IsDataDescriptor() ? descriptor.Value : obj.Get(key), key);
            if (IsSkipped(item))
                continue;
            writer.WritePropertyName(key.AsString());
            if (!Write(writer, item))
                writer.WriteNullValue();
        }
        writer.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter writer, double number)
    {
        if (double.IsNaN(number) || double.IsInfinity(number))
            writer.WriteNullValue();
        else if (number == Math.Floor(number) && Math.Abs(number) < 9007199254740992d)
            writer.WriteNumberValue((long)number);
        else
            writer.WriteNumberValue(number);
    }
}
