using OpenFn.Runner.History;

namespace OpenFn.Demo;

internal static class DemoRepository
{
    /// <summary>The repository root: the nearest folder above the working directory (or this program) with project.yaml and OpenFnDotnet.sln.</summary>
    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "project.yaml")) && File.Exists(Path.Combine(dir.FullName, "OpenFnDotnet.sln")))
                    return dir.FullName;
            }
        }
        throw new InvalidOperationException("Run the demo from the OpenFnDotnet repository: no folder above holds project.yaml and OpenFnDotnet.sln.");
    }

    /// <summary>The runner's default history store in the data folder (what <c>openfn runs list</c> reads from the repository root).</summary>
    public static async Task<IHistoryStore> OpenHistoryAsync(string dataDir)
    {
        var store = new SqliteHistoryStore(Path.Combine(dataDir, "history.db"));
        await store.InitializeAsync();
        return store;
    }
}
