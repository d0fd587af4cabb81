using OpenFn.Runner.Credentials;
using OpenFn.Runner.Projects;
using OpenFn.Runtime;

namespace OpenFn.Runner.Tests;

public class CliWorkflowLoaderTests
{
    [Test]
    public void The_openfn_cli_workflow_form_maps_onto_a_plan()
    {
        using var folder = new TempFolder();
        folder.Write("get-cases.js", "fn(state => state);\n");
        folder.Write("creds.json", """{ "user": "a", "password": "b" }""");
        var path = folder.Write("flow.json", """
            {
              "workflow": {
                "name": "sync",
                "credentials": { "shared": 1 },
                "steps": [
                  {
                    "id": "getcases",
                    "adaptor": "common@3.3.4",
                    "expression": "./get-cases.js",
                    "configuration": "./creds.json",
                    "state": { "data": { "page": 1 } },
                    "next": {
                      "transform": { "condition": "on_job_success" },
                      "notify": { "condition": "on_job_failure" },
                      "audit": true,
                      "big": { "condition": "state.data.length > 100", "label": "many" },
                      "paused": { "condition": "always", "disabled": true },
                      "nothing": {}
                    }
                  },
                  { "id": "transform", "expression": "fn(s => s)" },
                  { "id": "notify", "adaptors": ["common"], "expression": "fn(s => s)", "configuration": "vault-key" },
                  { "id": "audit", "expression": "fn(s => s)" },
                  { "id": "big", "expression": "fn(s => s)", "next": "audit" },
                  { "id": "paused", "expression": "fn(s => s)" },
                  { "expression": "fn(s => s)" },
                  { "id": "nothing" }
                ]
              },
              "options": { "start": "getcases" }
            }
            """);
        var credentials = CredentialStore.Load(folder.Write("map.json", """{ "vault-key": { "token": "t0k3n" } }"""), _ => null);

        var plan = CliWorkflowLoader.Load(path, credentials);

        Assert.That(plan.Name, Is.EqualTo("sync"));
        Assert.That(plan.Start, Is.EqualTo("getcases"));
        Assert.That(plan.Credentials!.ToJsonString(), Is.EqualTo("""{"shared":1}"""));
        var first = plan.Steps[0];
        Assert.That(first.Expression!.FileName, Is.EqualTo(folder.File("get-cases.js")));
        Assert.That(first.Configuration!.ToJsonString(), Is.EqualTo("""{"user":"a","password":"b"}"""));
        Assert.That(first.DefaultState!.ToJsonString(), Is.EqualTo("""{"data":{"page":1}}"""));
        Assert.That(first.Next, Is.EqualTo(new[]
        {
            new EdgePlan { Target = "transform", Condition = EdgeCondition.OnSuccess },
            new EdgePlan { Target = "notify", Condition = EdgeCondition.OnFailure },
            new EdgePlan { Target = "audit" },
            new EdgePlan { Target = "big", Condition = EdgeCondition.Expression, Expression = "state.data.length > 100", Label = "many" },
            new EdgePlan { Target = "paused", Disabled = true },
            new EdgePlan { Target = "nothing", Condition = EdgeCondition.Never },
        }));
        Assert.That(plan.Steps[2].Configuration!["token"]!.GetValue<string>(), Is.EqualTo("t0k3n"));
        Assert.That(plan.Steps[4].Next.Single().Target, Is.EqualTo("audit"));
        Assert.That(plan.Steps[6].Id, Is.EqualTo("job-7"));
        Assert.That(plan.Steps[7].Expression, Is.Null);
    }

    [Test]
    public void The_bare_form_without_the_workflow_wrapper_is_accepted()
    {
        using var folder = new TempFolder();
        var path = folder.Write("flow.json", """{ "start": "b", "steps": [ { "id": "a", "expression": "fn(s => s)" }, { "id": "b", "expression": "fn(s => s)" } ] }""");

        var plan = CliWorkflowLoader.Load(path, CredentialStore.Empty);

        Assert.That((plan.Start, plan.Steps.Count), Is.EqualTo(("b", 2)));
    }

    [TestCase("""{ "steps": [ { "id": "a", "next": "zz" } ] }""", "workflow.steps[0].next.zz: Cannot find job: zz")]
    [TestCase("""{ "steps": [ { "id": "a" } ], "start": "q" }""", "options.start: Could not find start job: q")]
    [TestCase("""{ "steps": [] }""", "workflow.steps: a workflow needs a non-empty `steps` array")]
    [TestCase("""{ "steps": [ { "id": "a", "configuration": "nope" } ] }""", "workflow.steps[0].configuration: 'nope' is neither a JSON file")]
    [TestCase("""{ "steps": [ { "id": "a", "expression": "./missing.js" } ] }""", "workflow.steps[0].expression: job file './missing.js' not found")]
    [TestCase("{ \"steps\": [\n  { \"id\": \"a\" ]\n}", ":2:15: invalid JSON: ']' is invalid without a matching open")]
    public void A_bad_workflow_file_is_named_with_the_key_at_fault(string json, string message)
    {
        using var folder = new TempFolder();
        var path = folder.Write("flow.json", json);

        var error = Assert.Throws<InvalidInputException>(() => CliWorkflowLoader.Load(path, CredentialStore.Empty))!;

        Assert.That(error.Message, Does.StartWith(path));
        Assert.That(error.Message, Does.Contain(message));
    }
}
