namespace OpenFn.Runtime.Tests;

/// <summary>Folders found by walking up from the test binaries: the repository and the shared fixtures beside it.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot { get; } = FindUp(d => File.Exists(Path.Combine(d, "tests", "oracle", "package.json")))
        ?? throw new InvalidOperationException("Could not find the repository root (a folder with tests/oracle/package.json)");

    /// <summary>The shared fixtures folder, or null when the repository is checked out without shared/ beside it.</summary>
    public static string? Fixtures { get; } = FindUp(d => Directory.Exists(Path.Combine(d, "shared", "fixtures"))) is { } root
        ? Path.Combine(root, "shared", "fixtures")
        : null;

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
