using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Acornima;
using Acornima.Ast;
using Jint;

namespace OpenFn.Compiler;

/// <summary>
/// Turns job text into a script whose top-level operations are registered, in order, with
/// <see cref="CompiledJob.OperationSink"/> (§1.2–1.10). Everything else stays where it was, on the same line.
/// </summary>
/// <remarks>
/// The output is the job's own text with small splices (never a reprint), inside
/// <c>(function () { "use strict"; … })();</c> on the first and after the last line. The wrapper gives the job a
/// scope of its own, as a module has: its top-level declarations (<c>const get = …</c>, <c>function each()</c>)
/// shadow the adaptor's globals instead of clashing with them, <c>this</c> is undefined, and strict mode
/// follows how the file was parsed (<see cref="JobSourceType"/>) instead of the engine-wide Strict option.
/// Compile results are cached by content hash, so a scheduled job is parsed and prepared once per process.
/// </remarks>
public sealed class JobCompiler
{
    private const int CacheCapacity = 1024;

    /// <summary>Keep function source text so <c>String(fn)</c> prints the code, as node does.</summary>
    private static readonly ScriptPreparationOptions PreparationOptions = new() { ParsingOptions = new ScriptParsingOptions { RetainFunctionSourceText = true } };
    private static readonly ConcurrentDictionary<string, CompileResult> Cache = new();

    public CompileResult Compile(JobSource source, CompileOptions? options = null)
    {
        options ??= new CompileOptions();
        var key = CacheKey(source, options);
        if (Cache.TryGetValue(key, out var cached))
            return cached;
        var result = CompileUncached(source, options);
        if (Cache.Count >= CacheCapacity)
            Cache.Clear();
        Cache[key] = result;
        return result;
    }

    /// <summary>
    /// For <c>openfn compile</c>: the compiled text, or the diagnostics as printable text (one
    /// <c>file:line:col: message</c> line and a code frame per problem; warnings included).
    /// </summary>
    public (bool Success, string Output, string Diagnostics) CompileToText(JobSource source, CompileOptions? options = null)
    {
        var result = Compile(source, options);
        var diagnostics = string.Join("\n", result.Diagnostics.Select(d => d.ToString()));
        return (result.Success, result.Success ? result.Job!.Code : string.Empty, diagnostics);
    }

    private static CompileResult CompileUncached(JobSource source, CompileOptions options)
    {
        var job = ParsedJob.Parse(source, options.SourceType, out var failure);
        if (job is null)
        {
            var errors = SyntaxErrorRecovery.AllErrors(source, options.SourceType, failure!);
            return new CompileResult
            {
                Diagnostics = [.. errors.Select(e => CompileDiagnostic.At(source, e.LineNumber, e.Column, DiagnosticCodes.Syntax, e.Description ?? e.Message))],
            };
        }

        var diagnostics = new List<CompileDiagnostic>();
        var edits = new SourceEdits(source.Text);
        var names = new NameResolver(job, options);
        KeepFirstLineComment(job, edits);
        LazyStateRewriter.Rewrite(job, edits, diagnostics);
        var chains = PromiseChainRewriter.Rewrite(job, edits);
        var exported = new List<string>();
        var operations = TopLevel(job, edits, chains, names, options, exported, diagnostics);
        ReportModuleOnlyForms(job, diagnostics);
        if (options.ResolveNames)
            names.Check(diagnostics);

        var ordered = diagnostics.OrderBy(d => d.Line).ThenBy(d => d.Column).ToList();
        if (ordered.Any(d => d.Severity == DiagnosticSeverity.Error))
            return new CompileResult { Diagnostics = ordered };

        var prefix = job.SourceType == JobSourceType.Module ? "(function () { \"use strict\"; " : "(function () { ";
        var (code, positions) = edits.Apply(prefix, "\n})();\n");
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(source.FileName + "\0" + code)));
        Prepared<Script> prepared;
        try
        {
            prepared = Engine.PrepareScript(code, source.FileName, strict: false, PreparationOptions);
        }
        catch (ScriptPreparationException preparation) when (preparation.InnerException is ParseErrorException e)
        {
            // The transforms produced invalid code: a compiler bug. Point at the job's own position all the same.
            var (line, column) = positions.ToOriginal(e.LineNumber, e.Column);
            ordered.Add(CompileDiagnostic.At(source, line, column, DiagnosticCodes.Syntax, "internal compiler error: " + (e.Description ?? e.Message)));
            return new CompileResult { Diagnostics = ordered };
        }
        return new CompileResult
        {
            Diagnostics = ordered,
            Job = new CompiledJob
            {
                Source = source, Code = code, Operations = operations, Positions = positions, Hash = hash, Prepared = prepared,
                SourceType = job.SourceType, IsStrict = job.SourceType == JobSourceType.Module || job.Program.Strict, ExportedNames = exported,
            },
        };
    }

    /// <summary>
    /// The wrapper's prefix shares the first line, so a hashbang (<c>#!</c>) or an HTML-like <c>--&gt;</c> comment there
    /// would no longer start the line. Both comment out the rest of the line, as <c>//</c> does: write that instead.
    /// </summary>
    private static void KeepFirstLineComment(ParsedJob job, SourceEdits edits)
    {
        var text = job.Source.Text;
        if (text.StartsWith("#!", StringComparison.Ordinal))
        {
            edits.Replace(0, 2, "//");
            return;
        }
        if (job.SourceType != JobSourceType.Script)
            return;
        var position = 0;
        while (position < text.Length)
        {
            if (text[position] is ' ' or '\t' or '\v' or '\f' or '\u00a0' or '\ufeff')
                position++;
            else if (string.CompareOrdinal(text, position, "/*", 0, 2) == 0 && text.IndexOf("*/", position + 2, StringComparison.Ordinal) is var end and > 0
                     && text.IndexOfAny(['\n', '\r', '\u2028', '\u2029'], position, end - position) < 0)
                position = end + 2;
            else
                break;
        }
        if (string.CompareOrdinal(text, position, "-->", 0, 3) == 0)
            edits.Replace(position, position + 3, "// ");
    }

    /// <summary>Top-level statements: imports and exports, operations (§1.2, §1.3) and top-level console calls (§1.10).</summary>
    private static List<OperationSite> TopLevel(ParsedJob job, SourceEdits edits, Dictionary<Node, CallExpression> chains,
        NameResolver names, CompileOptions options, List<string> exported, List<CompileDiagnostic> diagnostics)
    {
        var body = job.Program.Body;
        var operations = new List<OperationSite>();
        // §1.2: a hand-written `export default [...]` holds the operations; top-level calls are appended to it only
        // when it is the last statement, otherwise they run at load and their result is discarded.
        var defaultArray = body.OfType<ExportDefaultDeclaration>().Select(d => d.Declaration).OfType<ArrayExpression>().FirstOrDefault();
        var callsAreOperations = defaultArray is null || body[^1] is ExportDefaultDeclaration { Declaration: ArrayExpression };
        var index = defaultArray?.Elements.Count ?? 0;
        foreach (var statement in body)
        {
            switch (statement)
            {
                case ImportDeclaration import:
                    RewriteImport(job, import, edits, names, options, diagnostics);
                    break;
                case ExportNamedDeclaration { Declaration: { } declaration } export:
                    edits.Blank(export.Start, declaration.Start);
                    exported.AddRange(DeclaredNames(declaration));
                    break;
                case ExportNamedDeclaration export:
                    edits.Blank(export.Start, export.End);
                    exported.AddRange(export.Specifiers.Select(s => ExportName(s.Exported)));
                    break;
                case ExportAllDeclaration export:
                    edits.Blank(export.Start, export.End);
                    break;
                case ExportDefaultDeclaration { Declaration: ArrayExpression array } export:
                    // `;` keeps the array from continuing the previous statement once `export default` is gone.
                    edits.Replace(export.Start, array.Start, ";");
                    for (var i = 0; i < array.Elements.Count; i++)
                    {
                        if (array.Elements[i] is not { } element)
                            continue;
                        operations.Add(Site(job, i, element, element));
                        edits.Insert(element.Start, $"{CompiledJob.OperationSink}({i}, ", EditOrder.OpenOperation);
                        edits.Insert(element.End, ")", EditOrder.CloseOperation);
                    }
                    break;
                case ExportDefaultDeclaration export:
                    diagnostics.Add(Error(job, export, DiagnosticCodes.Unsupported,
                        "export default must be an array of operations; write the operations as top-level calls instead"));
                    break;
                case ExpressionStatement { Expression: CallExpression call } when IsConsoleCall(job, call):
                    diagnostics.Add(CompileDiagnostic.At(job.Source, call.Location.Start.Line, call.Location.Start.Column, DiagnosticCodes.TopLevelConsole,
                        "top-level console call: it runs once when the job is loaded, before any operation, and is not an operation " +
                        "(OpenFn v2 would crash the step here); wrap it in fn(state => { ...; return state; }) to log while the job runs",
                        DiagnosticSeverity.Warning));
                    break;
                case ExpressionStatement { Expression: CallExpression call } when callsAreOperations:
                    var operation = chains.GetValueOrDefault(call) ?? call;
                    operations.Add(Site(job, index, call, operation));
                    edits.Insert(call.Start, $"{CompiledJob.OperationSink}({index}, ", EditOrder.OpenOperation);
                    edits.Insert(call.End, ")", EditOrder.CloseOperation);
                    index++;
                    break;
            }
        }
        return [.. operations.OrderBy(o => o.Index)];
    }

    /// <summary>
    /// Imports are removed: the adaptor's exports are globals of the job engine. A renamed import becomes a
    /// <c>const</c> alias; importing something the adaptor does not export is an error, as it is in node.
    /// A relative <c>.json</c> import is a data file, inlined by <see cref="DataImports"/>.
    /// </summary>
    private static void RewriteImport(ParsedJob job, ImportDeclaration import, SourceEdits edits, NameResolver names,
        CompileOptions options, List<CompileDiagnostic> diagnostics)
    {
        if (DataImports.IsDataImport(import))
        {
            DataImports.Inline(job, import, edits, options, diagnostics);
            return;
        }
        var aliases = new List<string>();
        foreach (var specifier in import.Specifiers)
        {
            if (specifier is not ImportSpecifier { Imported: Identifier { Name: not "default" } imported })
            {
                diagnostics.Add(Error(job, specifier, DiagnosticCodes.Unsupported,
                    $"only named imports of the adaptor's functions are supported, e.g. import {{ fn }} from '{import.Source.Value}'"));
                continue;
            }
            if (options.ResolveNames && !names.IsProvided(imported.Name))
            {
                diagnostics.Add(Error(job, imported, DiagnosticCodes.UnknownName,
                    $"'{imported.Name}' is not exported by {options.AdaptorName}.{names.Suggest(imported.Name)}"));
            }
            if (imported.Name != specifier.Local.Name)
                aliases.Add($"{specifier.Local.Name} = {imported.Name}");
        }
        if (aliases.Count == 0)
            edits.Blank(import.Start, import.End);
        else
            edits.Replace(import.Start, import.End, $"const {string.Join(", ", aliases)};");
    }

    /// <summary>Module-only forms a job script cannot run: top-level await, import.meta and dynamic import().</summary>
    private static void ReportModuleOnlyForms(ParsedJob job, List<CompileDiagnostic> diagnostics)
    {
        foreach (var node in SyntaxWalk.Descendants(job.Program))
        {
            var message = node switch
            {
                AwaitExpression or ForOfStatement { Await: true } when !job.Ancestors(node).Any(a => a is IFunction) =>
                    "top-level await is not supported: use it inside an operation, e.g. fn(async state => { ... })",
                MetaProperty { Meta.Name: "import" } => "import.meta is not available to jobs",
                ImportExpression => "jobs cannot load modules with import(): use the adaptor's functions",
                _ => null,
            };
            if (message is not null)
                diagnostics.Add(Error(job, node, DiagnosticCodes.Unsupported, message));
        }
    }

    private static bool IsConsoleCall(ParsedJob job, CallExpression call) =>
        call.Callee is MemberExpression { Object: Identifier { Name: "console" } console } && !job.IsDeclared(console, "console");

    private static OperationSite Site(ParsedJob job, int index, Node statement, Node operation)
    {
        var line = statement.Location.Start.Line;
        var name = operation is CallExpression call ? CalleeName(call.Callee) : "(value)";
        return new OperationSite(index, name, line, statement.Location.Start.Column + 1, job.Line(line));
    }

    private static string CalleeName(Node callee) => callee switch
    {
        Identifier id => id.Name,
        MemberExpression { Computed: false, Property: Identifier property } => property.Name,
        CallExpression call => CalleeName(call.Callee),
        _ => "(anonymous)",
    };

    private static IEnumerable<string> DeclaredNames(Declaration declaration) => declaration switch
    {
        FunctionDeclaration { Id: { } id } => [id.Name],
        ClassDeclaration { Id: { } id } => [id.Name],
        VariableDeclaration variables => variables.Declarations.SelectMany(d => BoundNames(d.Id)),
        _ => [],
    };

    private static IEnumerable<string> BoundNames(Node pattern) => pattern switch
    {
        Identifier id => [id.Name],
        _ => SyntaxWalk.Descendants(pattern).OfType<Identifier>().Select(id => id.Name),
    };

    private static string ExportName(Expression exported) => exported switch
    {
        Identifier id => id.Name,
        StringLiteral literal => literal.Value,
        _ => exported.ToString() ?? "",
    };

    private static CompileDiagnostic Error(ParsedJob job, Node node, string code, string message) =>
        CompileDiagnostic.At(job.Source, node.Location.Start.Line, node.Location.Start.Column, code, message);

    private static string CacheKey(JobSource source, CompileOptions options)
    {
        var key = new StringBuilder()
            .Append(source.FileName).Append('\0').Append(source.Text).Append('\0')
            .Append(options.ResolveNames).Append('\0').Append(options.SourceType).Append('\0').Append(options.AdaptorName).Append('\0')
            .AppendJoin(',', options.AdaptorExports.Order(StringComparer.Ordinal)).Append('\0')
            .AppendJoin(',', options.KnownGlobals.Order(StringComparer.Ordinal)).Append('\0')
            .Append(options.DataRoot).Append('\0').Append(DataImports.Fingerprint(source, options));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key.ToString())));
    }
}
