using System.Text.RegularExpressions;
using OpenFn.Adaptors.Common;
using OpenFn.Compiler;
using OpenFn.Runtime;

namespace OpenFn.Runner.Projects;

/// <summary>Checks one job before anything runs: its adaptor resolves, its code compiles, and every top-level operation exists.</summary>
public sealed partial class JobChecker(AdaptorRegistry adaptors, JobCompiler compiler)
{
    /// <summary>Problems are named <c>{jobKeyPath}.adaptor</c> and <c>{jobKeyPath}.{codeKey}</c>.</summary>
    public IReadOnlyList<ProjectProblem> Check(JobSource body, string adaptorSpecifier, string jobKeyPath, string codeKey, SourcePosition? adaptorAt = null)
    {
        IAdaptorVersion adaptor;
        try
        {
            adaptor = adaptors.Resolve(adaptorSpecifier);
        }
        catch (AdaptorResolutionException e)
        {
            return [new ProjectProblem(adaptorAt?.File ?? body.FileName, adaptorAt?.Line ?? 0, adaptorAt?.Column ?? 0, jobKeyPath + ".adaptor", e.Message)];
        }

        var problems = new List<ProjectProblem>();
        var exports = adaptor.Operations.Select(o => o.Name).Concat(adaptor.CommonExports).ToHashSet(StringComparer.Ordinal);
        var compiled = compiler.Compile(body, new CompileOptions { AdaptorExports = exports, AdaptorName = $"{adaptor.Adaptor.PackageName}@{adaptor.Version}" });
        foreach (var diagnostic in compiled.Diagnostics)
            problems.Add(new ProjectProblem(diagnostic.FileName, diagnostic.Line, diagnostic.Column, jobKeyPath + "." + codeKey, diagnostic.Message));
        foreach (var operation in compiled.Job?.Operations ?? [])
        {
            if (exports.Contains(operation.Name) || operation.Name == "(anonymous)" || DeclaresName(body.Text, operation.Name))
                continue;
            problems.Add(new ProjectProblem(body.FileName, operation.Line, operation.Column, jobKeyPath + "." + codeKey,
                $"{operation.Name}() is not an operation of {adaptor.Adaptor.PackageName}@{adaptor.Version} (see `openfn adaptors docs {adaptor.Adaptor.Name}`)"));
        }
        return problems;
    }

    /// <summary>Checks every step of a plan that has code (the CLI does this before a run, as OpenFn compiles a whole workflow first).</summary>
    public IReadOnlyList<ProjectProblem> Check(WorkflowPlan plan) =>
        plan.Steps.Where(s => s.Expression is not null).SelectMany(s => Check(s.Expression!, s.Adaptor, $"steps.{s.Id}", "expression")).ToList();

    /// <summary>Whether the job itself defines <paramref name="name"/> (a helper it calls at top level).</summary>
    private static bool DeclaresName(string text, string name) =>
        DeclarationPattern().Matches(text).Any(m => m.Groups["name"].Value == name);

    [GeneratedRegex(@"\b(?:function\s*\*?|const|let|var|class)\s+(?<name>[A-Za-z_$][\w$]*)")]
    private static partial Regex DeclarationPattern();
}
