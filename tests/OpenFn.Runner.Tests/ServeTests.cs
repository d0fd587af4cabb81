using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OpenFn.Runner.History;

namespace OpenFn.Runner.Tests;

/// <summary><c>openfn serve</c> end to end: a real process, real Quartz triggers, real Kestrel on a free loopback port, real SQLite.</summary>
[NonParallelizable]
public class ServeTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TempFolder();

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    private const string CronProject = """
        name: cron-demo
        workflows:
          tick:
            jobs:
              count:
                adaptor: common
                body: |
                  fn(state => ({ ...state, count: (state.count || 0) + 1 }));
            triggers:
              every-second:
                type: cron
                cron_expression: '* * * * * ?'
            edges:
              every-second->count: { source_trigger: every-second, target_job: count }
        """;

    [Test]
    public async Task A_cron_run_starts_from_the_previous_final_state_and_a_restart_keeps_history_and_cursor()
    {
        _folder.Write("project.yaml", CronProject);
        List<RunRecord> firstRuns;
        await using (var serve = await ServeProcess.StartAsync(_folder))
        {
            firstRuns = (await serve.WaitForRunsAsync(runs => runs.Count(r => r.Status == RunState.Success) >= 3)).ToList();
            Assert.That(await serve.StopAsync(), Is.EqualTo(0), serve.Log);
        }
        var successful = firstRuns.Where(r => r.Status == RunState.Success).ToList();
        Assert.That(successful.Take(3).Select(r => r.FinalState!["count"]!.GetValue<int>()), Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(successful[1].Input!["count"]!.GetValue<int>(), Is.EqualTo(1), "the second run starts from the first run's final state");
        Assert.That(successful.All(r => r is { TriggerType: "cron", Trigger: "every-second", ProjectVersion.Length: 12 }));

        await using (var history = new SqliteHistoryStore(_folder.File(".openfn/history.db")))
        {
            var cursor = await history.GetCursorAsync("tick");
            var lastCount = (await history.ListRunsAsync(new RunQuery { Workflow = "tick", Status = RunState.Success, Limit = 1 }))[0].FinalState!["count"]!.GetValue<int>();
            Assert.That(cursor!.State!["count"]!.GetValue<int>(), Is.EqualTo(lastCount), "the cursor is stored with the run");
        }

        // Let at least two firings pass while the runner is down, so that one is certainly missed (the test of the misfire policy).
        var downUntil = firstRuns.Max(r => r.CreatedAt) + TimeSpan.FromSeconds(3);
        if (downUntil > DateTimeOffset.UtcNow)
            await Task.Delay(downUntil - DateTimeOffset.UtcNow);
        await using var restarted = await ServeProcess.StartAsync(_folder);
        var before = firstRuns.Count;
        var all = await restarted.WaitForRunsAsync(runs => runs.Count(r => r.Status == RunState.Success) > successful.Count && runs.Count > before);
        var afterRestart = all.Where(r => r.Status == RunState.Success).ToList();
        var resumed = afterRestart[successful.Count];
        Assert.That(resumed.Input!["count"]!.GetValue<int>(), Is.EqualTo(afterRestart[successful.Count - 1].FinalState!["count"]!.GetValue<int>()));
        Assert.That(all.Select(r => r.Id), Is.SupersetOf(firstRuns.Select(r => r.Id)), "history survives the restart");
        Assert.That(restarted.Log, Does.Contain("while the runner was down; running it once now (misfire: fire_once)"), "the firings missed while down are made up once");
    }

    [Test]
    public async Task Fires_while_a_run_is_still_going_are_skipped_so_runs_never_overlap()
    {
        _folder.Write("project.yaml", CronProject.Replace(
            "fn(state => ({ ...state, count: (state.count || 0) + 1 }));",
            "fn(state => { const end = Date.now() + 2500; while (Date.now() < end) {} return { ...state, count: (state.count || 0) + 1 }; });"));
        await using var serve = await ServeProcess.StartAsync(_folder);

        var runs = (await serve.WaitForRunsAsync(r => r.Count(x => x.Status == RunState.Success) >= 2)).Where(r => r.Status == RunState.Success).ToList();

        Assert.That(runs[1].StartedAt!.Value, Is.GreaterThanOrEqualTo(runs[0].FinishedAt!.Value), serve.Log);
        Assert.That(runs[1].FinalState!["count"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(serve.Log, Does.Contain("skipped the"));
    }

    private const string InboxProject = """
        name: inbox-demo
        workflows:
          referrals:
            jobs:
              take:
                adaptor: common
                body: |
                  fn(state => ({ received: state.data, method: state.request.method, source: state.request.query_params.source, key: state.request.headers['x-api-key'] }));
            triggers:
              webhook:
                type: webhook
                inbox_secret: dtp-inbox
                max_body_kb: 1
            edges:
              webhook->take: { source_trigger: webhook, target_job: take }
          echo:
            jobs:
              answer:
                adaptor: common
                body: |
                  fn(state => ({ echoed: state.data.n * 2, response: { status: 200 } }));
            triggers:
              webhook: { type: webhook, webhook_reply: after_completion, webhook_response_config: { success_code: 201 } }
            edges:
              webhook->answer: { source_trigger: webhook, target_job: answer }
          bomb:
            limits: { memory_mb: 128 }
            jobs:
              grow:
                adaptor: common
                body: |
                  fn(state => { const a = []; while (true) a.push(new Array(100000).fill('xxxxxxxxxx')); });
            triggers:
              webhook: { type: webhook }
            edges:
              webhook->grow: { source_trigger: webhook, target_job: grow }
          loop:
            limits: { timeout_seconds: 2 }
            jobs:
              spin:
                adaptor: common
                body: |
                  fn(state => { while (true) {} });
            triggers:
              webhook: { type: webhook }
            edges:
              webhook->spin: { source_trigger: webhook, target_job: spin }
          slow:
            limits: { timeout_seconds: 120 }
            jobs:
              spin:
                adaptor: common
                body: |
                  fn(state => { while (true) {} });
            triggers:
              webhook: { type: webhook }
            edges:
              webhook->spin: { source_trigger: webhook, target_job: spin }
        """;

    private async Task<ServeProcess> StartInboxAsync(params string[] extra)
    {
        _folder.Write("project.yaml", InboxProject);
        var credentials = _folder.Write("runner/credentials.json", """{ "dtp-inbox": "inbox-s3cret-key" }""");
        return await ServeProcess.StartAsync(_folder, ["-c", credentials, .. extra]);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Test]
    public async Task The_inbox_accepts_json_into_state_data_and_rejects_bad_json_wrong_secrets_and_large_bodies()
    {
        await using var serve = await StartInboxAsync();
        var http = serve.Http;

        var accepted = new HttpRequestMessage(HttpMethod.Post, $"{serve.BaseUrl}/inbox/referrals?source=dtp") { Content = Json("""{ "case_id": "ab12", "name": "ក្មេង" }""") };
        accepted.Headers.Add("x-api-key", "inbox-s3cret-key");
        var response = await http.SendAsync(accepted);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var runId = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["run_id"]!.GetValue<string>();
        Assert.That(response.Headers.GetValues("x-meta-run-id").Single(), Is.EqualTo(runId));

        var run = (await serve.WaitForRunsAsync(runs => runs.Any(r => r.Id == runId && r.Status.IsFinal()))).Single(r => r.Id == runId);
        Assert.That(run.Status, Is.EqualTo(RunState.Success), serve.Log);
        Assert.That(run.FinalState!["received"]!["name"]!.GetValue<string>(), Is.EqualTo("ក្មេង"));
        Assert.That((run.FinalState["method"]!.GetValue<string>(), run.FinalState["source"]!.GetValue<string>(), run.FinalState["key"]!.GetValue<string>()),
            Is.EqualTo(("POST", "dtp", "[REDACTED]")));
        Assert.That(run.TriggerType, Is.EqualTo("webhook"));

        var badJson = new HttpRequestMessage(HttpMethod.Post, $"{serve.BaseUrl}/inbox/referrals") { Content = Json("{ \"case_id\": ") };
        badJson.Headers.Add("x-api-key", "inbox-s3cret-key");
        response = await http.SendAsync(badJson);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("invalid JSON (line 1, column"));

        var wrongSecret = new HttpRequestMessage(HttpMethod.Post, $"{serve.BaseUrl}/inbox/referrals") { Content = Json("{}") };
        wrongSecret.Headers.Add("x-api-key", "guess");
        Assert.That((await http.SendAsync(wrongSecret)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await http.PostAsync($"{serve.BaseUrl}/inbox/referrals", Json("{}"))).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        var large = new HttpRequestMessage(HttpMethod.Post, $"{serve.BaseUrl}/inbox/referrals") { Content = Json($"{{ \"pad\": \"{new string('x', 2048)}\" }}") };
        large.Headers.Add("x-api-key", "inbox-s3cret-key");
        Assert.That((await http.SendAsync(large)).StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));

        Assert.That((await http.PostAsync($"{serve.BaseUrl}/inbox/nowhere", Json("{}"))).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await http.PostAsync($"{serve.BaseUrl}/inbox/echo", new StringContent("n=1", Encoding.UTF8, "application/x-www-form-urlencoded"))).StatusCode,
            Is.EqualTo(HttpStatusCode.UnsupportedMediaType));

        var history = await serve.WaitForRunsAsync(_ => true);
        Assert.That(history.Count(r => r.Workflow == "referrals"), Is.EqualTo(1), "rejected requests start no run");
    }

    [Test]
    public async Task An_after_completion_inbox_answers_with_the_final_state()
    {
        await using var serve = await StartInboxAsync();

        var response = await serve.Http.PostAsync($"{serve.BaseUrl}/inbox/echo", Json("""{ "n": 21 }"""));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), serve.Log);
        var final = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That(final["echoed"]!.GetValue<int>(), Is.EqualTo(42));
        Assert.That(final["response"], Is.Null, "as on Lightning, serve removes response from step outputs");
    }

    [Test]
    public async Task A_memory_bomb_and_an_endless_loop_end_their_own_runs_while_the_host_keeps_serving()
    {
        await using var serve = await StartInboxAsync();

        var bomb = await serve.Http.PostAsync($"{serve.BaseUrl}/inbox/bomb", Json("{}"));
        var loop = await serve.Http.PostAsync($"{serve.BaseUrl}/inbox/loop", Json("{}"));
        Assert.That((bomb.StatusCode, loop.StatusCode), Is.EqualTo((HttpStatusCode.Accepted, HttpStatusCode.Accepted)));

        var runs = await serve.WaitForRunsAsync(r => r.Count(x => x.Workflow is "bomb" or "loop" && x.Status.IsFinal()) == 2);
        var bombRun = runs.Single(r => r.Workflow == "bomb");
        var loopRun = runs.Single(r => r.Workflow == "loop");
        Assert.That(bombRun.Status, Is.AnyOf(RunState.Killed, RunState.Crashed), bombRun.Error);
        Assert.That(loopRun.Status, Is.EqualTo(RunState.Killed), loopRun.Error);
        Assert.That(loopRun.Error, Does.StartWith("TimeoutError"));

        var after = await serve.Http.PostAsync($"{serve.BaseUrl}/inbox/echo", Json("""{ "n": 2 }"""));
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Created), serve.Log);
        Assert.That((await serve.Http.GetAsync($"{serve.BaseUrl}/health")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_changed_project_is_reloaded_and_an_invalid_change_keeps_the_running_version()
    {
        await using var serve = await StartInboxAsync();
        var first = await serve.Http.PostAsync($"{serve.BaseUrl}/inbox/echo", Json("""{ "n": 1 }"""));
        Assert.That(JsonNode.Parse(await first.Content.ReadAsStringAsync())!["echoed"]!.GetValue<int>(), Is.EqualTo(2));

        _folder.Write("project.yaml", InboxProject.Replace("echoed: state.data.n * 2", "echoed: state.data.n * 10"));
        await serve.WaitForLogAsync("updated: version");
        var second = await serve.Http.PostAsync($"{serve.BaseUrl}/inbox/echo", Json("""{ "n": 1 }"""));
        Assert.That(JsonNode.Parse(await second.Content.ReadAsStringAsync())!["echoed"]!.GetValue<int>(), Is.EqualTo(10));

        _folder.Write("project.yaml", InboxProject.Replace("echoed: state.data.n * 2", "echoed: state.data.n *"));
        await serve.WaitForLogAsync("is not valid; still serving version");
        var third = await serve.Http.PostAsync($"{serve.BaseUrl}/inbox/echo", Json("""{ "n": 1 }"""));
        Assert.That(JsonNode.Parse(await third.Content.ReadAsStringAsync())!["echoed"]!.GetValue<int>(), Is.EqualTo(10));
        Assert.That(serve.Log, Does.Contain("project.yaml:").And.Contain("workflows.echo.jobs.answer.body"));

        var versions = (await serve.WaitForRunsAsync(r => r.Count(x => x.Workflow == "echo") == 3)).Where(r => r.Workflow == "echo").Select(r => r.ProjectVersion).ToList();
        Assert.That(versions[0], Is.Not.EqualTo(versions[1]));
        Assert.That(versions[2], Is.EqualTo(versions[1]));
    }

    [Test]
    public async Task The_concurrency_limit_keeps_runs_of_different_workflows_apart_and_a_killed_run_is_retried()
    {
        _folder.Write("project.yaml", """
            name: limits
            workflows:
              first:
                jobs:
                  busy: { adaptor: common, body: 'fn(state => { const end = Date.now() + 1500; while (Date.now() < end) {} return state; })' }
                triggers: { webhook: { type: webhook } }
                edges: { webhook->busy: { source_trigger: webhook, target_job: busy } }
              second:
                jobs:
                  busy: { adaptor: common, body: 'fn(state => { const end = Date.now() + 1500; while (Date.now() < end) {} return state; })' }
                triggers: { webhook: { type: webhook } }
                edges: { webhook->busy: { source_trigger: webhook, target_job: busy } }
              flaky:
                limits: { timeout_seconds: 1 }
                retry: { attempts: 1, delay_seconds: 0 }
                jobs:
                  spin: { adaptor: common, body: 'fn(state => { while (true) {} })' }
                triggers: { webhook: { type: webhook } }
                edges: { webhook->spin: { source_trigger: webhook, target_job: spin } }
            """);
        await using var serve = await ServeProcess.StartAsync(_folder, "--concurrency", "1");

        await Task.WhenAll(
            serve.Http.PostAsync($"{serve.BaseUrl}/inbox/first", Json("{}")),
            serve.Http.PostAsync($"{serve.BaseUrl}/inbox/second", Json("{}")),
            serve.Http.PostAsync($"{serve.BaseUrl}/inbox/flaky", Json("{}")));
        var runs = await serve.WaitForRunsAsync(r => r.Count(x => x.Status.IsFinal()) == 4, TimeSpan.FromSeconds(90));

        var ordered = runs.Where(r => r.StartedAt is not null).OrderBy(r => r.StartedAt).ToList();
        for (var i = 1; i < ordered.Count; i++)
            Assert.That(ordered[i].StartedAt!.Value, Is.GreaterThanOrEqualTo(ordered[i - 1].FinishedAt!.Value), "with --concurrency 1 no two runs overlap");
        var flaky = runs.Where(r => r.Workflow == "flaky").ToList();
        Assert.That(flaky.Select(r => r.Status), Is.EqualTo(new[] { RunState.Killed, RunState.Killed }));
        Assert.That(flaky[1].RetryOf, Is.EqualTo(flaky[0].Id));
        Assert.That(flaky[1].Input!.ToJsonString(), Is.EqualTo(flaky[0].Input!.ToJsonString()), "a retry runs the same input");
    }

    [Test]
    public async Task Shutdown_gives_running_runs_the_grace_period_then_records_them_killed()
    {
        await using var serve = await StartInboxAsync("--grace", "1");
        await serve.Http.PostAsync($"{serve.BaseUrl}/inbox/slow", Json("{}"));
        await serve.WaitForRunsAsync(r => r.Any(x => x.Workflow == "slow" && x.Status == RunState.Running));

        var exitCode = await serve.StopAsync();

        Assert.That(exitCode, Is.EqualTo(0), serve.Log);
        await using var history = serve.History();
        var run = (await history.ListRunsAsync(new RunQuery { Workflow = "slow" })).Single();
        Assert.That((run.Status, run.Error), Is.EqualTo((RunState.Killed, "KilledError: the runner stopped this run (shutdown)")));
    }
}
