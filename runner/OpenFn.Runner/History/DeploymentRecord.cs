namespace OpenFn.Runner.History;

/// <summary>What became of a commit the runner tried to deploy.</summary>
public enum DeploymentResult
{
    /// <summary>It passed the checks and became the active project version.</summary>
    Deployed,

    /// <summary>It did not pass <c>openfn check</c>; the previous version kept running.</summary>
    Rejected,

    /// <summary>It could not be checked out; the previous version kept running.</summary>
    Failed,
}

public static class DeploymentResults
{
    public static string ToText(this DeploymentResult result) => result.ToString().ToLowerInvariant();

    public static DeploymentResult Parse(string text) => Enum.Parse<DeploymentResult>(text, ignoreCase: true);
}

/// <summary>One attempt to deploy a commit of the project repository (<c>openfn serve --git</c>).</summary>
public sealed record DeploymentRecord
{
    public required string Id { get; init; }
    public required string CommitSha { get; init; }
    public required string Branch { get; init; }

    /// <summary><c>Name &lt;email&gt;</c> of the commit's author.</summary>
    public required string Author { get; init; }

    /// <summary>The full commit message.</summary>
    public required string Message { get; init; }

    public required DateTimeOffset CommittedAt { get; init; }

    /// <summary>When the runner checked the commit and activated or rejected it.</summary>
    public required DateTimeOffset DeployedAt { get; init; }

    public required DeploymentResult Result { get; init; }

    /// <summary>Every problem found, as <c>file:line:col: key.path: message</c> with paths relative to the repository.</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];
}
