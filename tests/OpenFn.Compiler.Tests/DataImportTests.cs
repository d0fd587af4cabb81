using Jint;

namespace OpenFn.Compiler.Tests;

public class DataImportTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "openfn-data-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_folder, "jobs", "data"));
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    private JobSource Job(string text) => new(Path.Combine(_folder, "jobs", "job.js"), text);

    private CompileResult Compile(string text) => new JobCompiler().Compile(Job(text), Options);

    private static readonly CompileOptions Options = new() { AdaptorExports = ["fn"] };

    private void Data(string relative, string json) => File.WriteAllText(Path.Combine(_folder, "jobs", relative), json);

    [Test]
    public void A_json_import_becomes_a_constant_holding_the_file_on_the_same_line()
    {
        Data("data/provinces.json", "{\n  \"19\": \"mgrstg\",\n  \"22\": \"mgromc\"\n}");
        var result = Compile("import provinces from './data/provinces.json';\nfn(s => s);\nconst user = provinces['19'];");

        Assert.That(result.Success, Is.True, string.Join("\n", result.Diagnostics));
        Assert.That(result.Job!.Operations.Single().Line, Is.EqualTo(2));
        var engine = new Engine();
        engine.SetValue("fn", new Func<object, object>(f => f));
        engine.SetValue("__openfn_op", new Action<int, object>((_, _) => { }));
        engine.Execute(result.Job.Code.Replace("const user", "globalThis.user"));
        Assert.That(engine.Evaluate("user").AsString(), Is.EqualTo("mgrstg"));
    }

    [Test]
    public void A_changed_data_file_is_picked_up_by_the_next_compile()
    {
        Data("map.json", "[1]");
        var compiler = new JobCompiler();
        var first = compiler.Compile(Job("import map from './map.json';\nfn(s => s);"), Options).Job!.Code;
        Data("map.json", "[2]");
        var second = compiler.Compile(Job("import map from './map.json';\nfn(s => s);"), Options).Job!.Code;

        Assert.That(first, Does.Contain("[1]"));
        Assert.That(second, Does.Contain("[2]"));
    }

    [Test]
    public void A_missing_or_invalid_data_file_is_an_error_at_the_import()
    {
        Data("bad.json", "{ \"a\": ");
        var result = Compile("fn(s => s);\nimport missing from './nope.json';\nimport bad from './bad.json';");

        Assert.That(result.Diagnostics.Select(d => (d.Line, d.Column)), Is.EqualTo(new[] { (2, 21), (3, 17) }));
        Assert.That(result.Diagnostics[0].Message, Does.StartWith("data file './nope.json' not found"));
        Assert.That(result.Diagnostics[1].Message, Does.StartWith("data file './bad.json' is not valid JSON"));
    }

    [Test]
    public void A_data_file_outside_the_data_root_cannot_be_imported()
    {
        File.WriteAllText(Path.Combine(_folder, "credentials.json"), "{\"password\":\"x\"}");
        var result = Compile("import creds from '../credentials.json';\nfn(s => s);");

        Assert.That(result.Success, Is.False);
        Assert.That(result.Diagnostics.Single().Message, Does.Contain("must be inside"));
    }
}
