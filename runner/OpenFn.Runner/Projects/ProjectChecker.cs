using OpenFn.Runner.Credentials;

namespace OpenFn.Runner.Projects;

/// <summary>
/// Everything <c>openfn check</c> verifies, and what serve verifies before it activates a project: the structure
/// (<see cref="ProjectLoader"/>), every adaptor, every job's code and top-level operations, and — when a credentials
/// source is configured — that every credential a job or inbox names has values.
/// </summary>
public sealed class ProjectChecker(JobChecker jobs)
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
                        credentials.MissingMessage(trigger.InboxSecret!)));
            }
        }
        return loaded with { Problems = problems };
    }

    private void CheckJob(WorkflowSpec workflow, JobSpec job, CredentialStore? credentials, List<ProjectProblem> problems)
    {
        var keyPath = $"workflows.{workflow.Key}.jobs.{job.Key}";
        problems.AddRange(jobs.Check(job.Body, job.Adaptor, keyPath, "body", job.AdaptorAt ?? job.At));
        if (job.Credential is not null && credentials is not null && credentials.Find(job.Credential) is null)
        {
            var at = job.CredentialAt ?? job.At;
            problems.Add(new ProjectProblem(at.File, at.Line, at.Column, keyPath + ".credential", credentials.MissingMessage(job.Credential)));
        }
    }
}
