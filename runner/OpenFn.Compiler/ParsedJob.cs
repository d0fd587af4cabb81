using Acornima;
using Acornima.Ast;

namespace OpenFn.Compiler;

/// <summary>
/// A job's syntax tree plus what the transforms need to know about it: for each node, its parent, and for
/// each scope-creating node, the names it declares.
/// </summary>
/// <remarks>
/// Parsing mode: real OpenFn V2 jobs are ES modules (strict mode), so the file is parsed as a module first.
/// When that fails and the file has no import/export, it is parsed again as a classic sloppy script, the way
/// the V1 compiler parsed jobs: legal old jobs (legacy octal literals, <c>with</c>, HTML-like comments,
/// <c>arguments</c>/<c>eval</c> as names) keep working, and the job then runs in sloppy mode
/// (<see cref="JobSourceType.Script"/>). If both parses fail, the error of the parse that got further is reported.
/// </remarks>
internal sealed class ParsedJob
{
    private readonly Dictionary<Node, Node> _parents = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Node, HashSet<string>> _declarations = new(ReferenceEqualityComparer.Instance);

    private string[]? _lines;

    private ParsedJob(JobSource source)
    {
        Source = source;
    }

    public JobSource Source { get; }
    public Acornima.Ast.Program Program { get; private set; } = null!;
    public JobSourceType SourceType { get; private set; }

    /// <summary>
    /// Parses the job. On a syntax error returns null and sets <paramref name="failure"/> to the error worth reporting
    /// and the mode of the parse that raised it.
    /// </summary>
    public static ParsedJob? Parse(JobSource source, JobSourceType? sourceType, out SyntaxFailure? failure) =>
        Parse(source, sourceType, recordNodes: true, out failure);

    /// <summary>The syntax error <see cref="Parse(JobSource, JobSourceType?, out SyntaxFailure?)"/> would report, or null; faster, as it keeps no tree.</summary>
    public static SyntaxFailure? FindSyntaxError(JobSource source, JobSourceType? sourceType)
    {
        Parse(source, sourceType, recordNodes: false, out var failure);
        return failure;
    }

    private static ParsedJob? Parse(JobSource source, JobSourceType? sourceType, bool recordNodes, out SyntaxFailure? failure)
    {
        failure = null;
        if (sourceType is { } only)
        {
            var (job, error) = TryParse(source, only, recordNodes);
            failure = error is null ? null : new SyntaxFailure(error, only);
            return job;
        }

        var (moduleJob, moduleError) = TryParse(source, JobSourceType.Module, recordNodes);
        if (moduleJob is not null)
            return moduleJob;
        // A script containing import/export always fails (they are syntax errors in a script), so a file that uses
        // modules is always judged as a module.
        var (scriptJob, scriptError) = TryParse(source, JobSourceType.Script, recordNodes);
        if (scriptJob is not null)
            return scriptJob;
        // The parse that got further found the real mistake; the other one stopped at something only its mode forbids.
        failure = scriptError!.Error.Index > moduleError!.Error.Index
            ? new SyntaxFailure(scriptError, JobSourceType.Script)
            : new SyntaxFailure(moduleError, JobSourceType.Module);
        return null;
    }

    private static (ParsedJob? Job, ParseErrorException? Error) TryParse(JobSource source, JobSourceType sourceType, bool recordNodes)
    {
        var job = new ParsedJob(source) { SourceType = sourceType };
        var parser = job.CreateParser(recordNodes);
        try
        {
            job.Program = sourceType == JobSourceType.Module ? parser.ParseModule(source.Text, source.FileName) : parser.ParseScript(source.Text, source.FileName);
            return (job, null);
        }
        catch (ParseErrorException e)
        {
            return (null, e);
        }
    }

    /// <summary>The text of a 1-based line of the job file, without its line break.</summary>
    public string Line(int line)
    {
        _lines ??= Source.Text.Split('\n');
        return line >= 1 && line <= _lines.Length ? _lines[line - 1].TrimEnd('\r') : string.Empty;
    }

    public Node? Parent(Node node) => _parents.GetValueOrDefault(node);

    /// <summary>Ancestors of <paramref name="node"/>, nearest first.</summary>
    public IEnumerable<Node> Ancestors(Node node)
    {
        for (var parent = Parent(node); parent is not null; parent = Parent(parent))
            yield return parent;
    }

    /// <summary>Whether <paramref name="name"/> is declared in a scope enclosing <paramref name="node"/> (the job's top level included unless <paramref name="ignoreTopLevel"/>).</summary>
    public bool IsDeclared(Node node, string name, bool ignoreTopLevel = false)
    {
        foreach (var ancestor in Ancestors(node))
        {
            if (ignoreTopLevel && ancestor is Acornima.Ast.Program)
                return false;
            if (_declarations.TryGetValue(ancestor, out var names) && names.Contains(name))
                return true;
            // A named function or class expression binds its own name inside itself; the parser does not list it.
            if (ancestor is FunctionExpression { Id.Name: var functionName } && functionName == name)
                return true;
            if (ancestor is ClassExpression { Id.Name: var className } && className == name)
                return true;
        }
        return false;
    }

    /// <summary>Names declared at the job's top level.</summary>
    public IReadOnlyCollection<string> TopLevelNames => _declarations.GetValueOrDefault(Program) ?? [];

    /// <summary>Every name declared anywhere in the job (candidates for "did you mean").</summary>
    public IEnumerable<string> AllDeclaredNames => _declarations.Values.SelectMany(names => names);

    private Parser CreateParser(bool recordNodes) => new(new ParserOptions
    {
        EcmaVersion = EcmaVersion.Latest,
        AllowHashBang = true,
        OnNode = recordNodes ? RecordNode : null,
    });

    private void RecordNode(Node node, in OnNodeContext context)
    {
        foreach (var child in node.ChildNodes)
            _parents[child] = node;
        if (!context.HasScope)
            return;
        var scope = context.Scope;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in scope.VarVariables)
            names.Add(id.Name);
        foreach (var id in scope.LexicalVariables)
            names.Add(id.Name);
        foreach (var id in scope.Functions)
            names.Add(id.Name);
        _declarations[node] = names;
    }
}

/// <summary>A syntax error and the mode (module or script) of the parse that found it.</summary>
internal sealed record SyntaxFailure(ParseErrorException Error, JobSourceType SourceType);
