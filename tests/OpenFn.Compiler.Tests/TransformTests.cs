namespace OpenFn.Compiler.Tests;

/// <summary>The §1 transforms, each checked by running the compiled job (see <see cref="JobHarness"/>).</summary>
public class TransformTests
{
    [Test]
    public void Top_level_calls_become_operations_in_source_order_with_their_positions()
    {
        var job = JobHarness.Compile("const x = 1;\nget('/a');\n\n  fn(s => s);\nif (x) { post('/not-an-operation'); }\n");

        Assert.That(job.Operations.Select(o => (o.Index, o.Name, o.Line, o.Column)),
            Is.EqualTo(new[] { (0, "get", 2, 1), (1, "fn", 4, 3) }));
        Assert.That(job.Operations[1].SourceLine, Is.EqualTo("  fn(s => s);"));
    }

    [Test]
    public void Compiled_code_keeps_every_line_of_the_job_on_the_same_line()
    {
        var text = "import { get } from 'x';\nget($.a)\n  .then(s => s);\nconst t = `a\nb`;\nfn(state => ({\n  v: $.v }));\n";
        var job = JobHarness.Compile(text);

        var original = text.Split('\n');
        var compiled = job.Code.Split('\n');
        Assert.That(compiled[original.Length], Is.EqualTo("})();"), "the wrapper closes after the last line");
        Assert.That(compiled[3], Is.EqualTo(original[3]), "untouched lines are identical");
        Assert.That(compiled[6], Is.EqualTo("  v: state.v })));"));
    }

    [Test]
    public void Arguments_are_evaluated_at_load_time_and_operations_run_later_in_order()
    {
        var outcome = JobHarness.Run("""
            let loaded = [];
            fn(state => ({ ...state, seen: loaded.slice() }));
            loaded[0] = 'a';
            log('at load ' + loaded.length);
            fn(state => ({ ...state, after: loaded.length }));
            """);

        Assert.That(outcome.State, Is.EqualTo("""{"seen":["a"],"after":1}"""));
        Assert.That(outcome.Log, Is.EqualTo(new[] { "at load 1" }));
    }

    [Test]
    public void Nested_operations_inside_fn_are_not_top_level_operations()
    {
        var outcome = JobHarness.Run("""
            fn(state => get('/inner')(state));
            fn(async state => { const next = await post('/x', { a: 1 })(state); return next; });
            """);

        Assert.That(outcome.Job.Operations.Select(o => o.Name), Is.EqualTo(new[] { "fn", "fn" }));
        Assert.That(outcome.State, Is.EqualTo("""{"data":{"method":"POST","path":"/x","body":{"a":1}}}"""));
    }

    [Test]
    public void Operations_inside_each_run_per_item_with_lazy_state()
    {
        var outcome = JobHarness.Run("each($.items, post(`/items/${$.data.id}`, { name: $.data.name }));", """{"items":[{"id":1,"name":"a"},{"id":2,"name":"b"}]}""");

        Assert.That(outcome.Job.Operations.Select(o => o.Name), Is.EqualTo(new[] { "each" }));
        Assert.That(outcome.State, Does.Contain("""
            "data":[{"method":"POST","path":"/items/1","body":{"name":"a"}},{"method":"POST","path":"/items/2","body":{"name":"b"}}]
            """.Trim()));
    }

    [TestCase("get($.data.url);", "get(state => (state.data.url));")]
    [TestCase("post('/x', { a: $.a, b: { c: [$.c] } });", "post('/x', state => ({ a: state.a, b: { c: [state.c] } }));")]
    [TestCase("get(`/p/${$.id}?q=${$.q}`);", "get(state => (`/p/${state.id}?q=${state.q}`));")]
    [TestCase("get(table[$.code]);", "get(state => (table[state.code]));")]
    [TestCase("get('/p/' + $.id);", "get(state => ('/p/' + state.id));")]
    [TestCase("get($['data'].x);", "get(state => (state['data'].x));")]
    [TestCase("get($.a?.b);", "get(state => (state.a?.b));")]
    [TestCase("fn(state => $.a);", "fn(state => state.a);")]
    [TestCase("fnIf(Object.values($.r).length === 0, log('x'));", "fnIf(Object.values(state => (state.r)).length === 0, log('x'));")]
    [TestCase("log($.configuration.name.toUpperCase());", "log(state => (state.configuration.name.toUpperCase()));")]
    public void Lazy_state_wraps_the_whole_argument_of_the_nearest_call(string job, string operation)
    {
        var code = JobHarness.Compile("const table = {};\n" + job).Code.Split('\n')[1];

        Assert.That(code, Is.EqualTo($"__openfn_op(0, {operation[..^1]});"));
    }

    [Test]
    public void Lazy_state_inside_a_member_chain_callee_is_rewritten_too()
    {
        var code = JobHarness.Compile("log(($.items || []).map(i => i.id));").Code;

        Assert.That(code, Does.Contain("log(state => ((state.items || []).map(i => i.id)))"));
    }

    [Test]
    public void Lazy_state_values_are_read_when_the_operation_runs()
    {
        var outcome = JobHarness.Run("""
            fn(state => ({ ...state, id: 7, name: 'ann' }));
            post(`/p/${$.id}`, { upper: $.name.toUpperCase(), nested: { list: [$.id, 1] } });
            """);

        Assert.That(outcome.State, Does.Contain("""
            "data":{"method":"POST","path":"/p/7","body":{"upper":"ANN","nested":{"list":[7,1]}}}
            """.Trim()));
    }

    [Test]
    public void A_locally_declared_dollar_is_left_alone()
    {
        var code = JobHarness.Compile("fn(state => { const $ = { x: 1 }; return { ...state, v: $.x }; });\nfn(state => [1].map($ => $.x));").Code;

        Assert.That(code, Does.Contain("return { ...state, v: $.x }"));
        Assert.That(code, Does.Contain("[1].map($ => $.x)"));
    }

    [Test]
    public void A_top_level_object_constant_keeps_a_top_level_dollar_like_openfn()
    {
        var outcome = JobHarness.Run("const $ = { a: 5 };\nconst config = { a: $.a };\nfn(state => ({ ...state, a: config.a }));");

        Assert.That(outcome.State, Is.EqualTo("""{"a":5}"""));
    }

    [TestCase("fn(s => $.x);", 1, 9, "invalid state operator: parameter \"s\" should be called \"state\"")]
    [TestCase("fn((state, i) => $.x);", 1, 18, "invalid state operator: parent has wrong arity")]
    [TestCase("fn(() => $.x);", 1, 10, "invalid state operator: parent has wrong arity")]
    [TestCase("const url = $.x;", 1, 13, "invalid state operator: must be inside an expression")]
    [TestCase("fn(state => {\n  return $.x;\n});", 2, 10, "invalid state operator: must be inside an expression")]
    [TestCase("const o = { a: $.a };", 1, 16, "invalid state operator: must be inside an operation")]
    [TestCase("get(...$.list);", 1, 8, "invalid state operator: cannot be used in a spread argument (...$.x); pass $.x instead")]
    public void Lazy_state_misuse_is_a_compile_error_at_the_dollar(string job, int line, int column, string message)
    {
        var diagnostic = JobHarness.CompileResult(job).Diagnostics.Single();

        Assert.That((diagnostic.Line, diagnostic.Column, diagnostic.Message, diagnostic.Code), Is.EqualTo((line, column, message, DiagnosticCodes.LazyState)));
    }

    [Test]
    public void Then_chains_become_deferred_operations()
    {
        var job = JobHarness.Compile("get('/a').then(s => ({ ...s, extra: 1 })).then(s => s);");

        Assert.That(job.Code, Does.Contain("__openfn_op(0, __openfn_defer(get('/a'), __openfn_p => __openfn_p.then(s => ({ ...s, extra: 1 })).then(s => s)));"));
        Assert.That(job.Operations.Single().Name, Is.EqualTo("get"));
        Assert.That(JobHarness.Run(job.Source.Text).State, Is.EqualTo("""{"data":{"method":"GET","path":"/a"},"extra":1}"""));
    }

    [Test]
    public void A_catch_handler_gets_the_error_and_the_state_before_the_operation()
    {
        var outcome = JobHarness.Run("""
            fn(state => ({ ...state, before: true }));
            fn(state => { throw new Error('boom'); }).catch((error, state) => ({ ...state, caught: error.message }));
            """);

        Assert.That(outcome.State, Is.EqualTo("""{"before":true,"caught":"boom"}"""));
        Assert.That(outcome.Job.Code, Does.Contain("__openfn_defer(fn(state => { throw new Error('boom'); }), undefined, (error, state) =>"));
    }

    [Test]
    public void A_catch_followed_by_then_keeps_both_in_order()
    {
        var outcome = JobHarness.Run("""
            fn(state => Promise.reject(new Error('no')))
              .catch((e, state) => ({ ...state, recovered: e.message }))
              .then(state => ({ ...state, then: true }));
            """);

        Assert.That(outcome.State, Is.EqualTo("""{"recovered":"no","then":true}"""));
    }

    [Test]
    public void A_catch_right_after_the_operation_is_the_defer_error_handler_and_the_rest_its_chain()
    {
        var text = "fn(state => { throw new Error('now'); })\n  .catch((e, state) => ({ ...state, caught: e.message }))\n  .then(state => ({ ...state, then: true }));\nfn(s => s);";
        var job = JobHarness.Compile(text);

        Assert.That(job.Code.Split('\n')[..3], Is.EqualTo(new[]
        {
            "(function () { \"use strict\"; __openfn_op(0, __openfn_catch_then(fn(state => { throw new Error('now'); }), ",
            "(e, state) => ({ ...state, caught: e.message }))(__openfn_p => __openfn_p",
            "  .then(state => ({ ...state, then: true }))));",
        }));
        Assert.That(job.Code, Does.EndWith("\nfunction __openfn_catch_then(operation, catchHandler) { return thenChain => __openfn_defer(operation, thenChain, catchHandler); }\n})();\n"));
        Assert.That(JobHarness.Run(text).State, Is.EqualTo("""{"caught":"now"}"""), "a synchronous throw skips the chain after .catch, as in OpenFn");
    }

    [Test]
    public void A_then_followed_by_catch_stays_in_the_chain()
    {
        var outcome = JobHarness.Run("fn(state => state).then(() => { throw new Error('late'); }).catch(e => ({ late: e.message }));");

        Assert.That(outcome.State, Is.EqualTo("""{"late":"late"}"""));
    }

    [Test]
    public void Promise_chains_inside_functions_are_plain_javascript()
    {
        var job = JobHarness.Compile("fn(state => Promise.resolve(state).then(s => s));");

        Assert.That(job.Code, Does.Not.Contain("__openfn_defer"));
    }

    [Test]
    public void Top_level_console_log_between_operations_prints_at_load_and_is_not_an_operation()
    {
        var result = JobHarness.CompileResult("fn(state => ({ n: 1 }));\nconsole.log('loading', 2);\nfn(state => ({ n: state.n + 1 }));");
        var outcome = JobHarness.Run(result.Job!.Source.Text);

        Assert.That(result.Job.Operations.Select(o => o.Name), Is.EqualTo(new[] { "fn", "fn" }));
        Assert.That(outcome.Log, Is.EqualTo(new[] { "loading 2" }));
        Assert.That(outcome.State, Is.EqualTo("""{"n":2}"""));
        var warning = result.Warnings.Single();
        Assert.That((warning.Line, warning.Column, warning.Code), Is.EqualTo((2, 1, DiagnosticCodes.TopLevelConsole)));
    }

    [Test]
    public void Import_lines_are_removed_and_renamed_imports_still_work()
    {
        var outcome = JobHarness.Run("""
            import { fn } from '@openfn/language-common';
            import {
              post as send,
              get,
            } from '@openfn/language-http';
            send('/x', 1);
            """);

        Assert.That(outcome.State, Is.EqualTo("""{"data":{"method":"POST","path":"/x","body":1}}"""));
        Assert.That(outcome.Job.Operations.Single().Line, Is.EqualTo(6));
    }

    [Test]
    public void Importing_what_the_adaptor_does_not_export_is_an_error_with_suggestions()
    {
        var diagnostics = JobHarness.CompileResult("import { gett } from '@openfn/language-http';\nimport _ from 'lodash';\n").Diagnostics;

        Assert.That(diagnostics.Select(d => (d.Line, d.Column, d.Code)),
            Is.EqualTo(new[] { (1, 10, DiagnosticCodes.UnknownName), (2, 8, DiagnosticCodes.Unsupported) }));
        Assert.That(diagnostics[0].Message, Is.EqualTo("'gett' is not exported by test-adaptor. Did you mean 'get'?"));
    }

    [Test]
    public void Top_level_state_is_the_input_state_read_at_load_time()
    {
        var outcome = JobHarness.Run("""
            fn(state => ({ ...state, data: { fresh: true } }));
            post('/auth', { user: state.configuration.user, data: state.data });
            """, """{"configuration":{"user":"u1"},"data":{"fresh":false}}""");

        Assert.That(outcome.State, Does.Contain("""
            "data":{"method":"POST","path":"/auth","body":{"user":"u1","data":{"fresh":false}}}
            """.Trim()));
    }

    [Test]
    public void A_top_level_assignment_to_state_mutates_the_input_before_the_first_operation()
    {
        var outcome = JobHarness.Run("state.url = 'x';\nfn(s => ({ url: s.url }));");

        Assert.That(outcome.State, Is.EqualTo("""{"url":"x"}"""));
    }

    [Test]
    public void AlterState_is_an_operation_like_fn()
    {
        var outcome = JobHarness.Run("alterState(state => ({ ...state, altered: true }));", """{"a":1}""");

        Assert.That(outcome.Job.Operations.Single().Name, Is.EqualTo("alterState"));
        Assert.That(outcome.State, Is.EqualTo("""{"a":1,"altered":true}"""));
    }

    [Test]
    public void The_jobs_own_declarations_shadow_adaptor_functions()
    {
        var outcome = JobHarness.Run("function get(path) { return state => ({ mine: path }); }\nget('/own');");

        Assert.That(outcome.State, Is.EqualTo("""{"mine":"/own"}"""));
    }

    [Test]
    public void A_hand_written_default_export_array_holds_the_first_operations()
    {
        var outcome = JobHarness.Run("fn(s => ({ ...s, order: [...s.order, 'call'] }));\nexport default [fn(s => ({ order: ['array'] }))];");

        Assert.That(outcome.Job.Operations.Select(o => (o.Index, o.Line)), Is.EqualTo(new[] { (0, 2), (1, 1) }));
        Assert.That(outcome.State, Is.EqualTo("""{"order":["array","call"]}"""));
    }

    [Test]
    public void Exports_are_accepted_and_their_names_recorded()
    {
        var job = JobHarness.Compile("export const base = 'x';\nexport function helper() {}\nconst y = 1;\nexport { y as z };\nfn(s => s);");

        Assert.That(job.ExportedNames, Is.EqualTo(new[] { "base", "helper", "z" }));
        Assert.That(job.Operations, Has.Count.EqualTo(1));
    }

    [Test]
    public void Jobs_are_strict_modules_and_fall_back_to_sloppy_scripts_only_when_they_must()
    {
        var module = JobHarness.CompileResult("fn(s => { undeclared = 1; return s; });");
        var script = JobHarness.CompileResult("var n = 010;\nwith (Math) { fn(s => ({ v: max(n, 1) })); }");

        Assert.That(module.Job!.SourceType, Is.EqualTo(JobSourceType.Module));
        Assert.That(() => JobHarness.Run(module.Job.Source.Text), Throws.InstanceOf<Jint.Runtime.JavaScriptException>().With.Message.Contains("undeclared"));
        Assert.That((script.Job!.SourceType, script.Job.IsStrict), Is.EqualTo((JobSourceType.Script, false)));
        Assert.That(module.Job.IsStrict, Is.True);
    }

    [Test]
    public void A_hashbang_line_is_accepted()
    {
        Assert.That(JobHarness.Run("#!/usr/bin/env openfn\nfn(s => ({ ok: 1 }));").State, Is.EqualTo("""{"ok":1}"""));
    }

    [Test]
    public void Compiling_the_same_job_twice_returns_the_cached_result()
    {
        var first = JobHarness.CompileResult("fn(s => s); // cache test");
        var second = JobHarness.CompileResult("fn(s => s); // cache test");

        Assert.That(second, Is.SameAs(first));
        Assert.That(second.Job!.Prepared.Program, Is.SameAs(first.Job!.Prepared.Program));
    }

    [Test]
    public void CompileToText_returns_the_compiled_job_or_the_printable_diagnostics()
    {
        var compiler = new JobCompiler();
        var ok = compiler.CompileToText(new JobSource("ok.js", "fn(s => s);\n"), JobHarness.Options);
        var bad = compiler.CompileToText(new JobSource("bad.js", "fnn(s => s);\n"), JobHarness.Options);

        Assert.That(ok, Is.EqualTo((true, "(function () { \"use strict\"; __openfn_op(0, fn(s => s));\n\n})();\n", "")));
        Assert.That(bad.Success, Is.False);
        Assert.That(bad.Diagnostics, Does.StartWith("bad.js:1:1: 'fnn' is not defined"));
    }
}
