namespace OpenFn.Runner.Deploy;

/// <summary>
/// One folder per deployed commit, named by its sha, holding that commit's files. A folder is written completely
/// before it takes its name, and is removed once its commit has been neither the active version nor used by any run
/// for a short while (a run being queued reads the active version a moment before it counts as using it).
/// </summary>
public sealed class Checkouts(string root)
{
    private const string Partial = ".partial";
    private readonly Dictionary<string, DateTimeOffset> _unusedSince = [];

    public string Root => root;

    /// <summary>The folder holding commit <paramref name="sha"/>'s files, exported from <paramref name="repository"/> unless already there.</summary>
    public async Task<string> CheckOutAsync(GitRepository repository, string sha, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(root, sha);
        if (Directory.Exists(folder))
            return folder; // a commit's files never change
        var partial = folder + Partial;
        if (Directory.Exists(partial))
            Directory.Delete(partial, recursive: true);
        Directory.CreateDirectory(partial);
        await repository.ExportAsync(sha, partial, cancellationToken);
        Directory.Move(partial, folder);
        return folder;
    }

    /// <summary>
    /// Removes the folders of commits for which <paramref name="inUse"/> is false and was already false at a call at
    /// least <paramref name="unusedFor"/> earlier; returns the shas removed.
    /// </summary>
    public IReadOnlyList<string> RemoveUnused(Func<string, bool> inUse, TimeSpan unusedFor, DateTimeOffset now)
    {
        var removed = new List<string>();
        foreach (var folder in Directory.Exists(root) ? Directory.GetDirectories(root) : [])
        {
            var name = Path.GetFileName(folder);
            if (!name.EndsWith(Partial, StringComparison.Ordinal) && inUse(name))
            {
                _unusedSince.Remove(name);
                continue;
            }
            if (!_unusedSince.TryGetValue(name, out var since))
                _unusedSince[name] = since = now;
            if (now - since < unusedFor)
                continue;
            try
            {
                Directory.Delete(folder, recursive: true);
                _unusedSince.Remove(name);
                removed.Add(name);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // tried again at the next pass
            }
        }
        return removed;
    }
}
