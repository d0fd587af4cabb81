using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using OpenFn.Runner.History;

namespace OpenFn.Runner.Tests.Deploy;

/// <summary>
/// <c>openfn serve --git</c> end to end: a bare repository in a temp folder stands for GitHub, commits are pushed
/// with git, and a real serve process (free loopback port, per-second cron) deploys them.
/// </summary>
[NonParallelizable]
public class GitDeployTests
{
    private const string WebhookSecret = "webhook-s3cret";

    private TempFolder _folder = null!;
    private GitRepo _repo = null!;
    private string _credentials = null!;

    [SetUp]
    public void CreateRepository()
    {
        _folder = new TempFolder();
        _repo = GitRepo.Create(_folder.File("github"));
        _credentials = _folder.Write("runner/credentials.json", $$"""{ "api": { "token": "from-runner" }, "git-webhook": "{{WebhookSecret}}" }""");
    }

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    /// <summary>One workflow, <c>tick</c>, firing every second; its job's label tells which commit ran.</summary>
    private static string Project(string extraWorkflows = "") => $$"""
        name: deploy-demo
        credentials:
          api: { name: api }
        workflows:
          tick:
            jobs:
              count:
                adaptor: common
                credential: api
                body: { path: ./jobs/count.js }
            triggers:
              every-second: { type: cron, cron_expression: '* * * * * ?' }
            edges:
              every-second->count: { source_trigger: every-second, target_job: count }
        {{extraWorkflows}}
        """;

    private static string CountJob(string label) =>
        $"fn(state => ({{ label: '{label}', fromRunner: state.configuration.token === 'from-runner' }}));\n";

    private const string TockWorkflow = """
          tock:
            jobs:
              ring: { adaptor: common, body: "fn(state => ({ label: 'tock' }));" }
            triggers:
              every-second: { type: cron, cron_expression: '* * * * * ?' }
            edges:
              every-second->ring: { source_trigger: every-second, target_job: ring }
        """;

    private string PushFirstVersion() => _repo.Push("First version", new Dictionary<string, string?>
    {
        ["project.yaml"] = Project(),
        ["jobs/count.js"] = CountJob("v1"),
        // Credentials committed by mistake are never read: values come only from the runner's own file.
        ["credentials.json"] = """{ "api": { "token": "from-repo" } }""",
        [".openfn/credentials.json"] = """{ "api": { "token": "from-repo" } }""",
    });

    private Task<ServeProcess> StartServeAsync(string poll) =>
        ServeProcess.StartAsync(_folder, "--git", _repo.Bare, "--poll", poll, "-c", _credentials);

    private static async Task<IReadOnlyList<DeploymentRecord>> WaitForDeploymentAsync(ServeProcess serve, string sha)
    {
        await using var history = serve.History();
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var deployments = await history.ListDeploymentsAsync();
            if (deployments.Any(d => d.CommitSha == sha))
                return deployments;
            if (DateTimeOffset.UtcNow > deadline)
                Assert.Fail($"commit {sha} was never deployed or rejected:\n{serve.Log}");
            await Task.Delay(100);
        }
    }

    private static Func<IReadOnlyList<RunRecord>, bool> SuccessfulRunsOf(string sha, int count, DateTimeOffset? createdAfter = null) =>
        runs => runs.Count(r => r.ProjectVersion == sha && r.Status == RunState.Success && r.CreatedAt > (createdAfter ?? DateTimeOffset.MinValue)) >= count;

    [Test]
    public async Task A_pushed_change_is_live_within_a_poll_and_added_and_removed_workflows_are_scheduled_and_unscheduled()
    {
        var v1 = PushFirstVersion();
        await using var serve = await StartServeAsync("1s");
        var first = (await serve.WaitForRunsAsync(SuccessfulRunsOf(v1, 1), workflow: "tick")).First(r => r.Status == RunState.Success);
        Assert.That((first.FinalState!["label"]!.GetValue<string>(), first.FinalState["fromRunner"]!.GetValue<bool>()), Is.EqualTo(("v1", true)),
            "the credential comes from the runner's file, not from the repository");

        var pushedAt = DateTimeOffset.UtcNow;
        var v2 = _repo.Push("Count: label v2", new Dictionary<string, string?> { ["jobs/count.js"] = CountJob("v2") });
        var deployment = (await WaitForDeploymentAsync(serve, v2)).First(d => d.CommitSha == v2);
        Assert.That((deployment.Result, deployment.Author, deployment.Message, deployment.Branch),
            Is.EqualTo((DeploymentResult.Deployed, "Sokha Chan <sokha@example.org>", "Count: label v2", "master")));
        var latency = deployment.DeployedAt - pushedAt;
        TestContext.Out.WriteLine($"push → live: {latency.TotalMilliseconds:0} ms with a 1 s poll");
        Assert.That(latency, Is.LessThan(TimeSpan.FromSeconds(1) + TimeSpan.FromSeconds(10)), "live within one poll interval (plus fetch and check, with room for a loaded machine)");
        var runs = await serve.WaitForRunsAsync(SuccessfulRunsOf(v2, 2), workflow: "tick");
        var next = runs.First(r => r.ProjectVersion == v2);
        Assert.That(next.FinalState!["label"]!.GetValue<string>(), Is.EqualTo("v2"), "the next run uses the new job");
        Assert.That(runs.Where(r => r.CreatedAt > deployment.DeployedAt.AddSeconds(0.5)).Select(r => r.ProjectVersion).Distinct(), Is.EqualTo(new[] { v2 }));

        var v3 = _repo.Push("Add tock", new Dictionary<string, string?> { ["project.yaml"] = Project(TockWorkflow) });
        var tock = (await serve.WaitForRunsAsync(SuccessfulRunsOf(v3, 1), workflow: "tock")).First(r => r.Status == RunState.Success);
        Assert.That(tock.FinalState!["label"]!.GetValue<string>(), Is.EqualTo("tock"));
        Assert.That(serve.Log, Does.Contain("Scheduled tock/every-second"));

        var v4 = _repo.Push("Remove tock", new Dictionary<string, string?> { ["project.yaml"] = Project() });
        await serve.WaitForLogAsync("Unscheduled tock/every-second");
        var unscheduledAt = DateTimeOffset.UtcNow;
        await serve.WaitForRunsAsync(SuccessfulRunsOf(v4, 2, createdAfter: unscheduledAt), workflow: "tick");
        await using (var history = serve.History())
        {
            var tockRuns = await history.ListRunsAsync(new RunQuery { Workflow = "tock", Limit = 500 });
            Assert.That(tockRuns.Where(r => r.CreatedAt > unscheduledAt), Is.Empty, "a removed workflow fires no more");
        }

        await WaitUntilAsync(() => CheckoutFolders(serve).SequenceEqual([v4]), () => $"old checkouts never removed: {string.Join(", ", CheckoutFolders(serve))}");
    }

    [Test]
    public async Task A_commit_that_does_not_check_is_rejected_with_its_reasons_and_the_old_version_keeps_firing_also_after_a_restart()
    {
        var v1 = PushFirstVersion();
        const string broken = "fn(state => state);\nfn(state => ({ ...state, label: 'v2' );\n";
        var column = broken.Split('\n')[1].IndexOf(" );", StringComparison.Ordinal) + 2; // the stray ')', 1-based
        string bad;
        await using (var serve = await StartServeAsync("1s"))
        {
            await serve.WaitForRunsAsync(SuccessfulRunsOf(v1, 1), workflow: "tick");

            bad = _repo.Push("Broken count", new Dictionary<string, string?> { ["jobs/count.js"] = broken });
            var rejection = (await WaitForDeploymentAsync(serve, bad)).First(d => d.CommitSha == bad);
            Assert.That(rejection.Result, Is.EqualTo(DeploymentResult.Rejected));
            Assert.That(rejection.Reasons.Single(), Does.StartWith($"jobs/count.js:2:{column}: workflows.tick.jobs.count.body: "));

            var after = await serve.WaitForRunsAsync(SuccessfulRunsOf(v1, 2, createdAfter: rejection.DeployedAt), workflow: "tick");
            Assert.That(after.Where(r => r.CreatedAt > rejection.DeployedAt).Select(r => (r.ProjectVersion, r.FinalState?["label"]?.GetValue<string>())).Distinct(),
                Is.EqualTo(new[] { ((string?)v1, (string?)"v1") }), "the previous version keeps firing");

            var list = Openfn.Run(_folder.Path, "deployments", "list", "--data-dir", serve.DataDir);
            Assert.That(list.ExitCode, Is.EqualTo(0), list.ToString());
            var lines = list.Stdout.Split('\n');
            Assert.That(lines.Any(l => l.Contains(bad[..12]) && l.Contains("rejected") && l.Contains("Broken count")), list.Stdout);
            Assert.That(lines.Any(l => l.Contains(v1[..12]) && l.Contains("deployed") && l.Contains("First version")), list.Stdout);
            Assert.That(list.Stdout, Does.Contain($"    jobs/count.js:2:{column}: workflows.tick.jobs.count.body"));
            Assert.That(await serve.StopAsync(), Is.EqualTo(0), serve.Log);
        }

        await using var restarted = await StartServeAsync("1s");
        var restartedAt = DateTimeOffset.UtcNow;
        await restarted.WaitForRunsAsync(SuccessfulRunsOf(v1, 1, createdAfter: restartedAt), workflow: "tick");
        Assert.That(restarted.Log, Does.Contain($"Serving the last deployed commit {v1[..12]}"));
        await using var history = restarted.History();
        Assert.That((await history.ListDeploymentsAsync()).Count(d => d.CommitSha == bad), Is.EqualTo(1), "a restart does not record the same rejection again");
    }

    [Test]
    public async Task A_signed_push_webhook_deploys_at_once_and_a_bad_or_missing_signature_gets_401_and_fetches_nothing()
    {
        var v1 = PushFirstVersion();
        await using var serve = await StartServeAsync("1h");
        await serve.WaitForRunsAsync(SuccessfulRunsOf(v1, 1), workflow: "tick");
        var v2 = _repo.Push("Count: label v2", new Dictionary<string, string?> { ["jobs/count.js"] = CountJob("v2") });
        var push = $$"""{ "ref": "refs/heads/master", "after": "{{v2}}", "repository": { "full_name": "unicef/cambodia" } }""";

        var unsigned = await PostHookAsync(serve, push, signature: null);
        var wrong = await PostHookAsync(serve, push, Sign("not-the-secret", push));
        var otherBody = await PostHookAsync(serve, push, Sign(WebhookSecret, push.Replace("master", "mastery")));
        Assert.That((unsigned.StatusCode, wrong.StatusCode, otherBody.StatusCode), Is.EqualTo((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized)));
        var refused = await serve.WaitForRunsAsync(SuccessfulRunsOf(v1, 2, createdAfter: DateTimeOffset.UtcNow), workflow: "tick");
        Assert.That(refused.Any(r => r.ProjectVersion == v2), Is.False);
        Assert.That(GitRepo.Git(Path.Combine(serve.DataDir, "deploy", "repository.git"), "rev-parse", "refs/heads/master").Trim(), Is.EqualTo(v1),
            "nothing was fetched");
        Assert.That(serve.Log, Does.Not.Contain(WebhookSecret));

        var ping = await PostHookAsync(serve, """{ "zen": "Keep it logically awesome." }""", Sign(WebhookSecret, """{ "zen": "Keep it logically awesome." }"""), "ping");
        Assert.That(ping.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var otherBranch = push.Replace("refs/heads/master", "refs/heads/feature");
        var ignored = await PostHookAsync(serve, otherBranch, Sign(WebhookSecret, otherBranch));
        Assert.That((ignored.StatusCode, await ignored.Content.ReadAsStringAsync()), Is.EqualTo((HttpStatusCode.Accepted, """{"status":"ignored","message":"a push to refs/heads/feature; this runner deploys refs/heads/master"}""")));

        var signed = await PostHookAsync(serve, push, Sign(WebhookSecret, push));
        Assert.That(signed.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), serve.Log);
        var deployment = (await WaitForDeploymentAsync(serve, v2)).First(d => d.CommitSha == v2);
        Assert.That(deployment.Result, Is.EqualTo(DeploymentResult.Deployed), "deployed at once, with an hour to the next poll");
        var runs = await serve.WaitForRunsAsync(SuccessfulRunsOf(v2, 1), workflow: "tick");
        Assert.That(runs.First(r => r.ProjectVersion == v2).FinalState!["label"]!.GetValue<string>(), Is.EqualTo("v2"));
    }

    [Test]
    public async Task A_deploy_while_a_run_is_in_flight_leaves_it_on_its_version_and_its_files_go_once_it_ends()
    {
        using var partner = new HeldServer();
        string HoldProject(string label) => $$"""
            name: hold-demo
            workflows:
              hold:
                jobs:
                  call:
                    adaptor: '@openfn/language-http@7.2.10'
                    body: |
                      get('{{partner.Url}}');
                      fn(state => ({ label: '{{label}}', answer: state.data.answer }));
                triggers:
                  webhook: { type: webhook }
                edges:
                  webhook->call: { source_trigger: webhook, target_job: call }
            """;
        var v1 = _repo.Push("Hold v1", new Dictionary<string, string?> { ["project.yaml"] = HoldProject("v1") });
        await using var serve = await StartServeAsync("1s");

        var started = await serve.Http.PostAsync($"{serve.BaseUrl}/inbox/hold", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.That(started.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), serve.Log);
        await partner.FirstRequest.WaitAsync(TimeSpan.FromSeconds(60)); // the run is now inside its job, waiting on the partner

        var v2 = _repo.Push("Hold v2", new Dictionary<string, string?> { ["project.yaml"] = HoldProject("v2") });
        var deployment = (await WaitForDeploymentAsync(serve, v2)).First(d => d.CommitSha == v2);
        Assert.That(deployment.Result, Is.EqualTo(DeploymentResult.Deployed));
        await using (var history = serve.History())
        {
            var inFlight = (await history.ListRunsAsync(new RunQuery { Workflow = "hold" })).Single();
            Assert.That((inFlight.Status, inFlight.ProjectVersion), Is.EqualTo((RunState.Running, (string?)v1)), "the deploy did not disturb the running run");
        }
        Assert.That(CheckoutFolders(serve), Does.Contain(v1), "the running run's files stay");

        partner.Release();
        var oldRun = (await serve.WaitForRunsAsync(r => r.Any(x => x.Status.IsFinal()), workflow: "hold")).Single();
        Assert.That((oldRun.Status, oldRun.ProjectVersion, oldRun.FinalState!["label"]!.GetValue<string>(), oldRun.FinalState["answer"]!.GetValue<int>()),
            Is.EqualTo((RunState.Success, (string?)v1, "v1", 42)), oldRun.Error);

        await serve.Http.PostAsync($"{serve.BaseUrl}/inbox/hold", new StringContent("{}", Encoding.UTF8, "application/json"));
        var newRun = (await serve.WaitForRunsAsync(r => r.Count(x => x.Status.IsFinal()) == 2, workflow: "hold")).Last();
        Assert.That((newRun.Status, newRun.ProjectVersion, newRun.FinalState!["label"]!.GetValue<string>()), Is.EqualTo((RunState.Success, (string?)v2, "v2")));

        await WaitUntilAsync(() => !CheckoutFolders(serve).Contains(v1), () => "the old commit's files were never removed");
        Assert.That(CheckoutFolders(serve), Is.EqualTo(new[] { v2 }));
    }

    [Test]
    public void Serve_exits_9_when_the_repository_cannot_be_fetched_or_no_commit_passes_the_checks()
    {
        var dataDir = _folder.File(".openfn");

        var missing = Openfn.Run(_folder.Path, "serve", "--git", _folder.File("no-such-repo.git"), "--port", "0", "--data-dir", dataDir);
        Assert.That(missing.ExitCode, Is.EqualTo(9), missing.ToString());
        Assert.That(missing.Stderr, Does.Contain("git fetch failed: ").And.Contain("Nothing valid to serve from"));

        var bad = _repo.Push("Broken from the start", new Dictionary<string, string?> { ["project.yaml"] = Project(), ["jobs/count.js"] = "fn(state => state;\n" });
        var invalid = Openfn.Run(_folder.Path, "serve", "--git", _repo.Bare, "--port", "0", "--data-dir", dataDir, "-c", _credentials);
        Assert.That(invalid.ExitCode, Is.EqualTo(9), invalid.ToString());
        var list = Openfn.Run(_folder.Path, "deployments", "list", "--result", "rejected", "--data-dir", dataDir);
        Assert.That(list.Stdout, Does.Contain(bad[..12]).And.Contain("    jobs/count.js:1:"), list.ToString());
    }

    private static async Task<HttpResponseMessage> PostHookAsync(ServeProcess serve, string body, string? signature, string githubEvent = "push")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{serve.BaseUrl}/hooks/git") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", githubEvent);
        if (signature is not null)
            request.Headers.Add("X-Hub-Signature-256", signature);
        return await serve.Http.SendAsync(request);
    }

    /// <summary>Signed here with .NET's HMAC directly, as GitHub signs: <c>sha256=</c> and the lower-case hex HMAC of the raw body.</summary>
    private static string Sign(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    private static string[] CheckoutFolders(ServeProcess serve) =>
        Directory.GetDirectories(Path.Combine(serve.DataDir, "deploy", "checkouts")).Select(f => Path.GetFileName(f)!).Order().ToArray();

    private static async Task WaitUntilAsync(Func<bool> condition, Func<string> failure)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
                Assert.Fail(failure());
            await Task.Delay(100);
        }
    }

    /// <summary>A partner system on loopback whose first answer waits until the test releases it; later ones answer at once.</summary>
    private sealed class HeldServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly TaskCompletionSource _firstRequest = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HeldServer()
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://127.0.0.1:{port}/answer";
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _ = ServeAsync();
        }

        public string Url { get; }
        public Task FirstRequest => _firstRequest.Task;

        public void Release() => _release.TrySetResult();

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                _ = Task.Run(async () =>
                {
                    _firstRequest.TrySetResult();
                    await _release.Task;
                    var body = """{ "answer": 42 }"""u8.ToArray();
                    context.Response.ContentType = "application/json";
                    await context.Response.OutputStream.WriteAsync(body);
                    context.Response.Close();
                });
            }
        }

        public void Dispose()
        {
            _release.TrySetResult();
            _listener.Close();
        }
    }
}
