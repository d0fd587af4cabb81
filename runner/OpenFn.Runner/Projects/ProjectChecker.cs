using System.Text.RegularExpressions;
using OpenFn.Adaptors.Common;
using OpenFn.Compiler;
using OpenFn.Runner.Credentials;
using OpenFn.Runtime;

namespace OpenFn.Runner.Projects;

/// <summary>
/// Everything <c>openfn check</c> verifies, and what serve verifies before it activates a project: the structure
/// (<see cref="ProjectLoader"/>), every adaptor, every job's code and top-level operations, and — when a credentials
/// source is configured — that every credential a job or inbox names has values.
/// </summary>
public sealed partial class ProjectChecker(AdaptorRegistry adaptors, JobCompiler compiler)
{
    public ProjectLoadResult Check(string path, CredentialStore? credentials, string? version = null)
    {
        var loaded = ProjectLoader.Load(path, version);
        if (loaded.Project is null)
            return loaded;
        var problems = loaded.Problems.ToList();
        foreach (var workflow in loaded.Project.Workflows)
        {
            foreach (var job in workflow.Jobs)
                CheckJob(workflow, job, credentials, problems);
            foreach (var trigger in workflow.Triggers.Where(t => t.InboxSecret is not null && credentials is not null))
            {
                if (credentials!.FindSecret(trigger.InboxSecret!) is null)
                    problems.Add(new ProjectProblem(trigger.At.File, trigger.At.Line, trigger.At.Column, $"workflows.{workflow.Key}.triggers.{trigger.Key}.inbox_secret",
                        $"no secret for '{trigger.InboxSecret}': add it to {credentials.File ?? "the credentials file"} or set {CredentialStore.EnvironmentName(trigger.InboxSecret!)}"));
            }
        }
        return loaded with { Problems = problems };
    }

    private void CheckJob(WorkflowSpec workflow, JobSpec job, CredentialStore? credentials, List<ProjectProblem> problems)
    {
        var keyPath = $"workflows.{workflow.Key}.jobs.{job.Key}";
        IAdaptorVersion adaptor;
        try
        {
            adaptor = adaptors.Resolve(job.Adaptor);
        }
        catch (AdaptorResolutionException e)
        {
            var at = job.AdaptorAt ?? job.At;
            problems.Add(new ProjectProblem(at.File, at.Line, at.Column, keyPath + ".adaptor", e.Message));
            return;
        }

        var exports = adaptor.Operations.Select(o => o.Name).Concat(adaptor.CommonExports).ToHashSet(StringComparer.Ordinal);
        var compiled = compiler.Compile(job.Body, new CompileOptions { AdaptorExports = exports, AdaptorName = $"{adaptor.Adaptor.PackageName}@{adaptor.Version}" });
        foreach (var diagnostic in compiled.Diagnostics)
            problems.Add(new ProjectProblem(diagnostic.FileName, diagnostic.Line, diagnostic.Column, keyPath + ".body", diagnostic.Message));
        foreach (var operation in compiled.Job?.Operations ?? [])
        {
            if (exports.Contains(operation.Name) || operation.Name == "(anonymous)" || DeclaresName(job.Body.Text, operation.Name))
                continue;
            problems.Add(new ProjectProblem(job.Body.FileName, operation.Line, operation.Column, keyPath + ".body",
                $"{operation.Name}() is not an operation of {adaptor.Adaptor.PackageName}@{adaptor.Version} (see `openfn adaptors docs {adaptor.Adaptor.Name}`)"));
        }

        if (job.Credential is not null && credentials is not null && credentials.Find(job.Credential) is null)
        {
            var at = job.CredentialAt ?? job.At;
            problems.Add(new ProjectProblem(at.File, at.Line, at.Column, keyPath + ".credential",
                $"no values for credential '{job.Credential}': add it to {credentials.File ?? "a credentials file (-c)"} or set {CredentialStore.EnvironmentName(job.Credential)}"));
        }
    }

    /// <summary>Whether the job itself defines <paramref name="name"/> (a helper it calls at top level).</summary>
    private static bool DeclaresName(string text, string name) =>
        DeclarationPattern().Matches(text).Any(m => m.Groups["name"].Value == name);

    [GeneratedRegex(@"\b(?:function\s*\*?|const|let|var|class)\s+(?<name>[A-Za-z_$][\w$]*)")]
    private static partial Regex DeclarationPattern();
}
