using OpenFn.Compiler;
using OpenFn.Runner.Credentials;
using OpenFn.Runner.Execution;
using OpenFn.Runner.Projects;
using OpenFn.Runtime;

namespace OpenFn.Runner.Tests;

public class ProjectLoaderTests
{
    /// <summary>The shape of a Lightning export (portability spec v4), as in docs/openfn-semantics.md §7.9.</summary>
    private const string LightningExport = """
        name: unicef-cambodia
        description: Primero <-> OSCaR sync
        credentials:
          ops@example.org-Primero-Prod:
            name: Primero Prod
            owner: ops@example.org
        workflows:
          primero-oscar-referrals-sync:
            name: primero-oscar-referrals-sync
            jobs:
              Get-Referrals-from-Primero:
                name: Get Referrals from Primero
                adaptor: '@openfn/language-common@3.3.4'
                credential: ops@example.org-Primero-Prod
                body: |
                  fn(state => ({ ...state, lastRunDateTime: '2024-01-01' }));
              Upsert-Cases-in-Oscar:
                name: Upsert Cases in Oscar
                adaptor: '@openfn/language-common@latest'
                credential: null
                body:
                  path: ./jobs/upsert-oscar.js
            triggers:
              cron:
                type: cron
                cron_expression: '0 * * * *'
                cron_cursor_job: Get-Referrals-from-Primero
                enabled: true
            edges:
              cron->Get-Referrals-from-Primero:
                source_trigger: cron
                target_job: Get-Referrals-from-Primero
                condition_type: always
                enabled: true
              Get-Referrals-from-Primero->Upsert-Cases-in-Oscar:
                source_job: Get-Referrals-from-Primero
                target_job: Upsert-Cases-in-Oscar
                condition_type: js_expression
                condition_expression: "!state.errors && state.lastRunDateTime"
                condition_label: has cursor
                enabled: false
        collections: {}
        """;

    [Test]
    public void A_Lightning_export_loads_as_it_is()
    {
        using var folder = new TempFolder();
        folder.Write("jobs/upsert-oscar.js", "fn(state => state);\n");
        var path = folder.Write("project.yaml", LightningExport);

        var result = ProjectLoader.Load(path);

        Assert.That(result.Problems, Is.Empty);
        var project = result.Project!;
        Assert.That(project.Name, Is.EqualTo("unicef-cambodia"));
        Assert.That(project.Credentials.Keys, Is.EqualTo(new[] { "ops@example.org-Primero-Prod" }));
        var workflow = project.Workflows.Single();
        Assert.That(workflow.Jobs.Select(j => j.Key), Is.EqualTo(new[] { "Get-Referrals-from-Primero", "Upsert-Cases-in-Oscar" }));
        Assert.That(workflow.Jobs[0].Credential, Is.EqualTo("ops@example.org-Primero-Prod"));
        Assert.That(workflow.Jobs[1].Credential, Is.Null);
        Assert.That(workflow.Jobs[1].Body.Text, Is.EqualTo("fn(state => state);\n"));
        var trigger = workflow.Triggers.Single();
        Assert.That((trigger.Type, trigger.CronExpression, trigger.CronCursorJob, trigger.TimeZone), Is.EqualTo((TriggerType.Cron, "0 * * * *", "Get-Referrals-from-Primero", TimeZoneInfo.Utc)));
        var edge = workflow.Edges[1];
        Assert.That((edge.Condition, edge.ConditionExpression, edge.ConditionLabel, edge.Enabled),
            Is.EqualTo((ConditionType.JsExpression, "!state.errors && state.lastRunDateTime", "has cursor", false)));
    }

    [Test]
    public void An_inline_body_keeps_its_lines_and_columns_in_project_yaml()
    {
        using var folder = new TempFolder();
        folder.Write("jobs/upsert-oscar.js", "fn(state => state);\n");
        var path = folder.Write("project.yaml", LightningExport);

        var body = ProjectLoader.Load(path).Project!.Workflows[0].Jobs[0].Body;

        Assert.That(body.FileName, Is.EqualTo(path));
        var lines = body.Text.Split('\n');
        Assert.That(lines[15], Is.EqualTo("          fn(state => ({ ...state, lastRunDateTime: '2024-01-01' }));"));
        Assert.That(lines.Take(15).All(l => l.Length == 0));
    }

    [Test]
    public void A_syntax_error_in_an_inline_body_is_reported_at_its_place_in_project_yaml()
    {
        using var folder = new TempFolder();
        var path = folder.Write("project.yaml", """
            name: p
            workflows:
              w:
                jobs:
                  a:
                    adaptor: common
                    body: |
                      fn(state => state);
                      fn(state => { return state.x + ; });
            """);

        var result = new ProjectChecker(new JobChecker(AdaptorCatalog.CreateRegistry(), new JobCompiler())).Check(path, null);

        var problem = result.Problems.Single();
        Assert.That(problem.ToString(), Does.StartWith($"{path}:9:"));
        Assert.That(problem.KeyPath, Is.EqualTo("workflows.w.jobs.a.body"));
    }

    [Test]
    public void A_job_file_is_read_relative_to_project_yaml_and_counts_in_the_version()
    {
        using var folder = new TempFolder();
        folder.Write("jobs/upsert-oscar.js", "fn(state => state);\n");
        var path = folder.Write("project.yaml", LightningExport);
        var before = ProjectLoader.Load(path).Project!.Version;

        folder.Write("jobs/upsert-oscar.js", "fn(state => ({ ...state, changed: true }));\n");
        var after = ProjectLoader.Load(path).Project!.Version;

        Assert.That(before, Has.Length.EqualTo(12));
        Assert.That(after, Is.Not.EqualTo(before));
    }

    [TestCase("workflows:\n  w:\n    jobs:\n      a:\n        adaptor: common\n        body: 'fn(s => s)'\n", 1, 1, "name", "is required")]
    [TestCase("name: p\nworkflows:\n  w:\n    jobs:\n      a:\n        body: 'fn(s => s)'\n", 5, 7, "workflows.w.jobs.a.adaptor", "is required")]
    [TestCase("name: p\nworkflows:\n  w:\n    jobs:\n      a:\n        adaptor: common\n        body:\n          path: ./missing.js\n", 8, 17, "workflows.w.jobs.a.body.path", "not found")]
    [TestCase("name: p\nworkflows:\n  w:\n    jobs:\n      a: { adaptor: common, body: x }\n    triggers:\n      t:\n        type: cron\n        cron_expression: '61 * * * *'\n", 9, 26, "workflows.w.triggers.t.cron_expression", "invalid cron expression")]
    [TestCase("name: p\nworkflows:\n  w:\n    jobs:\n      a: { adaptor: common, body: x }\n    triggers:\n      t:\n        type: email\n", 8, 15, "workflows.w.triggers.t.type", "must be webhook, cron or kafka")]
    [TestCase("name: p\nworkflows:\n  w:\n    timezone: Mars/Olympus\n    jobs:\n      a: { adaptor: common, body: x }\n", 4, 15, "workflows.w.timezone", "unknown time zone")]
    [TestCase("name: p\nworkflows:\n  w:\n    jobs:\n      a: { adaptor: common, body: x }\n    edges:\n      a->b:\n        source_job: a\n        target_job: b\n", 9, 21, "workflows.w.edges.a->b.target_job", "no job 'b'")]
    [TestCase("name: p\nworkflows:\n  w:\n    jobs:\n      a: { adaptor: common, body: x }\n    edges:\n      a->a:\n        source_job: a\n        target_job: a\n        condition_type: sometimes\n", 10, 25, "workflows.w.edges.a->a.condition_type", "must be always")]
    [TestCase("name: p\nworkflows:\n  w:\n    jobs:\n      a: { adaptor: common, body: x }\n      b: { adaptor: common, body: x }\n    edges:\n      a->b: { source_job: a, target_job: b }\n      b->a: { source_job: b, target_job: a }\n", 9, 7, "workflows.w.edges.b->a", "circular dependency")]
    [TestCase("name: p\ncredentials:\n  me-prod:\n    name: prod\n    password: hunter2\nworkflows: {}\n", 5, 5, "credentials.me-prod.password", "do not belong in project.yaml")]
    [TestCase("name: p\nworkflows:\n  w:\n    jobs:\n      a: { adaptor: common, body: x, credential: nobody }\n", 5, 50, "workflows.w.jobs.a.credential", "not declared")]
    [TestCase("name: p\nworkflows:\n  w:\n    jobs:\n      a: { adaptor: common, body: x }\n    triggers:\n      t: { type: webhook, webhook_reply: later }\n", 7, 42, "workflows.w.triggers.t.webhook_reply", "before_start or after_completion")]
    [TestCase("name: p\nworkflows:\n  w:\n   jobs: [\n", 5, 1, "", "invalid YAML")]
    public void A_bad_project_names_the_key_path_and_position(string yaml, int line, int column, string keyPath, string message)
    {
        using var folder = new TempFolder();
        var path = folder.Write("project.yaml", yaml);

        var result = ProjectLoader.Load(path);

        var errors = result.Problems.Where(p => p.Severity == ProblemSeverity.Error).ToList();
        Assert.That(errors, Has.Count.EqualTo(1), string.Join("\n", result.Problems));
        Assert.That((errors[0].Line, errors[0].Column, errors[0].KeyPath), Is.EqualTo((line, column, keyPath)), errors[0].ToString());
        Assert.That(errors[0].Message, Does.Contain(message));
        Assert.That(result.HasErrors);
    }

    [Test]
    public void An_unknown_key_is_a_warning_so_newer_exports_still_load()
    {
        using var folder = new TempFolder();
        var path = folder.Write("project.yaml", "name: p\nworkflows:\n  w:\n    jobs:\n      a: { adaptor: common, body: x, cron_expresion: '* * * * *' }\n");

        var result = ProjectLoader.Load(path);

        Assert.That(result.HasErrors, Is.False);
        Assert.That(result.Problems.Single().ToString(), Is.EqualTo($"{path}:5:38: warning: workflows.w.jobs.a.cron_expresion: unknown key (ignored)"));
    }

    [Test]
    public void Extension_keys_set_time_zones_limits_retry_and_inbox_options()
    {
        using var folder = new TempFolder();
        var path = folder.Write("project.yaml", """
            name: p
            workflows:
              w:
                timezone: Africa/Nairobi
                limits: { timeout_seconds: 60, memory_mb: 256 }
                retry: { attempts: 3, delay_seconds: 10, backoff: 1.5 }
                jobs:
                  a: { adaptor: common, body: 'fn(s => s)' }
                triggers:
                  hourly: { type: cron, cron_expression: '0 * * * *', misfire: skip, cursor_keys: [lastRunDateTime] }
                  utc: { type: cron, cron_expression: '*/5 * * * * ?', timezone: UTC }
                  inbox: { type: webhook, path: referrals, inbox_secret: dtp-inbox, max_body_kb: 64, webhook_reply: after_completion, webhook_response_config: { success_code: 201, error_code: 422 } }
            """);

        var workflow = ProjectLoader.Load(path).Project!.Workflows[0];

        Assert.That(workflow.Limits, Is.EqualTo(new RunLimits { Timeout = TimeSpan.FromSeconds(60), MemoryBytes = 256L * 1024 * 1024 }));
        Assert.That(workflow.Retry, Is.EqualTo(new RetryPolicy { Attempts = 3, Delay = TimeSpan.FromSeconds(10), Backoff = 1.5 }));
        var hourly = workflow.FindTrigger("hourly")!;
        Assert.That((hourly.TimeZone.Id, hourly.Misfire, hourly.CursorKeys.Single()), Is.EqualTo(("Africa/Nairobi", MisfirePolicy.Skip, "lastRunDateTime")));
        Assert.That(workflow.FindTrigger("utc")!.TimeZone, Is.EqualTo(TimeZoneInfo.Utc));
        var inbox = workflow.FindTrigger("inbox")!;
        Assert.That((InboxIds.For(workflow, inbox), inbox.InboxSecret, inbox.MaxBodyBytes, inbox.Reply, inbox.SuccessCode, inbox.ErrorCode),
            Is.EqualTo(("referrals", "dtp-inbox", 64L * 1024, WebhookReply.AfterCompletion, 201, 422)));
    }

    [Test]
    public void Triggers_become_expressionless_steps_and_credentials_become_configuration()
    {
        using var folder = new TempFolder();
        folder.Write("jobs/upsert-oscar.js", "fn(state => state);\n");
        var path = folder.Write("project.yaml", LightningExport);
        var credentials = CredentialStore.Load(folder.Write("creds.json", """{ "ops@example.org-Primero-Prod": { "user": "ops", "password": "s3cret!" } }"""), _ => null);

        var plan = WorkflowPlanner.Build(ProjectLoader.Load(path).Project!.Workflows[0], credentials);

        Assert.That(plan.Start, Is.EqualTo("cron"));
        Assert.That(plan.Steps.Select(s => s.Id), Is.EqualTo(new[] { "cron", "Get-Referrals-from-Primero", "Upsert-Cases-in-Oscar" }));
        Assert.That(plan.Steps[0].Expression, Is.Null);
        Assert.That(plan.Steps[0].Next.Single(), Is.EqualTo(new EdgePlan { Target = "Get-Referrals-from-Primero" }));
        Assert.That(plan.Steps[1].Configuration!["password"]!.GetValue<string>(), Is.EqualTo("s3cret!"));
        Assert.That(plan.Steps[1].Next.Single(), Is.EqualTo(new EdgePlan
        {
            Target = "Upsert-Cases-in-Oscar", Condition = EdgeCondition.Expression, Expression = "!state.errors && state.lastRunDateTime", Label = "has cursor", Disabled = true,
        }));
    }

    [Test]
    public void A_credential_without_values_names_the_job_the_key_and_where_to_put_it()
    {
        using var folder = new TempFolder();
        folder.Write("jobs/upsert-oscar.js", "fn(state => state);\n");
        var path = folder.Write("project.yaml", LightningExport);

        var error = Assert.Throws<InvalidInputException>(() => WorkflowPlanner.Build(ProjectLoader.Load(path).Project!.Workflows[0], CredentialStore.Load(null, _ => null)))!;

        Assert.That(error.Message, Is.EqualTo($"{path}:14:21: workflows.primero-oscar-referrals-sync.jobs.Get-Referrals-from-Primero.credential: " +
            "no values for credential 'ops@example.org-Primero-Prod': add it to a credentials file (-c) or set OPENFN_CREDENTIAL_OPS_EXAMPLE_ORG_PRIMERO_PROD"));
    }
}
