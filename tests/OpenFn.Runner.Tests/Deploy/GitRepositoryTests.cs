using OpenFn.Runner.Deploy;

namespace OpenFn.Runner.Tests.Deploy;

/// <summary>The runner's clone, against a real bare repository and the git command line.</summary>
public class GitRepositoryTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TempFolder();

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    [Test]
    public async Task Fetch_reads_the_branch_head_its_commit_and_exports_its_files_without_git_metadata()
    {
        var origin = GitRepo.Create(_folder.File("origin"));
        origin.Push("First", new Dictionary<string, string?> { ["project.yaml"] = "name: a\n" });
        var sha = origin.Push("Référrals: map ក្មេង ages\n\nWhy: the OSCaR form changed.", new Dictionary<string, string?>
        {
            ["project.yaml"] = "name: b\n",
            ["jobs/get.js"] = "fn(state => state);\n",
        }, author: "Dara Sok <dara@example.org>");
        var clone = new GitRepository(_folder.File("runner/repository.git"), origin.Bare);

        await clone.InitAsync(CancellationToken.None);
        var head = await clone.FetchAsync("master", CancellationToken.None);
        var commit = await clone.ReadCommitAsync(head, CancellationToken.None);
        await clone.ExportAsync(head, Directory.CreateDirectory(_folder.File("checkout")).FullName, CancellationToken.None);

        Assert.That(head, Is.EqualTo(sha));
        Assert.That((commit.Sha, commit.Author, commit.Message),
            Is.EqualTo((sha, "Dara Sok <dara@example.org>", "Référrals: map ក្មេង ages\n\nWhy: the OSCaR form changed.")));
        Assert.That(commit.CommittedAt, Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(5)));
        Assert.That(File.ReadAllText(_folder.File("checkout/project.yaml")), Is.EqualTo("name: b\n"));
        Assert.That(File.ReadAllText(_folder.File("checkout/jobs/get.js")), Is.EqualTo("fn(state => state);\n"));
        Assert.That(Directory.Exists(_folder.File("checkout/.git")), Is.False);
        Assert.That(await clone.HeadAsync("master", CancellationToken.None), Is.EqualTo(sha), "the fetched head is kept for a restart without network");
    }

    [Test]
    public async Task A_missing_branch_or_repository_is_a_git_error_naming_it()
    {
        var origin = GitRepo.Create(_folder.File("origin"));
        origin.Push("First", new Dictionary<string, string?> { ["project.yaml"] = "name: a\n" });
        var clone = new GitRepository(_folder.File("runner/repository.git"), origin.Bare);
        await clone.InitAsync(CancellationToken.None);

        var noBranch = Assert.ThrowsAsync<GitException>(() => clone.FetchAsync("production", CancellationToken.None))!;
        Assert.That(noBranch.Message, Does.StartWith("git fetch failed:").And.Contain("production"));
        Assert.That(await clone.HeadAsync("production", CancellationToken.None), Is.Null);

        var nowhere = new GitRepository(_folder.File("runner/repository.git"), _folder.File("no-such-repo.git"));
        var noRepository = Assert.ThrowsAsync<GitException>(() => nowhere.FetchAsync("master", CancellationToken.None))!;
        Assert.That(noRepository.Message, Does.StartWith("git fetch failed:"));
    }

    [Test]
    public async Task A_token_or_password_in_the_url_never_appears_in_messages()
    {
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop(); // nothing listens there now: the fetch fails to connect
        var url = $"http://deploy-bot:ghp_S3cretToken@127.0.0.1:{port}/unicef/cambodia.git";
        var clone = new GitRepository(_folder.File("runner/repository.git"), url);
        await clone.InitAsync(CancellationToken.None);

        var error = Assert.ThrowsAsync<GitException>(() => clone.FetchAsync("master", CancellationToken.None))!;

        Assert.That(clone.DisplayUrl, Is.EqualTo($"http://***@127.0.0.1:{port}/unicef/cambodia.git"));
        Assert.That(error.Message, Does.Not.Contain("S3cret").And.Not.Contain("deploy-bot"));
        Assert.That(error.Message, Does.Contain("127.0.0.1"), "the message still says which server failed");
    }
}
