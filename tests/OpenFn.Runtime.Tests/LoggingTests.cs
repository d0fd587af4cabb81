using System.Text;
using System.Text.Json.Nodes;
using OpenFn.Adaptors.Common;
using OpenFn.Compiler;
using OpenFn.Runtime.Logging;

namespace OpenFn.Runtime.Tests;

public class LoggingTests
{
    private static async Task<StepOutcome> Run(string code, JsonObject? configuration = null)
    {
        var input = new JsonObject { ["data"] = new JsonObject { ["n"] = 1 }, ["configuration"] = configuration ?? new JsonObject() };
        return await TestRuntime.StepRunner().RunAsync(new StepRequest(new JobSource("job.js", code), "common", input));
    }

    private static List<string> JobLines(StepOutcome outcome) => outcome.Logs.Where(l => l.Source == LogSource.Job).Select(l => l.Message).ToList();

    [Test]
    public async Task Console_output_is_formatted_like_the_OpenFn_logger()
    {
        var outcome = await Run("""
            fn(s => {
              console.log('text', 42, true, null, undefined);
              console.log({ a: 1, list: [1, 2] });
              console.info([{ x: 'y' }]);
              console.log(new Error('bad thing'));
              console.log(s);
              return s;
            });
            """, new JsonObject { ["user"] = "u" });

        Assert.That(JobLines(outcome), Is.EqualTo(new[]
        {
            "text 42 true null undefined",
            "{\n  \"a\": 1,\n  \"list\": [\n    1,\n    2\n  ]\n}",
            "[\n  {\n    \"x\": \"y\"\n  }\n]",
            "Error: bad thing",
            "{\n  \"data\": {\n    \"n\": 1\n  },\n  \"configuration\": {\n    \"user\": \"****\"\n  }\n}",
        }));
    }

    [Test]
    public async Task Console_levels_map_to_log_levels()
    {
        var outcome = await Run("fn(s => { console.debug('d'); console.info('i'); console.warn('w'); console.error('e'); console.success('s'); return s; });");

        var levels = outcome.Logs.Where(l => l.Source == LogSource.Job).Select(l => (l.Message, l.Level)).ToList();
        Assert.That(levels, Is.EqualTo(new[]
        {
            ("d", OpenFnLogLevel.Debug), ("i", OpenFnLogLevel.Info), ("w", OpenFnLogLevel.Warn), ("e", OpenFnLogLevel.Error), ("s", OpenFnLogLevel.Success),
        }));
        Assert.That(outcome.Logs.Single(l => l.Message == "w").LogLevel, Is.EqualTo(Microsoft.Extensions.Logging.LogLevel.Warning));
    }

    [Test]
    public async Task Credential_values_and_their_basic_auth_form_are_scrubbed_from_every_line_and_error()
    {
        var configuration = new JsonObject { ["username"] = "integration", ["password"] = "pa55-w0rd!" };
        var outcome = await Run("""
            fn(s => {
              const c = s.configuration;
              console.log('password is ' + c.password);
              console.log('header Basic ' + Buffer.from(c.username + ':' + c.password).toString('base64'));
              throw new Error('login failed for ' + c.username + ' / ' + c.password);
            });
            """, configuration);

        var everything = string.Join("\n", outcome.Logs.Select(l => l.Message)) + outcome.Error + outcome.Output!.ToJsonString();
        Assert.That(everything, Does.Not.Contain("pa55-w0rd!"));
        Assert.That(everything, Does.Not.Contain(Convert.ToBase64String(Encoding.UTF8.GetBytes("integration:pa55-w0rd!"))));
        Assert.That(JobLines(outcome), Is.EqualTo(new[] { "password is ****", "header Basic ****" }));
        Assert.That(outcome.Output["errors"]!["job-1"]!["message"]!.GetValue<string>(), Is.EqualTo("login failed for **** / ****"));
    }

    [Test]
    public async Task An_empty_secret_masks_nothing()
    {
        var outcome = await Run("fn(s => { console.log('all characters stay'); return s; });", new JsonObject { ["password"] = "", ["token"] = "" });

        Assert.That(JobLines(outcome), Is.EqualTo(new[] { "all characters stay" }));
    }

    [Test]
    public void Many_secrets_on_a_long_line_take_linear_memory()
    {
        var configuration = new JsonObject();
        for (var i = 0; i < 2000; i++)
            configuration[$"token{i}"] = $"secret-value-{i:D5}";
        var scrubber = SecretScrubber.FromConfigurations(configuration);
        var line = new string('x', 1_000_000) + " secret-value-01999 " + new string('y', 1_000_000);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var scrubbed = scrubber.Scrub(line);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(scrubbed, Does.Contain(" **** ").And.Not.Contain("secret-value"));
        Assert.That(allocated, Is.LessThan(20L * line.Length), "scrubbing must not copy the line once per secret");
    }

    [Test]
    public async Task Log_lines_reach_the_callback_as_they_are_written_with_the_step_id()
    {
        var lines = new List<LogLine>();
        var request = new StepRequest(new JobSource("job.js", "fn(s => { console.log('hello'); return s; });"), "common", new JsonObject(), "step-a")
        {
            OnLog = lines.Add,
        };

        await TestRuntime.StepRunner().RunAsync(request);

        Assert.That(lines.Single(l => l.Source == LogSource.Job).StepId, Is.EqualTo("step-a"));
        Assert.That(lines.Select(l => l.Message), Does.Contain("Starting step step-a"));
        Assert.That(lines.Last().Message, Does.StartWith("step-a completed in "));
    }
}
