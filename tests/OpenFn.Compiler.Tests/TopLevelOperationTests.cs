using OpenFn.Compiler;

namespace OpenFn.Compiler.Tests;

public class TopLevelOperationTests
{
    [Test]
    public void Top_level_calls_become_operations_in_source_order()
    {
        var result = new JobCompiler().Compile(new JobSource("job.js", "const x = 1;\nget('/a');\n\nfn(s => s);\n"));

        Assert.That(result.Success, Is.True);
        Assert.That(result.Job!.Operations.Select(o => (o.Name, o.Line)), Is.EqualTo(new[] { ("get", 2), ("fn", 4) }));
    }

    [Test]
    public void Syntax_error_reports_file_line_and_column()
    {
        var result = new JobCompiler().Compile(new JobSource("bad.js", "fn(s => s);\nfn(s => {\n"));

        Assert.That(result.Success, Is.False);
        var diagnostic = result.Diagnostics.Single();
        Assert.That((diagnostic.FileName, diagnostic.Line), Is.EqualTo(("bad.js", 3)));
    }
}
