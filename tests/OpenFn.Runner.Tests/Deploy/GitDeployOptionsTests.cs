using OpenFn.Runner.Deploy;
using OpenFn.Runner.Projects;

namespace OpenFn.Runner.Tests.Deploy;

public class GitDeployOptionsTests
{
    [TestCase("60s", 60_000)]
    [TestCase("90", 90_000)]
    [TestCase("5m", 300_000)]
    [TestCase("1h", 3_600_000)]
    [TestCase("1500ms", 1_500)]
    [TestCase("2.5s", 2_500)]
    public void Poll_intervals_are_read_with_their_unit(string text, int milliseconds) =>
        Assert.That(GitDeployOptions.ParseInterval(text), Is.EqualTo(TimeSpan.FromMilliseconds(milliseconds)));

    [TestCase("soon")]
    [TestCase("-5s")]
    [TestCase("500ms")]
    [TestCase("5 days")]
    public void A_bad_or_too_short_poll_interval_is_invalid_input(string text)
    {
        var problem = Assert.Throws<InvalidInputException>(() => GitDeployOptions.ParseInterval(text))!.Problems.Single();
        Assert.That(problem.File, Is.EqualTo("--poll"));
    }

    [TestCase("--upload-pack=touch /tmp/x", "master", "project.yaml", "--git")]
    [TestCase("https://example.org/p.git", "-f", "project.yaml", "--branch")]
    [TestCase("https://example.org/p.git", "main branch", "project.yaml", "--branch")]
    [TestCase("https://example.org/p.git", "a..b", "project.yaml", "--branch")]
    [TestCase("https://example.org/p.git", "master", "../outside/project.yaml", "--project")]
    [TestCase("https://example.org/p.git", "master", "/etc/project.yaml", "--project")]
    public void Options_that_would_leave_the_repository_or_pass_git_an_option_are_refused(string url, string branch, string project, string option)
    {
        var problem = Assert.Throws<InvalidInputException>(() => GitDeployOptions.Create(url, branch, "60s", "git-webhook", project))!.Problems.Single();
        Assert.That(problem.File, Is.EqualTo(option));
    }

    [Test]
    public void A_local_repository_path_is_made_absolute()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.File("repo.git"));
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, folder.File("repo.git"));

        var options = GitDeployOptions.Create(relative, "release/2026", "1m", "hook", "projects/cambodia/project.yaml");

        Assert.That((options.Url, options.Branch, options.Poll, options.ProjectFile),
            Is.EqualTo((folder.File("repo.git"), "release/2026", TimeSpan.FromMinutes(1), "projects/cambodia/project.yaml")));
    }
}
