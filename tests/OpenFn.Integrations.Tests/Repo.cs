namespace OpenFn.Integrations.Tests;

/// <summary>The repository the tests run from (the folder holding OpenFnDotnet.sln).</summary>
internal static class Repo
{
    public static string Root { get; } = Find();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OpenFnDotnet.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No OpenFnDotnet.sln above {AppContext.BaseDirectory}");
    }
}
