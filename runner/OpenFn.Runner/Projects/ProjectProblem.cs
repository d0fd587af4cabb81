namespace OpenFn.Runner.Projects;

public enum ProblemSeverity
{
    Error,
    Warning,
}

/// <summary>One thing wrong with a project (or a workflow file): where it is, which key, and what is wrong.</summary>
public sealed record ProjectProblem(string File, int Line, int Column, string KeyPath, string Message, ProblemSeverity Severity = ProblemSeverity.Error)
{
    /// <summary>The source line with a caret under the column (Babel-style), for code problems; empty otherwise.</summary>
    public string CodeFrame { get; init; } = "";

    /// <summary>The one-line form followed by the code frame, for people reading a terminal.</summary>
    public string Describe() => CodeFrame.Length == 0 ? ToString() : ToString() + Environment.NewLine + CodeFrame;

    /// <summary><c>project.yaml:12:7: workflows.sync.jobs.get.adaptor: unknown adaptor 'foo'</c>.</summary>
    public override string ToString()
    {
        var where = Line > 0 ? $"{File}:{Line}:{Column}" : File;
        var key = string.IsNullOrEmpty(KeyPath) ? "" : KeyPath + ": ";
        var warning = Severity == ProblemSeverity.Warning ? "warning: " : "";
        return $"{where}: {warning}{key}{Message}";
    }
}

/// <summary>Thrown when a project, workflow, state or credentials file cannot be used; carries every problem found.</summary>
public sealed class InvalidInputException(IReadOnlyList<ProjectProblem> problems)
    : Exception(string.Join(Environment.NewLine, problems.Where(p => p.Severity == ProblemSeverity.Error)))
{
    public InvalidInputException(string file, string message) : this([new ProjectProblem(file, 0, 0, "", message)])
    {
    }

    public IReadOnlyList<ProjectProblem> Problems { get; } = problems;
}
