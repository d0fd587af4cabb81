using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OpenFn.Simulators.Infrastructure;

/// <summary>Reading JSON request bodies and writing JSON answers the way the simulated servers do.</summary>
public static class HttpJson
{
    /// <summary>Non-ASCII text (Khmer names, accents) is written as UTF-8, like the real servers do.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Serialises a node compactly with UTF-8 text.</summary>
    public static string ToJson(JsonNode? node) => node?.ToJsonString(SerializerOptions) ?? "null";

    public static byte[] ToUtf8(JsonNode node)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions)) node.WriteTo(writer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Parses the request body; an empty body gives (null, null); bad JSON gives (null, message).</summary>
    public static async Task<(JsonNode? Node, string? Error)> ReadAsync(HttpContext ctx)
    {
        using var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8, leaveOpen: true);
        var text = await reader.ReadToEndAsync(ctx.RequestAborted);
        if (string.IsNullOrWhiteSpace(text)) return (null, null);
        try
        {
            return (JsonNode.Parse(text), null);
        }
        catch (JsonException e)
        {
            return (null, e.Message);
        }
    }

    public static Task WriteAsync(HttpContext ctx, int status, JsonNode? node) =>
        WriteAsync(ctx, status, w => { if (node is null) w.WriteNullValue(); else node.WriteTo(w); });

    public static async Task WriteAsync(HttpContext ctx, int status, Action<Utf8JsonWriter> write)
    {
        await using var json = Begin(ctx, status);
        write(json.Writer);
    }

    /// <summary>Starts a JSON answer written in chunks (large lists); dispose it to finish.</summary>
    public static JsonAnswer Begin(HttpContext ctx, int status, string contentType = "application/json; charset=utf-8")
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = contentType;
        return new JsonAnswer(ctx.Response.Body, ctx.RequestAborted);
    }

    public static async Task WriteTextAsync(HttpContext ctx, int status, string text, string contentType)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = contentType;
        await ctx.Response.WriteAsync(text, ctx.RequestAborted);
    }

    /// <summary>A JSON answer being written: the writer fills a buffer that goes out every 64 KB.</summary>
    public sealed class JsonAnswer : IAsyncDisposable
    {
        private const int FlushThreshold = 64 * 1024;
        private readonly ArrayBufferWriter<byte> buffer = new(FlushThreshold * 2);
        private readonly Stream body;
        private readonly CancellationToken cancel;

        internal JsonAnswer(Stream body, CancellationToken cancel)
        {
            this.body = body;
            this.cancel = cancel;
            Writer = new Utf8JsonWriter(buffer, WriterOptions);
        }

        public Utf8JsonWriter Writer { get; }

        /// <summary>Sends what was written so far once the buffer is large.</summary>
        public async ValueTask FlushIfFullAsync()
        {
            if (Writer.BytesPending + buffer.WrittenCount < FlushThreshold) return;
            await SendAsync();
        }

        private async ValueTask SendAsync()
        {
            Writer.Flush();
            if (buffer.WrittenCount == 0) return;
            await body.WriteAsync(buffer.WrittenMemory, cancel);
            buffer.ResetWrittenCount();
        }

        public async ValueTask DisposeAsync()
        {
            await SendAsync();
            await Writer.DisposeAsync();
        }
    }
}
