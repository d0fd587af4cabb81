using System.Text.Json.Nodes;

namespace OpenFn.Simulators.Tests;

/// <summary>Reads ../shared/fixtures, found by walking up from the test binaries.</summary>
public static class SharedFixtures
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "fixtures");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("No shared/fixtures folder above " + AppContext.BaseDirectory);
    });

    public static string Text(string relativePath) => File.ReadAllText(Path.Combine(Root.Value, relativePath));

    public static JsonNode Json(string relativePath) => JsonNode.Parse(Text(relativePath))!;
}
