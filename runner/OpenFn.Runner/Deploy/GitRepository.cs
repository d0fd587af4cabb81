using System.Diagnostics;
using System.Formats.Tar;
using System.Globalization;
using System.Text;

namespace OpenFn.Runner.Deploy;

/// <summary>A commit as the deployments history shows it.</summary>
public sealed record CommitInfo(string Sha, string Author, string Message, DateTimeOffset CommittedAt);

public sealed class GitException(string message) : Exception(message);

/// <summary>
/// The runner's own bare clone of the project repository, driven through the git command line: fetch one branch,
/// read a commit, export a commit's files into a folder. Git never prompts (a server has nobody to answer) and a
/// command that hangs is killed after <see cref="Timeout"/>. Messages never show a password written into the URL.
/// </summary>
public sealed class GitRepository(string folder, string url)
{
    /// <summary>Oldest git the runner accepts; it uses only init, fetch, rev-parse, log and archive.</summary>
    public static readonly Version MinimumGitVersion = new(2, 0);

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The URL as it may be shown: any <c>user:password@</c> replaced by <c>***@</c>.</summary>
    public string DisplayUrl { get; } = HideUserInfo(url);

    /// <summary>The installed git's version; fails when git is missing or older than <see cref="MinimumGitVersion"/>.</summary>
    public static async Task<Version> CheckGitVersionAsync(CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = Text(await RunAsync(null, ["--version"], TimeSpan.FromSeconds(30), null, message => message, cancellationToken));
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new GitException("git is not installed (or not on PATH); serve --git needs git " + MinimumGitVersion + " or newer");
        }
        // "git version 2.39.5" (or "2.39.5.windows.1", "2.37.1 (Apple Git-137.1)")
        var number = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(w => w.Length > 0 && char.IsAsciiDigit(w[0])) ?? "";
        var parts = number.Split('.').Take(3).Select(p => int.TryParse(p, out var n) ? n : 0).ToArray();
        var version = parts.Length >= 2 ? new Version(parts[0], parts[1], parts.Length > 2 ? parts[2] : 0) : new Version(0, 0);
        if (version < MinimumGitVersion)
            throw new GitException($"git {version} is too old; serve --git needs git {MinimumGitVersion} or newer");
        return version;
    }

    /// <summary>Creates the bare repository on first use.</summary>
    public async Task InitAsync(CancellationToken cancellationToken)
    {
        if (Directory.Exists(Path.Combine(folder, "objects")))
            return;
        Directory.CreateDirectory(folder);
        await GitAsync(["init", "--quiet", "--bare", "."], cancellationToken);
    }

    /// <summary>Fetches <paramref name="branch"/> from the repository URL and returns its head commit.</summary>
    public async Task<string> FetchAsync(string branch, CancellationToken cancellationToken)
    {
        await GitAsync(["fetch", "--quiet", "--no-tags", "--force", url, $"+refs/heads/{branch}:refs/heads/{branch}"], cancellationToken);
        return await HeadAsync(branch, cancellationToken) ?? throw new GitException($"branch '{branch}' not found in {DisplayUrl}");
    }

    /// <summary>The last fetched head of <paramref name="branch"/>, or null when it was never fetched.</summary>
    public async Task<string?> HeadAsync(string branch, CancellationToken cancellationToken)
    {
        try
        {
            return Text(await GitAsync(["rev-parse", "--verify", "--quiet", $"refs/heads/{branch}^{{commit}}"], cancellationToken)).Trim();
        }
        catch (GitException)
        {
            return null;
        }
    }

    public async Task<CommitInfo> ReadCommitAsync(string sha, CancellationToken cancellationToken)
    {
        var fields = Text(await GitAsync(["-c", "i18n.logOutputEncoding=UTF-8", "log", "-1", "--format=%H%x00%an <%ae>%x00%ct%x00%B", sha, "--"], cancellationToken))
            .Split('\0', 4);
        if (fields.Length < 4)
            throw new GitException($"cannot read commit {sha}");
        var committedAt = DateTimeOffset.FromUnixTimeSeconds(long.Parse(fields[2], CultureInfo.InvariantCulture));
        return new CommitInfo(fields[0].Trim(), fields[1], fields[3].TrimEnd(), committedAt);
    }

    /// <summary>Writes the files of commit <paramref name="sha"/> into the empty folder <paramref name="destination"/> (no .git inside).</summary>
    public async Task ExportAsync(string sha, string destination, CancellationToken cancellationToken) =>
        await RunAsync(folder, ["archive", "--format=tar", sha], Timeout,
            (stdout, token) => TarFile.ExtractToDirectoryAsync(stdout, destination, overwriteFiles: false, token), Hide, cancellationToken);

    private Task<byte[]> GitAsync(string[] arguments, CancellationToken cancellationToken) =>
        RunAsync(folder, arguments, Timeout, null, Hide, cancellationToken);

    private string Hide(string text)
    {
        text = text.Replace(url, DisplayUrl, StringComparison.Ordinal);
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0 && DisplayUrl != url
            ? text.Replace(uri.UserInfo, "***", StringComparison.Ordinal)
            : text;
    }

    /// <summary>
    /// Runs git; returns its standard output, or hands the output stream to <paramref name="readOutput"/>. Fails with
    /// git's own message when it exits non-zero or takes longer than <paramref name="timeout"/>.
    /// </summary>
    private static async Task<byte[]> RunAsync(string? workingDirectory, string[] arguments, TimeSpan timeout,
        Func<Stream, CancellationToken, Task>? readOutput, Func<string, string> hide, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["LC_ALL"] = "C";
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var stderr = process.StandardError.ReadToEndAsync(limit.Token);
        byte[] output = [];
        try
        {
            if (readOutput is null)
            {
                using var buffer = new MemoryStream();
                await process.StandardOutput.BaseStream.CopyToAsync(buffer, limit.Token);
                output = buffer.ToArray();
            }
            else
                await readOutput(process.StandardOutput.BaseStream, limit.Token);
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GitException($"git {arguments[0]} did not finish within {timeout.TotalSeconds:0} s");
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
        if (process.ExitCode != 0)
            throw new GitException($"git {arguments[0]} failed: {hide(Reason(await stderr) ?? $"exit code {process.ExitCode}")}");
        return output;
    }

    /// <summary>Git's first <c>fatal:</c> or <c>error:</c> line (the cause; later lines are advice), else its last line.</summary>
    private static string? Reason(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var cause = lines.FirstOrDefault(l => l.StartsWith("fatal:", StringComparison.Ordinal) || l.StartsWith("error:", StringComparison.Ordinal));
        return cause is null ? lines.LastOrDefault() : cause[(cause.IndexOf(':') + 1)..].Trim();
    }

    private static string Text(byte[] output) => Encoding.UTF8.GetString(output);

    /// <summary>An HTTP(S) URL's user part is a token or password; another scheme's only when it holds a password.</summary>
    private static string HideUserInfo(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
            && (uri.Scheme is "http" or "https" || uri.UserInfo.Contains(':'))
            ? url.Replace(uri.UserInfo + "@", "***@", StringComparison.Ordinal)
            : url;
}
