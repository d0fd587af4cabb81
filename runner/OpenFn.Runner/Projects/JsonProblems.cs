using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenFn.Runner.Projects;

/// <summary>Reads JSON files (state, workflows, credentials) and turns parse errors into file:line:col messages.</summary>
public static class JsonProblems
{
    public static InvalidInputException Invalid(string file, JsonException e)
    {
        var line = (int)(e.LineNumber ?? -1) + 1;
        var column = (int)(e.BytePositionInLine ?? -1) + 1;
        var message = e.Message;
        foreach (var marker in new[] { " Path:", " LineNumber:" })
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0)
                message = message[..cut];
        }
        return new InvalidInputException([new ProjectProblem(file, line, column, "", "invalid JSON: " + message.TrimEnd('.'))]);
    }

    /// <summary>Parses a JSON object from a file; throws <see cref="InvalidInputException"/> naming the file and position.</summary>
    public static JsonObject ReadObject(string file, string what)
    {
        if (!File.Exists(file))
            throw new InvalidInputException(file, $"{what} file not found");
        return ParseObject(file, File.ReadAllText(file), what);
    }

    public static JsonObject ParseObject(string file, string text, string what)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw Invalid(file, e);
        }
        return node as JsonObject ?? throw new InvalidInputException(file, $"{what} must be a JSON object, not {Describe(node)}");
    }

    private static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray => "an array",
        _ => node.GetValueKind().ToString().ToLowerInvariant(),
    };
}
