using System.Diagnostics;
using System.Text.Json;

namespace OpenFn.Compiler.Tests;

/// <summary>
/// Promise chains on operations (§1.7) end as they do in OpenFn, for every chain shape and whether the operation
/// succeeds, throws synchronously or rejects. Each job runs three ways: OpenFn's compiled form (transcribed below from
/// @openfn/compiler's promises transform) and our compiled job, both in node with @openfn/runtime's own defer and
/// @openfn/language-common's fn; and our compiled job in the job engine with the harness's defer.
/// </summary>
public class PromiseChainTests
{
    private const string Declarations = """
        const ok = state => ({ ...state, op: 'ok' });
        const throwsNow = state => { throw new Error('sync'); };
        const rejects = async state => { throw new Error('async'); };
        const g = (error, state) => ({ ...state, caught: error.message });
        const h = (error, state) => ({ ...state, caught2: error.message });
        const f = state => ({ ...state, then: (state.then || 0) + 1 });
        const boom = () => { throw new Error('handler'); };
        """;

    /// <summary>
    /// The chain as written in the job, and the operation @openfn/compiler 1.x writes for it (rebuildPromiseChain: a
    /// <c>.catch</c> right after the operation becomes defer's error handler, the rest of the chain its completion).
    /// </summary>
    private static readonly (string Chain, string OpenFn)[] Shapes =
    [
        ("OP.then(f)", "_defer(OP, p => p.then(f))"),
        ("OP.then(f).then(f)", "_defer(OP, p => p.then(f).then(f))"),
        ("OP.then(f, g)", "_defer(OP, p => p.then(f, g))"),
        ("OP.catch(g)", "_defer(OP, undefined, g)"),
        ("OP.catch(g).then(f)", "_defer(OP, p => p.then(f), g)"),
        ("OP.catch(g).then(f).then(f)", "_defer(OP, p => p.then(f).then(f), g)"),
        ("OP.catch(g).then(f).catch(h)", "_defer(OP, p => p.then(f).catch(h), g)"),
        ("OP.then(f).catch(h)", "_defer(OP, p => p.then(f).catch(h))"),
        ("OP.catch(g).catch(h)", "_defer(OP, p => p.catch(h), g)"),
        ("OP.then(boom).catch(h)", "_defer(OP, p => p.then(boom).catch(h))"),
        ("OP.catch(boom).then(f)", "_defer(OP, p => p.then(f), boom)"),
        ("OP.catch(boom).catch(h)", "_defer(OP, p => p.catch(h), boom)"),
    ];

    private static readonly string[] Operations = ["fn(ok)", "fn(throwsNow)", "fn(rejects)"];

    [Test]
    public void Every_chain_shape_ends_as_in_openfn_whether_the_operation_succeeds_throws_or_rejects()
    {
        var cases = Shapes.SelectMany(shape => Operations.Select(operation => new
        {
            name = shape.Chain.Replace("OP", operation),
            declarations = Declarations,
            openfn = shape.OpenFn.Replace("OP", operation),
            job = Declarations + "\n" + shape.Chain.Replace("OP", operation) + ";\n",
        })).ToList();
        var compiled = cases.Select(c => new { c.name, c.declarations, c.openfn, compiled = JobHarness.Compile(c.job).Code }).ToList();

        var node = RunInNode(JsonSerializer.Serialize(compiled));

        var differences = new List<string>();
        foreach (var c in cases)
        {
            var (openfn, oursInNode) = node[c.name];
            var oursInJint = JobHarness.RunToText(c.job, """{"start":1}""");
            if (oursInNode != openfn || oursInJint != openfn)
                differences.Add($"{c.name}\n  openfn:         {openfn}\n  ours in node:   {oursInNode}\n  ours in engine: {oursInJint}");
        }
        Assert.That(differences, Is.Empty, () => string.Join("\n", differences));
        Assert.That(node["fn(throwsNow).catch(g).then(f)"].OpenFn, Is.EqualTo("""{"start":1,"caught":"sync"}"""),
            "OpenFn skips the chain after .catch when the operation throws synchronously");
        Assert.That(node["fn(rejects).catch(g).then(f)"].OpenFn, Is.EqualTo("""{"start":1,"caught":"async","then":1}"""));
    }

    private static Dictionary<string, (string OpenFn, string Ours)> RunInNode(string cases)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(TestContext.CurrentContext.TestDirectory, "Differential", "promise-chains.mjs"));
        start.ArgumentList.Add(Oracle.NodeModules);
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        node.StandardInput.Write(cases);
        node.StandardInput.Close();
        Assert.That(node.WaitForExit(TimeSpan.FromSeconds(60)), Is.True, "node finished");
        Assert.That(node.ExitCode, Is.Zero, () => stderr.Result);
        using var document = JsonDocument.Parse(stdout.Result);
        return document.RootElement.EnumerateArray().ToDictionary(
            r => r.GetProperty("name").GetString()!,
            r => (r.GetProperty("openfn").GetString()!, r.GetProperty("ours").GetString()!));
    }
}
