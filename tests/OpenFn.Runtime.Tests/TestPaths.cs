namespace OpenFn.Runtime.Tests;

/// <summary>The repository root, found by walking up from the test binaries.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot { get; } = FindUp(d => File.Exists(Path.Combine(d, "tests", "oracle", "package.json")))
        ?? throw new InvalidOperationException("Could not find the repository root (a folder with tests/oracle/package.json)");

    private static string? FindUp(Func<string, bool> found)
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (found(dir.FullName))
                return dir.FullName;
        }
        return null;
    }
}
