using System.Diagnostics;

namespace OpenFn.Runner.Tests.Deploy;

/// <summary>
/// A project repository for deploy tests, in a temp folder: a bare repository (what <c>serve --git</c> fetches, as it
/// would fetch GitHub) and a working clone that commits are made in and pushed from. Git runs as a process, with the
/// machine's system and global settings left out.
/// </summary>
public sealed class GitRepo
{
    private readonly string _work;

    private GitRepo(string bare, string work)
    {
        Bare = bare;
        _work = work;
    }

    /// <summary>Path of the bare repository: the URL given to <c>serve --git</c>.</summary>
    public string Bare { get; }

    public static GitRepo Create(string folder, string branch = "master")
    {
        var bare = Path.Combine(folder, "origin.git");
        var work = Path.Combine(folder, "work");
        Directory.CreateDirectory(bare);
        Directory.CreateDirectory(work);
        Git(bare, "init", "--quiet", "--bare");
        Git(work, "init", "--quiet");
        Git(work, "checkout", "--quiet", "-b", branch);
        Git(work, "remote", "add", "origin", bare);
        return new GitRepo(bare, work);
    }

    /// <summary>Writes (or, for a null text, deletes) files, commits them and pushes; returns the new commit's sha.</summary>
    public string Push(string message, IReadOnlyDictionary<string, string?> files, string branch = "master", string author = "Sokha Chan <sokha@example.org>")
    {
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(_work, path);
            if (text is null)
                File.Delete(full);
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllText(full, text);
            }
        }
        Git(_work, "add", "--all");
        Git(_work, "commit", "--quiet", "--allow-empty", "-m", message, "--author", author);
        Git(_work, "push", "--quiet", "origin", $"HEAD:refs/heads/{branch}");
        return Git(_work, "rev-parse", "HEAD").Trim();
    }

    /// <summary>Runs git in <paramref name="folder"/> and returns its output; fails the test when git fails.</summary>
    public static string Git(string folder, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false" }.Concat(args))
            start.ArgumentList.Add(arg);
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            Assert.Fail($"git {string.Join(' ', args)} failed: {error}");
        return output.Result;
    }
}
