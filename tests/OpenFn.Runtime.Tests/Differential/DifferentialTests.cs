using System.Text.Json.Nodes;
using OpenFn.Compiler;

namespace OpenFn.Runtime.Tests.Differential;

/// <summary>
/// The same jobs, with the same input, run in OpenFn's runtime (node) and in ours must end with identical JSON.
/// Jobs live in Differential/Jobs; a first-line comment <c>// state: {…}</c> gives the input, otherwise
/// Jobs/_input.json is used.
/// </summary>
[NonParallelizable]
public class DifferentialTests
{
    private static readonly string JobsFolder = Path.Combine(TestContext.CurrentContext.TestDirectory, "Differential", "Jobs");
    private IReadOnlyDictionary<string, OracleResult> _oracle = new Dictionary<string, OracleResult>();

    public static IEnumerable<TestCaseData> Jobs() =>
        Directory.EnumerateFiles(JobsFolder, "*.js").Order(StringComparer.Ordinal)
            .Select(path => new TestCaseData(Path.GetFileName(path)).SetName("Differential_" + Path.GetFileNameWithoutExtension(path)));

    [OneTimeSetUp]
    public void RunEveryJobInOpenFn()
    {
        var compiler = new JobCompiler();
        var jobs = Directory.EnumerateFiles(JobsFolder, "*.js").Select(path =>
        {
            var (source, input) = Load(Path.GetFileName(path));
            var compiled = compiler.Compile(source, new CompileOptions { AdaptorExports = LanguageCommonAdaptor.Exports });
            Assert.That(compiled.Success, Is.True, () => $"{path} does not compile: {string.Join("\n", compiled.Diagnostics)}");
            return new OracleJob(Path.GetFileName(path), input, compiled.Job!);
        }).ToList();
        _oracle = OpenFnOracle.Run(jobs);
    }

    [TestCaseSource(nameof(Jobs))]
    public async Task Final_state_matches_OpenFn(string file)
    {
        var (source, input) = Load(file);
        var expected = _oracle[file];
        var outcome = await TestRuntime.StepRunner().RunAsync(new StepRequest(source, "common", input));

        if (expected.Thrown is { } thrown)
        {
            Assert.That(outcome.Failure, Is.Not.Null, $"OpenFn aborted the run with {thrown.ToJsonString()} but ours succeeded");
            Assert.That(outcome.Failure!.Severity, Is.Not.EqualTo(ErrorSeverity.Fail), "OpenFn aborted the run: the error must be a crash or kill");
            Assert.That(outcome.Failure.Name, Is.EqualTo((string?)thrown["name"]));
            Assert.That(outcome.Failure.Message, Is.EqualTo((string?)thrown["message"]));
            return;
        }
        var ours = outcome.Output?.ToJsonString() ?? "(no state)";
        var theirs = expected.State?.ToJsonString() ?? "(no state)";
        Assert.That(ours, Is.EqualTo(theirs), () => $"ours (error: {outcome.Error ?? "none"}):\n{ours}\nOpenFn:\n{theirs}");
    }

    private static (JobSource Source, JsonObject Input) Load(string file)
    {
        var text = File.ReadAllText(Path.Combine(JobsFolder, file));
        const string marker = "// state: ";
        var input = text.StartsWith(marker, StringComparison.Ordinal)
            ? JsonNode.Parse(text[marker.Length..text.IndexOf('\n')])!.AsObject()
            : JsonNode.Parse(File.ReadAllText(Path.Combine(JobsFolder, "_input.json")))!.AsObject();
        return (new JobSource(file, text), input);
    }
}
