using System.Text.Json.Nodes;
using OpenFn.Runner.History;

namespace OpenFn.Runner.Tests;

/// <summary>The CLI as a user runs it: a child process, real files, a real SQLite history.</summary>
public class CliProcessTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TempFolder();

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    private CliResult Openfn(params string[] args) => Tests.Openfn.Run(_folder.Path, args);

    private const string Project = """
        name: demo
        credentials:
          ops@example.org-Api:
            name: Api
            owner: ops@example.org
        workflows:
          sync:
            name: Sync
            jobs:
              fetch:
                name: Fetch cases
                adaptor: '@openfn/language-common@3.3.4'
                credential: ops@example.org-Api
                body: |
                  fn(state => ({ ...state, count: (state.count || 0) + 1, seen: state.configuration.password }));
              report:
                name: Report
                adaptor: common
                body:
                  path: ./jobs/report.js
            triggers:
              hourly:
                type: cron
                cron_expression: '0 * * * *'
            edges:
              hourly->fetch: { source_trigger: hourly, target_job: fetch, condition_type: always }
              fetch->report: { source_job: fetch, target_job: report, condition_type: on_job_success }
        """;

    private void WriteProject(string project = Project)
    {
        _folder.Write("project.yaml", project);
        _folder.Write("jobs/report.js", "fn(state => ({ ...state, reported: true }));\n");
        _folder.Write("secrets/creds.json", """{ "ops@example.org-Api": { "username": "ops", "password": "Sup3r-s3cret!" } }""");
    }

    [TestCase]
    [TestCase("run")]
    [TestCase("compile")]
    [TestCase("check")]
    [TestCase("runs")]
    [TestCase("runs", "list")]
    [TestCase("runs", "show")]
    [TestCase("state")]
    [TestCase("state", "show")]
    [TestCase("state", "set")]
    [TestCase("adaptors")]
    [TestCase("adaptors", "docs")]
    [TestCase("serve")]
    public void Every_command_has_help(params string[] command)
    {
        var result = Openfn([.. command, "--help"]);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Stdout, Does.Contain("Usage:").And.Contain("openfn"));
    }

    [Test]
    public void A_job_runs_and_its_final_state_is_printed_and_recorded()
    {
        _folder.Write("job.js", "fn(state => ({ ...state, data: { sum: [1, 2, 3].reduce((a, b) => a + b, 0) } }));");

        var result = Openfn("run", "job.js", "-s", _folder.Write("state.json", """{ "data": { "x": 1 }, "keep": "ក្មេង" }"""));

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        var output = JsonNode.Parse(result.Stdout)!;
        Assert.That(output["data"]!["sum"]!.GetValue<int>(), Is.EqualTo(6));
        Assert.That(output["keep"]!.GetValue<string>(), Is.EqualTo("ក្មេង"));
        Assert.That(result.Stderr, Does.Contain("[R/T] ✔ job.js completed in").And.Contain("[CLI] ✔ Finished in"));

        var list = Openfn("runs", "list");
        Assert.That(list.Stdout, Does.Contain("job").And.Contain("success"), list.ToString());
        var id = list.Stdout.Split('\n')[1][..8];
        Assert.That(JsonNode.Parse(Openfn("runs", "show", id, "--output").Stdout)!["data"]!["sum"]!.GetValue<int>(), Is.EqualTo(6));
        Assert.That(JsonNode.Parse(Openfn("runs", "show", id, "--input").Stdout)!["data"]!["x"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(Openfn("runs", "show", id).Stdout, Does.Contain("Status    success").And.Contain("job-1"));
    }

    [Test]
    public void A_project_workflow_runs_with_credentials_that_never_reach_output_or_history()
    {
        WriteProject();

        var result = Openfn("run", "sync", "-c", "secrets/creds.json", "-o", "out.json");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        var output = File.ReadAllText(_folder.File("out.json"));
        Assert.That(output, Does.Not.Contain("Sup3r-s3cret!"));
        Assert.That(JsonNode.Parse(output)!["seen"]!.GetValue<string>(), Is.EqualTo("****"));
        Assert.That(JsonNode.Parse(output)!["reported"]!.GetValue<bool>(), Is.True);
        Assert.That(JsonNode.Parse(output)!["configuration"], Is.Null);
        var database = File.ReadAllBytes(_folder.File(".openfn/history.db"));
        Assert.That(System.Text.Encoding.UTF8.GetString(database), Does.Not.Contain("Sup3r-s3cret!"));
        var run = Openfn("runs", "show", Openfn("runs", "list").Stdout.Split('\n')[1][..8]);
        Assert.That(run.Stdout, Does.Contain("fetch").And.Contain("report").And.Not.Contain("hourly"), run.ToString());
    }

    [Test]
    public void A_compile_warning_is_shown_and_the_job_still_runs()
    {
        _folder.Write("job.js", "console.log('loaded');\nfn(state => ({ data: { ok: true } }));\n");

        var result = Openfn("run", "job.js");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Stderr, Does.Contain("job.js:1:1: warning: top-level console call"));
        Assert.That(JsonNode.Parse(result.Stdout)!["data"]!["ok"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public void A_compile_error_shows_its_position_and_the_source_line_with_a_caret()
    {
        _folder.Write("job.js", "fn(s => s);\nconst x = ;\n");

        var result = Openfn("compile", "job.js");

        Assert.That(result.ExitCode, Is.EqualTo(9), result.ToString());
        Assert.That(result.Stderr, Does.Contain("job.js:2:11: Unexpected token ';'"));
        Assert.That(result.Stderr, Does.Contain("> 2 | const x = ;\n    |           ^"));
    }

    [Test]
    public void The_output_file_may_be_in_a_folder_that_does_not_exist_yet()
    {
        WriteProject();

        var result = Openfn("run", "sync", "-c", "secrets/creds.json", "-o", "results/today/out.json");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(JsonNode.Parse(File.ReadAllText(_folder.File("results/today/out.json")))!["reported"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public void The_cursor_carries_a_workflow_run_to_the_next()
    {
        WriteProject();

        Openfn("run", "sync", "-c", "secrets/creds.json", "--cursor");
        var second = Openfn("run", "sync", "-c", "secrets/creds.json", "--cursor");

        Assert.That(second.ExitCode, Is.EqualTo(0), second.ToString());
        Assert.That(JsonNode.Parse(second.Stdout)!["count"]!.GetValue<int>(), Is.EqualTo(2));
        var shown = Openfn("state", "show", "sync");
        Assert.That(JsonNode.Parse(shown.Stdout)!["count"]!.GetValue<int>(), Is.EqualTo(2), shown.ToString());

        _folder.Write("reset.json", """{ "count": 40 }""");
        Assert.That(Openfn("state", "set", "sync", "reset.json").ExitCode, Is.EqualTo(0));
        var third = Openfn("run", "sync", "-c", "secrets/creds.json", "--cursor");
        Assert.That(JsonNode.Parse(third.Stdout)!["count"]!.GetValue<int>(), Is.EqualTo(41));
    }

    [Test]
    public void Start_and_only_pick_steps_by_a_unique_part_of_their_name()
    {
        WriteProject();

        var result = Openfn("run", "sync", "-c", "secrets/creds.json", "--only", "Report", "-S", """{ "count": 7 }""");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        var output = JsonNode.Parse(result.Stdout)!;
        Assert.That((output["count"]!.GetValue<int>(), output["reported"]!.GetValue<bool>()), Is.EqualTo((7, true)));
    }

    [Test]
    public void A_crash_exits_1_with_one_clear_line()
    {
        _folder.Write("job.js", "fn(state => notDefinedAnywhere.x);\n");

        var result = Openfn("run", "job.js");

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stderr, Does.Contain("[R/T] ✘ CRITICAL ERROR! Aborting execution").And.Contain("ReferenceError: notDefinedAnywhere is not defined"));
        Assert.That(result.Stderr, Does.Contain("job.js:1:13"), "the error points at the job's line and column");
        Assert.That(result.Stderr, Does.Not.Contain(" at OpenFn."), "no .NET stack trace");
    }

    [Test]
    public void A_failed_step_exits_2_with_its_error_in_the_final_state_and_job_logs_show_at_the_default_level()
    {
        _folder.Write("job.js", "fn(state => { console.log('checking', state.data.x); return state; });\nfn(state => state.data.x.y);\n");

        var result = Openfn("run", "job.js");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stderr, Does.Contain("[JOB] ℹ checking undefined"));
        Assert.That(result.Stderr, Does.Contain("[CLI] ⚠ Errors reported in 1 jobs"));
        var error = JsonNode.Parse(result.Stdout)!["errors"]!["job-1"]!;
        Assert.That((error["name"]!.GetValue<string>(), error["pos"]!["line"]!.GetValue<int>()), Is.EqualTo(("RuntimeError", 2)));
        Assert.That(Openfn("runs", "list").Stdout, Does.Contain("failed"));
    }

    [Test]
    public void A_timeout_kills_the_run_and_exits_1()
    {
        _folder.Write("job.js", "fn(state => { while (true) {} });\n");

        var result = Openfn("run", "job.js", "--timeout", "1");

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stderr, Does.Contain("TimeoutError"));
        Assert.That(Openfn("runs", "list").Stdout, Does.Contain("killed"));
    }

    [TestCase("fn(state => {\n  return state +;\n});\n", "job.js:2:17: ", "Unexpected token")]
    [TestCase("fn(state => state);\nnotAnOperation(1);\n", "job.js:2:1: ", "'notAnOperation' is not defined: the job does not declare it and @openfn/language-common@3.3.4 does not provide it")]
    public void A_job_that_does_not_compile_exits_9_naming_file_line_and_column(string job, string where, string message)
    {
        _folder.Write("job.js", job);

        var result = Openfn("run", "job.js");

        Assert.That(result.ExitCode, Is.EqualTo(9), result.ToString());
        Assert.That(result.Stderr, Does.Contain(where).And.Contain(message));
        Assert.That(result.Stdout, Is.Empty);
    }

    [Test]
    public void Bad_state_json_exits_9_naming_file_line_and_column()
    {
        _folder.Write("job.js", "fn(s => s);");
        _folder.Write("state.json", "{\n  \"data\": { \"a\": 1, }\n  \"x\" 2\n}");

        var result = Openfn("run", "job.js", "-s", "state.json");

        Assert.That(result.ExitCode, Is.EqualTo(9), result.ToString());
        Assert.That(result.Stderr, Does.Contain("state.json:3:3: invalid JSON"));
    }

    [Test]
    public void Bad_project_yaml_exits_9_naming_line_column_and_key()
    {
        WriteProject(Project.Replace("cron_expression: '0 * * * *'", "cron_expression: '0 * * *'"));

        var result = Openfn("run", "sync", "-c", "secrets/creds.json");

        Assert.That(result.ExitCode, Is.EqualTo(9), result.ToString());
        Assert.That(result.Stderr, Does.Contain("project.yaml:24:26: workflows.sync.triggers.hourly.cron_expression: invalid cron expression '0 * * *': it has 4 fields; standard cron has 5 (minute hour day-of-month month day-of-week)"));
    }

    [Test]
    public void Bad_credentials_exit_9_naming_the_file_or_the_missing_key()
    {
        WriteProject();
        _folder.Write("secrets/broken.json", "{ \"ops@example.org-Api\": { \"password\": \"x\" ");

        var broken = Openfn("run", "sync", "-c", "secrets/broken.json");
        var missing = Openfn("run", "sync");

        Assert.That(broken.ExitCode, Is.EqualTo(9), broken.ToString());
        Assert.That(broken.Stderr, Does.Contain("broken.json:1:").And.Contain("invalid JSON"));
        Assert.That(missing.ExitCode, Is.EqualTo(9), missing.ToString());
        Assert.That(missing.Stderr, Does.Contain("project.yaml:13:").And.Contain("no values for credential 'ops@example.org-Api'").And.Contain("OPENFN_CREDENTIAL_OPS_EXAMPLE_ORG_API"));
    }

    [Test]
    public void Credentials_can_come_from_the_environment()
    {
        WriteProject();

        var result = Tests.Openfn.Run(_folder.Path, new Dictionary<string, string> { ["OPENFN_CREDENTIAL_OPS_EXAMPLE_ORG_API"] = """{ "password": "from-env-123" }""" }, null, "run", "sync");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(JsonNode.Parse(result.Stdout)!["seen"]!.GetValue<string>(), Is.EqualTo("****"));
    }

    [TestCase("run", "missing.js")]
    [TestCase("run", "job.js", "--no-such-option")]
    [TestCase("run", "nope-workflow")]
    [TestCase("runs", "show", "ffffffff")]
    [TestCase("adaptors", "docs", "no-such-adaptor")]
    public void Invalid_input_exits_9(params string[] args)
    {
        WriteProject();
        _folder.Write("job.js", "fn(s => s);");

        var result = Openfn(args);

        Assert.That(result.ExitCode, Is.EqualTo(9), result.ToString());
        Assert.That(result.Stderr.Trim().Split('\n'), Has.Length.LessThanOrEqualTo(2));
    }

    [Test]
    public void An_unexpected_failure_exits_3_with_one_line_and_the_stack_only_with_verbose()
    {
        _folder.Write("job.js", "fn(s => s);");
        Directory.CreateDirectory(_folder.File("a-folder.db"));

        var quiet = Openfn("run", "job.js", "--history", "a-folder.db");
        var verbose = Openfn("run", "job.js", "--history", "a-folder.db", "--verbose");

        Assert.That(quiet.ExitCode, Is.EqualTo(3), quiet.ToString());
        Assert.That(quiet.Stderr, Does.Contain("openfn: internal error: SqliteException").And.Contain("--verbose").And.Not.Contain("   at "));
        Assert.That(verbose.ExitCode, Is.EqualTo(3));
        Assert.That(verbose.Stderr, Does.Contain("   at "));
    }

    [Test]
    public void Check_passes_a_good_project_and_lists_every_problem_of_a_bad_one()
    {
        WriteProject();
        Assert.That(Openfn("check", "-c", "secrets/creds.json").ExitCode, Is.EqualTo(0));

        WriteProject(Project.Replace("adaptor: common", "adaptor: '@openfn/language-nothing@1'")
            .Replace("fn(state => ({", "fn(state => ({{"));
        var result = Openfn("check");

        Assert.That(result.ExitCode, Is.EqualTo(9), result.ToString());
        Assert.That(result.Stderr, Does.Contain("project.yaml:15:25: workflows.sync.jobs.fetch.body: Unexpected token '{'"));
        Assert.That(result.Stderr, Does.Contain("project.yaml:18:18: workflows.sync.jobs.report.adaptor: Unknown adaptor '@openfn/language-nothing'"));
    }

    [Test]
    public void Compile_prints_the_compiled_job()
    {
        _folder.Write("job.js", "fn(state => state);\nfn(state => ({ ...state, x: 1 }));\n");

        var result = Openfn("compile", "job.js");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Stdout, Does.Contain("__openfn_op(0, fn(state => state))").And.Contain("__openfn_op(1, "));
    }

    [Test]
    public void Adaptors_are_listed_with_their_versions()
    {
        var result = Openfn("adaptors", "list");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Stdout, Does.Contain("@openfn/language-common").And.Contain("3.3.4"));
        Assert.That(result.Stdout, Does.Contain("@openfn/language-http").And.Contain("@openfn/language-primero").And.Contain("oscar"));
    }

    [Test]
    public void A_rolling_json_log_carries_the_run_id()
    {
        _folder.Write("job.js", "fn(s => s);");

        var result = Openfn("run", "job.js", "-l", "info");

        var logFile = Directory.GetFiles(_folder.File(".openfn/logs"), "openfn-*.json").Single();
        var lines = File.ReadAllLines(logFile).Select(l => JsonNode.Parse(l)!).ToList();
        var runLine = lines.Single(l => l["@m"]!.GetValue<string>().StartsWith("job.js completed"));
        Assert.That(runLine["RunId"]!.GetValue<string>(), Has.Length.EqualTo(36), result.ToString());
        Assert.That(runLine["StepId"]!.GetValue<string>(), Is.EqualTo("job-1"));
        Assert.That(runLine["Source"]!.GetValue<string>(), Is.EqualTo("R/T"));
    }
}
