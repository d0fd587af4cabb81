using System.Globalization;
using System.Text.RegularExpressions;
using OpenFn.Runner.Projects;

namespace OpenFn.Runner.Deploy;

/// <summary>Settings of <c>openfn serve --git</c> (see README, Deploy).</summary>
public sealed partial record GitDeployOptions
{
    /// <summary>The repository: a URL git understands, or a local path (made absolute).</summary>
    public required string Url { get; init; }

    public string Branch { get; init; } = "master";

    /// <summary>How often the branch is fetched (a push webhook fetches at once).</summary>
    public TimeSpan Poll { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Key of the webhook secret in the runner's credentials (file or environment).</summary>
    public string SecretName { get; init; } = "git-webhook";

    /// <summary>Path of project.yaml inside the repository.</summary>
    public string ProjectFile { get; init; } = "project.yaml";

    /// <summary>Checks and normalises the command line's values; bad ones are reported by option name.</summary>
    public static GitDeployOptions Create(string url, string branch, string poll, string secretName, string projectFile)
    {
        if (url.Length == 0 || url.StartsWith('-'))
            throw new InvalidInputException("--git", $"'{url}' is not a repository URL or path");
        if (!BranchName().IsMatch(branch) || branch.StartsWith('-') || branch.Contains("..", StringComparison.Ordinal))
            throw new InvalidInputException("--branch", $"'{branch}' is not a branch name");
        if (Path.IsPathRooted(projectFile) || projectFile.Split('/', '\\').Contains(".."))
            throw new InvalidInputException("--project", $"with --git, the project file is a path inside the repository (e.g. project.yaml), not '{projectFile}'");
        return new GitDeployOptions
        {
            Url = Directory.Exists(url) ? Path.GetFullPath(url) : url,
            Branch = branch,
            Poll = ParseInterval(poll),
            SecretName = secretName,
            ProjectFile = projectFile,
        };
    }

    /// <summary><c>60s</c>, <c>5m</c>, <c>1h</c>, <c>500ms</c>, or a number of seconds; at least one second.</summary>
    public static TimeSpan ParseInterval(string text)
    {
        var match = Interval().Match(text.Trim());
        if (!match.Success)
            throw new InvalidInputException("--poll", $"'{text}' is not an interval (e.g. 60s, 5m, 1h)");
        var number = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var interval = match.Groups[2].Value.ToLowerInvariant() switch
        {
            "ms" => TimeSpan.FromMilliseconds(number),
            "m" => TimeSpan.FromMinutes(number),
            "h" => TimeSpan.FromHours(number),
            _ => TimeSpan.FromSeconds(number),
        };
        if (interval < TimeSpan.FromSeconds(1))
            throw new InvalidInputException("--poll", $"'{text}' is shorter than one second");
        return interval;
    }

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)\s*(ms|s|m|h)?$", RegexOptions.IgnoreCase)]
    private static partial Regex Interval();

    [GeneratedRegex(@"^[A-Za-z0-9._/-]+$")]
    private static partial Regex BranchName();
}
