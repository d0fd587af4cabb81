using Acornima;

namespace OpenFn.Compiler.Tests;

/// <summary>
/// test262-parser-tests (npm): the compile step accepts every <c>pass/</c> file (and its compiled code prepares in
/// Jint) and rejects every <c>fail/</c> and <c>early/</c> file that Acornima rejects. Counts go to the test output.
/// </summary>
/// <remarks>
/// Each file says how it must be parsed (<c>*.module.js</c> = module, otherwise script), so every check runs in that
/// mode. Pass files are also compiled the way jobs are (module, falling back to script), where all must be accepted.
/// In that automatic mode a fail file that is valid in the other mode is accepted, by design; the count is reported.
/// </remarks>
public class Test262ParserTests
{
    /// <summary>Pass files Acornima 1.9.1 itself rejects; no other parser may be used, so the compiler cannot accept them.</summary>
    private static readonly Dictionary<string, string> AcornimaGaps = new()
    {
        ["1f3808cbdfab97e4.js"] = "`a: c: b: while (true) { continue a; }`: Acornima does not see `a` in the loop's label set.",
    };

    [Test]
    public void Every_pass_file_is_accepted()
    {
        var files = Files("pass");
        var syntaxErrors = new List<string>();
        int compiled = 0, unsupported = 0, gaps = 0;
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            var text = File.ReadAllText(file);
            var results = new[] { Compile(name, text, DeclaredMode(name)), Compile(name, text, null) };
            var errors = results.SelectMany(r => r.Errors.Where(d => d.Code == DiagnosticCodes.Syntax)).Select(d => d.OneLine).ToList();
            if (AcornimaGaps.ContainsKey(name))
            {
                gaps++;
                Assert.That(errors, Is.Not.Empty, $"{name} is listed as an Acornima gap but is now accepted: remove it from the list");
            }
            else if (errors.Count > 0)
                syntaxErrors.AddRange(errors);
            else if (results.All(r => r.Success))
                compiled++;
            else
                unsupported++; // valid JavaScript a job cannot use (import * as x, top-level await, export default function...)
        }

        TestContext.Out.WriteLine($"test262-parser-tests pass/: {files.Count} files, {files.Count - gaps - syntaxErrors.Count} accepted " +
            $"({compiled} compiled and prepared in Jint, {unsupported} valid but refused as jobs: module-only forms), " +
            $"{gaps} rejected by Acornima itself, {syntaxErrors.Count} rejected by the compiler");
        Assert.That(syntaxErrors, Is.Empty, () => string.Join("\n", syntaxErrors));
    }

    [Test]
    public void Every_identifier_of_the_compiled_code_maps_back_to_the_same_identifier_in_the_file()
    {
        int checkedFiles = 0, identifiers = 0;
        var wrong = new List<string>();
        foreach (var file in Files("pass"))
        {
            var job = Compile(Path.GetFileName(file), File.ReadAllText(file), null).Job;
            if (job is null)
                continue;
            checkedFiles++;
            identifiers += IdentifierMapping.Check(job, wrong);
        }

        TestContext.Out.WriteLine($"position map: {identifiers} identifiers in {checkedFiles} compiled files map back to themselves");
        Assert.That(wrong, Is.Empty, () => string.Join("\n", wrong.Take(20)));
    }

    [TestCase("fail")]
    [TestCase("early")]
    public void Every_file_acornima_rejects_is_rejected(string folder)
    {
        var files = Files(folder);
        var acceptedByUs = new List<string>();
        int acornimaRejects = 0, acceptedInAutomaticMode = 0;
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            if (AcornimaError(file, text) is null)
                continue;
            acornimaRejects++;
            var name = Path.GetFileName(file);
            if (!Compile(name, text, DeclaredMode(name)).Errors.Any(d => d.Code == DiagnosticCodes.Syntax))
                acceptedByUs.Add(name);
            if (!Compile(name, text, null).Errors.Any(d => d.Code == DiagnosticCodes.Syntax))
                acceptedInAutomaticMode++;
        }

        TestContext.Out.WriteLine($"test262-parser-tests {folder}/: {files.Count} files, Acornima rejects {acornimaRejects} " +
            $"(accepts {files.Count - acornimaRejects}), the compiler rejects {acornimaRejects - acceptedByUs.Count} of those; " +
            $"in the jobs' automatic mode {acceptedInAutomaticMode} of them are accepted as valid in the other mode (module vs script)");
        Assert.That(acceptedByUs, Is.Empty, () => string.Join("\n", acceptedByUs.Select(f => f + ": " + File.ReadAllText(Path.Combine(Oracle.Package("test262-parser-tests"), folder, f)))));
    }

    /// <summary>
    /// Error recovery never invents errors: a broken statement goes before each file (and an independent mistake after
    /// each pass file). The first error reported must be the broken statement's, and the next one exactly the error
    /// Acornima gives for the file once that statement is fixed; recovery may stop early, never report something else.
    /// </summary>
    [TestCase("pass")]
    [TestCase("fail")]
    [TestCase("early")]
    public void After_a_broken_statement_the_next_error_is_the_one_acornima_gives_once_it_is_fixed(string folder)
    {
        const string Broken = "const broken = ;\n", Fixed = "const broken = 1;\n";
        var suffix = folder == "pass" ? "\nfn(s => s) trailing;\n" : "";
        var wrong = new List<string>();
        int files = 0, found = 0;
        foreach (var file in Files(folder))
        {
            var name = Path.GetFileName(file);
            var text = File.ReadAllText(file);
            if (text.StartsWith("#!", StringComparison.Ordinal) || AcornimaGaps.ContainsKey(name))
                continue; // a hashbang is valid only at the very start
            files++;
            var errors = Compile(name, Broken + text + suffix, DeclaredMode(name)).Errors.Select(d => (d.Line, d.Column, d.Message)).ToList();
            var next = AcornimaError(file, Fixed + text + suffix) is { } e ? (e.LineNumber, e.Column + 1, e.Description) : default;
            if (errors.Count == 0 || errors[0] != (1, 16, "Unexpected token ';'") || (errors.Count > 1 && errors[1] != next))
                wrong.Add($"{name}: reported {string.Join(" | ", errors)}; Acornima once fixed: {next}");
            else if (errors.Count > 1)
                found++;
        }

        TestContext.Out.WriteLine($"recovery on test262-parser-tests {folder}/: {files} files after a broken statement, the next error found in {found}, " +
            $"recovery stopped early in {files - found - wrong.Count}, wrong in {wrong.Count}");
        Assert.That(wrong, Is.Empty, () => string.Join("\n", wrong.Take(20)));
        if (folder == "pass")
            Assert.That(found, Is.GreaterThan(files * 95 / 100), "the mistake after a valid file is found in nearly every file");
    }

    private static CompileResult Compile(string name, string text, JobSourceType? mode) =>
        new JobCompiler().Compile(new JobSource(name, text), new CompileOptions { ResolveNames = false, SourceType = mode });

    private static JobSourceType DeclaredMode(string name) =>
        name.EndsWith(".module.js", StringComparison.Ordinal) ? JobSourceType.Module : JobSourceType.Script;

    /// <summary>The error Acornima alone gives for a file, parsed in the mode its name says.</summary>
    private static ParseErrorException? AcornimaError(string file, string text)
    {
        var parser = new Parser(new ParserOptions { EcmaVersion = EcmaVersion.Latest });
        try
        {
            if (file.EndsWith(".module.js", StringComparison.Ordinal))
                parser.ParseModule(text);
            else
                parser.ParseScript(text);
            return null;
        }
        catch (ParseErrorException e)
        {
            return e;
        }
    }

    private static List<string> Files(string folder) =>
        [.. Directory.GetFiles(Path.Combine(Oracle.Package("test262-parser-tests"), folder), "*.js").Order(StringComparer.Ordinal)];
}
