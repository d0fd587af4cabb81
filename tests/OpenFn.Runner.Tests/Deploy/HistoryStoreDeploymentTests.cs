using OpenFn.Runner.History;

namespace OpenFn.Runner.Tests;

/// <summary>The deployments part of the history store contract (schema version 2), run against SQLite and PostgreSQL.</summary>
public abstract partial class HistoryStoreContractTests
{
    private static DeploymentRecord Deployment(string sha, int minutes, DeploymentResult result, params string[] reasons) => new()
    {
        Id = Guid.NewGuid().ToString(),
        CommitSha = sha,
        Branch = "master",
        Author = "Sokha Chan <sokha@example.org>",
        Message = "Référrals: map ក្មេង ages\n\nLonger body 😀",
        CommittedAt = T0.AddMinutes(minutes - 1),
        DeployedAt = T0.AddMinutes(minutes),
        Result = result,
        Reasons = reasons,
    };

    [Test]
    public async Task Deployments_round_trip_newest_first_and_filter_by_result()
    {
        await using var store = await OpenAsync("deployments");
        var first = Deployment(new string('a', 40), 0, DeploymentResult.Deployed);
        var rejected = Deployment(new string('b', 40), 1, DeploymentResult.Rejected,
            "jobs/get.js:3:14: workflows.sync.jobs.get.body: Unexpected token ')'", "project.yaml:9:7: workflows.sync.jobs.post.adaptor: unknown adaptor 'nope'");
        var second = Deployment(new string('c', 40), 2, DeploymentResult.Deployed, "project.yaml:2:1: warning: unknown key (ignored)");
        foreach (var deployment in new[] { first, rejected, second })
            await store.AddDeploymentAsync(deployment);

        var all = await store.ListDeploymentsAsync();
        Assert.That(all.Select(d => d.CommitSha[0]), Is.EqualTo(new[] { 'c', 'b', 'a' }));
        var read = all[1];
        Assert.That(read with { Reasons = [] }, Is.EqualTo(rejected with { Reasons = [] }));
        Assert.That(read.Reasons, Is.EqualTo(rejected.Reasons));
        Assert.That(all[2].Reasons, Is.Empty);

        var deployed = await store.ListDeploymentsAsync(DeploymentResult.Deployed, limit: 1);
        Assert.That(deployed.Single().CommitSha, Is.EqualTo(second.CommitSha));
    }

    [Test]
    public async Task A_schema_1_database_is_upgraded_with_its_runs_kept()
    {
        await using (var store = await OpenAsync("upgrade"))
            await store.CreateRunAsync(Run("01920000-0000-7000-8000-000000000001"));
        await ExecuteSqlAsync("upgrade", "DROP TABLE deployments; UPDATE schema_version SET version = 1");

        await using var upgraded = await OpenAsync("upgrade");

        Assert.That(await upgraded.GetSchemaVersionAsync(), Is.EqualTo(2));
        Assert.That(await upgraded.FindRunAsync("01920000-0000-7000-8000-000000000001"), Is.Not.Null);
        await upgraded.AddDeploymentAsync(Deployment(new string('d', 40), 0, DeploymentResult.Failed, "git archive failed"));
        Assert.That((await upgraded.ListDeploymentsAsync()).Single().Result, Is.EqualTo(DeploymentResult.Failed));
    }
}
