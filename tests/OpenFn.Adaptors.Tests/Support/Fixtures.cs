using System.Text.Json.Nodes;

namespace OpenFn.Adaptors.Tests.Support;

/// <summary>Reads the shared sample payloads (a folder <c>shared/fixtures</c> found by walking up from the test binaries).</summary>
public static class Fixtures
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "fixtures");
            if (Directory.Exists(candidate))
                return candidate;
        }
        throw new DirectoryNotFoundException("No shared/fixtures folder above " + AppContext.BaseDirectory);
    });

    public static JsonNode Load(string relativePath) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Root.Value, relativePath)))!;
}
