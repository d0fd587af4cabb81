using Jint.Runtime;

namespace OpenFn.Compiler.Tests;

/// <summary>Syntax and compile errors: exact positions, messages and code frames; runtime positions mapped back to the job.</summary>
public class DiagnosticTests
{
    [TestCase("fn(s => s);\nfn(s => {\n", 3, 1, "Unexpected end of input")]
    [TestCase("get('/a')\nget('/b') post('/c');", 2, 11, "Unexpected identifier 'post'")]
    [TestCase("fn(state => {\n  const x = ;\n});", 2, 13, "Unexpected token ';'")]
    [TestCase("const a = 1;\nconst a = 2;", 2, 7, "Identifier 'a' has already been declared")]
    [TestCase("import { get } from 'x';\nwith (a) {}", 2, 1, "Strict mode code may not include a with statement")]
    public void Syntax_errors_give_the_exact_line_column_and_message(string job, int line, int column, string message)
    {
        var diagnostic = JobHarness.CompileResult(job).Diagnostics.Single();

        Assert.That((diagnostic.FileName, diagnostic.Line, diagnostic.Column, diagnostic.Message, diagnostic.Code),
            Is.EqualTo(("job.js", line, column, message, DiagnosticCodes.Syntax)));
    }

    [Test]
    public void Independent_syntax_errors_in_separate_statements_are_all_reported_as_acornima_gives_each_alone()
    {
        var lines = new[]
        {
            "fn(state => state);",
            "get('/patients' { limit: 10 });",
            "const table = { '(': 1, '{': 2 }; // ) ] } brackets in strings and comments do not count",
            "fn(state => {",
            "  const pattern = /[{(]/g, label = `a ${ `(` } {`;",
            "  return { ...state, total: } ;",
            "});",
            "post('/summary', $.total)",
            "each($.data, fn(state => state.data.map(x => x.id +)));",
        };

        var diagnostics = JobHarness.CompileResult(string.Join("\n", lines)).Diagnostics;

        Assert.That(diagnostics.Select(d => (d.Line, d.Column, d.Message, d.Code)), Is.EqualTo(new[]
        {
            (2, 17, "Unexpected token '{'", DiagnosticCodes.Syntax),
            (6, 29, "Unexpected token '}'", DiagnosticCodes.Syntax),
            (9, 52, "Unexpected token ')'", DiagnosticCodes.Syntax),
        }));
        foreach (var diagnostic in diagnostics)
        {
            // The broken statement alone, on the same lines, everything else blank: Acornima's own error for it.
            var statementLines = diagnostic.Line == 6 ? (4, 7) : (diagnostic.Line, diagnostic.Line);
            var alone = string.Join("\n", lines.Select((line, i) => i + 1 >= statementLines.Item1 && i + 1 <= statementLines.Item2 ? line : ""));
            var expected = JobHarness.CompileResult(alone).Diagnostics.Single();
            Assert.That((diagnostic.Line, diagnostic.Column, diagnostic.Message), Is.EqualTo((expected.Line, expected.Column, expected.Message)));
            Assert.That(diagnostic.CodeFrame, Is.EqualTo(CompileDiagnostic.Frame(string.Join("\n", lines), diagnostic.Line, diagnostic.Column)));
        }
    }

    [TestCase("get('/a' 'b')\nget('/c')\npost('/d' 'e')\nfn(s => s)", 1, 10, 3, 11)]
    [TestCase("const a = 1;\nconst a = 2;\nlet b = 1;\nlet b = 2;", 2, 7, 4, 5)]
    [TestCase("if (ok) get('/a' 1)\nelse get('/b' 2)\nfn(s => s) x;", 1, 18, 3, 12)]
    public void Statements_without_semicolons_and_redeclarations_are_recovered_from_too(string job, int line1, int column1, int line2, int column2)
    {
        var diagnostics = JobHarness.CompileResult(job).Diagnostics;

        Assert.That(diagnostics.Select(d => (d.Line, d.Column)), Is.EqualTo(new[] { (line1, column1), (line2, column2) }));
    }

    [TestCase("fn(state => {\n  const x = 1;\nget('/a') post('/b');\n", "Unexpected identifier 'post'")]
    [TestCase("fn(state => {\n  if (x) {\n    return 1;\n});\nget('/a') post('/b');", "Unexpected token ')'")]
    [TestCase("fn(state => state).then(s => s;\nget('/a') post('/b');", "Unexpected token ';'")]
    [TestCase("const msg = `Hello ${name;\nget('/a') post('/b');", "Missing } in template expression")]
    [TestCase("const t = `a${ 1 + }\nbar baz\n`;\nfn(s => s);", "Unexpected token '}'")]
    [TestCase("const msg = 'Hello;\nget('/a') post('/b');", "Invalid or unexpected token")]
    [TestCase("/* unfinished comment\nget('/a') post('/b');", "Invalid or unexpected token")]
    [TestCase("fn(s => s));\nget('/a') post('/b');", "Unexpected token ')'")]
    [TestCase("const x = ;\nexport { x };", "Unexpected token ';'")]
    public void An_unclosed_bracket_string_template_or_comment_is_one_error_not_a_cascade(string job, string message)
    {
        var diagnostics = JobHarness.CompileResult(job).Diagnostics;

        Assert.That(diagnostics.Select(d => d.Message), Is.EqualTo(new[] { message }));
    }

    [Test]
    public void At_most_ten_syntax_errors_are_reported()
    {
        var job = string.Join("\n", Enumerable.Range(1, 15).Select(i => $"get('/{i}' {i});"));

        var diagnostics = JobHarness.CompileResult(job).Diagnostics;

        Assert.That(diagnostics.Select(d => d.Line), Is.EqualTo(Enumerable.Range(1, 10)));
    }

    [Test]
    public void A_diagnostic_prints_as_one_line_and_a_babel_style_code_frame()
    {
        var diagnostic = JobHarness.CompileResult("fn(s => s);\nfn(s => s);\nget('/a') post('/c');\nfn(s => s);\n").Diagnostics.Single();

        Assert.That(diagnostic.ToString(), Is.EqualTo("""
            job.js:3:11: Unexpected identifier 'post'
              1 | fn(s => s);
              2 | fn(s => s);
            > 3 | get('/a') post('/c');
                |           ^
              4 | fn(s => s);
              5 |
            """.ReplaceLineEndings("\n")));
    }

    [Test]
    public void Every_unknown_function_in_a_file_is_reported_with_the_closest_names()
    {
        var options = JobHarness.Options with { AdaptorExports = ["upsertCase", "getCases", "fn", "each"], AdaptorName = "@openfn/language-primero@4.1.2" };
        var diagnostics = JobHarness.CompileResult("""
            upsertCas({ externalId: 'x' });
            each('$.data[*]', fn(state => {
              const ok = helper(state);
              return getcases(ok);
            }));
            new Widget();
            function helper(s) { return s; }
            frobnicate();
            """, options).Diagnostics;

        Assert.That(diagnostics.Select(d => (d.Line, d.Column, d.Message)), Is.EqualTo(new[]
        {
            (1, 1, "'upsertCas' is not defined: the job does not declare it and @openfn/language-primero@4.1.2 does not provide it. Did you mean 'upsertCase'?"),
            (4, 10, "'getcases' is not defined: the job does not declare it and @openfn/language-primero@4.1.2 does not provide it. Did you mean 'getCases'?"),
            (6, 5, "'Widget' is not defined: the job does not declare it and @openfn/language-primero@4.1.2 does not provide it. Check the spelling, or the adaptor the step uses."),
            (8, 1, "'frobnicate' is not defined: the job does not declare it and @openfn/language-primero@4.1.2 does not provide it. Check the spelling, or the adaptor the step uses."),
        }));
        Assert.That(diagnostics.All(d => d.Code == DiagnosticCodes.UnknownName));
    }

    [Test]
    public void Built_ins_known_globals_and_declared_names_are_not_unknown()
    {
        var result = JobHarness.CompileResult("""
            const f = x => x;
            fn(state => {
              console.log(JSON.stringify(parseInt('1')), new Date(), new Map(), Symbol('s'), setTimeout);
              try { f(1); } catch (error) { error(); }
              return (function inner(n) { return n ? inner(n - 1) : state; })(2);
            });
            class Local {}
            fn(s => new Local() && s);
            """);

        Assert.That(result.Errors, Is.Empty, () => string.Join("\n", result.Diagnostics));
    }

    [Test]
    public void Name_checks_can_be_turned_off_when_the_adaptor_exports_are_unknown()
    {
        var result = JobHarness.CompileResult("anything(1);", JobHarness.Options with { ResolveNames = false });

        Assert.That(result.Success, Is.True);
    }

    [Test]
    public void Module_only_forms_a_job_cannot_run_are_reported()
    {
        var diagnostics = JobHarness.CompileResult("await fn(s => s);\nconst u = import.meta.url;\nfn(async s => { await import('fs'); return s; });").Diagnostics;

        Assert.That(diagnostics.Select(d => (d.Line, d.Column, d.Code)), Is.EqualTo(new[]
        {
            (1, 1, DiagnosticCodes.Unsupported), (2, 11, DiagnosticCodes.Unsupported), (3, 23, DiagnosticCodes.Unsupported),
        }));
    }

    [Test]
    public void A_runtime_error_position_maps_back_to_the_job_file()
    {
        // Line 3 is rewritten ($ and the operation wrapper shift its columns); Jint reports the property read, `boom`.
        var text = "fn(s => s);\nconst t = {};\npost($.x, fn(state => { null.boom; }));\n";
        var job = JobHarness.Compile(text);
        var engine = JobEngineFactory.Create(new EngineLimits());
        engine.SetValue("__openfn_op", new Action<int, Jint.Native.JsValue>((_, _) => { }));
        engine.Execute("function fn(f) { return f; } function post(a, b) { b({}); }");

        var error = Assert.Throws<JavaScriptException>(() => engine.Execute(job.Prepared))!;

        var location = error.Location.Start;
        Assert.That(job.ToJobPosition(location.Line, location.Column), Is.EqualTo((3, 30)));
        Assert.That(text.Split('\n')[2][29..], Does.StartWith("boom"));
        Assert.That(job.MapStackTrace(error.JavaScriptStackTrace!), Does.Contain("job.js:3:30"), error.JavaScriptStackTrace);
    }

    [Test]
    public void Every_identifier_of_a_heavily_rewritten_job_maps_back_to_itself()
    {
        var job = JobHarness.Compile("""
            import { fn, get as fetch } from 'x';
            const table = { a: 1 };
            fetch(`/p/${$.id}`, { q: table[$.code], list: [$.a, { deep: $.b.c }] })
              .then(state => ({ ...state, n: 1 }))
              .catch((error, state) => state);
            fn(state => $.x).catch(e => e).then(s => s);
            console.log('load');
            post('/x', $.data); each($.items, post('/i', { v: $.data.v }));
            """);
        var wrong = new List<string>();

        var checkedIdentifiers = IdentifierMapping.Check(job, wrong);

        Assert.That(checkedIdentifiers, Is.GreaterThan(30));
        Assert.That(wrong, Is.Empty, () => string.Join("\n", wrong));
    }

    [Test]
    public void Positions_inside_inserted_text_map_to_the_insertion_point()
    {
        var job = JobHarness.Compile("get($.a);");
        var compiledLine = job.Code.Split('\n')[0];
        var insideWrapper = compiledLine.IndexOf("state => (", StringComparison.Ordinal) + 3;

        Assert.That(job.Positions.ToOriginal(1, insideWrapper), Is.EqualTo((1, 4)));
        Assert.That(job.Positions.ToOriginal(1, 0), Is.EqualTo((1, 0)), "the wrapper prefix maps to the start of the job");
    }
}
