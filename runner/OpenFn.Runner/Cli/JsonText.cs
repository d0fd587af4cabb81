using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenFn.Runner.Cli;

public static class JsonText
{
    /// <summary>Indented, with non-ASCII text (Khmer names, accents) kept readable.</summary>
    public static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Format(JsonNode? node) => node?.ToJsonString(Pretty) ?? "null";
}
