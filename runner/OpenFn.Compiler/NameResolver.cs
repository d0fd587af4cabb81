using Acornima.Ast;
using Jint;

namespace OpenFn.Compiler;

/// <summary>
/// Finds called functions nothing provides (§1.2 add-imports, §1.4 "Function not available"): a called or
/// constructed identifier that the job does not declare, that is not a JavaScript built-in of the job engine,
/// not an export of the step's adaptor and not a global the runtime injects. Each one is an error that lists
/// the closest known names.
/// </summary>
internal sealed class NameResolver(ParsedJob job, CompileOptions options)
{
    private static readonly Lazy<HashSet<string>> Builtins = new(() =>
    {
        var engine = JobEngineFactory.Create(new EngineLimits());
        return engine.Global.GetOwnPropertyKeys().Where(k => k.IsString()).Select(k => k.AsString()).ToHashSet(StringComparer.Ordinal);
    });

    private readonly HashSet<string> _provided = [.. options.AdaptorExports, .. options.KnownGlobals];

    /// <summary>Whether the adaptor or the runtime provides <paramref name="name"/> as a global.</summary>
    public bool IsProvided(string name) => _provided.Contains(name) || Builtins.Value.Contains(name);

    public void Check(List<CompileDiagnostic> diagnostics)
    {
        foreach (var node in SyntaxWalk.Descendants(job.Program))
        {
            var callee = node switch
            {
                CallExpression call => call.Callee,
                NewExpression construct => construct.Callee,
                TaggedTemplateExpression tagged => tagged.Tag,
                _ => null,
            };
            if (callee is not Identifier { Name: var name } id || IsProvided(name) || job.IsDeclared(id, name))
                continue;
            if (job.Ancestors(id).Any(a => a is WithStatement))
                continue; // names inside `with` (sloppy scripts only) cannot be resolved before run time.
            diagnostics.Add(CompileDiagnostic.At(job.Source, id.Location.Start.Line, id.Location.Start.Column, DiagnosticCodes.UnknownName,
                $"'{name}' is not defined: the job does not declare it and {options.AdaptorName} does not provide it.{Suggest(name)}"));
        }
    }

    /// <summary>" Did you mean 'x'?" with up to three names close to <paramref name="name"/> (edit distance), or a hint.</summary>
    public string Suggest(string name)
    {
        var candidates = _provided.Concat(Builtins.Value).Concat(job.AllDeclaredNames).Distinct(StringComparer.Ordinal);
        var limit = Math.Clamp(name.Length / 3, 1, 3);
        var closest = candidates
            .Select(candidate => (Name: candidate, Distance: Distance(name, candidate)))
            .Where(c => c.Distance <= limit && c.Name != name)
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Take(3)
            .Select(c => $"'{c.Name}'")
            .ToList();
        return closest.Count == 0
            ? " Check the spelling, or the adaptor the step uses."
            : $" Did you mean {string.Join(", ", closest.Take(closest.Count - 1))}{(closest.Count > 1 ? " or " : "")}{closest[^1]}?";
    }

    /// <summary>Levenshtein distance where a change of letter case alone costs nothing.</summary>
    private static int Distance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 3)
            return int.MaxValue;
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
