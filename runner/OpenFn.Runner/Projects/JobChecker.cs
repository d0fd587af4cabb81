using OpenFn.Adaptors.Common;
using OpenFn.Compiler;
using OpenFn.Runtime;

namespace OpenFn.Runner.Projects;

/// <summary>
/// Checks one job before anything runs: its adaptor resolves and its code compiles against that adaptor's exports
/// (the compiler reports every called name that neither the job nor the adaptor provides).
/// </summary>
public sealed class JobChecker(AdaptorRegistry adaptors, JobCompiler compiler)
{
    /// <summary>Problems are named <c>{jobKeyPath}.adaptor</c> and <c>{jobKeyPath}.{codeKey}</c>; with no key path, by file position only.</summary>
    public IReadOnlyList<ProjectProblem> Check(JobSource body, string adaptorSpecifier, string? jobKeyPath, string codeKey = "body", SourcePosition? adaptorAt = null)
    {
        IAdaptorVersion adaptor;
        try
        {
            adaptor = adaptors.Resolve(adaptorSpecifier);
        }
        catch (AdaptorResolutionException e)
        {
            return [new ProjectProblem(adaptorAt?.File ?? body.FileName, adaptorAt?.Line ?? 0, adaptorAt?.Column ?? 0, Key(jobKeyPath, "adaptor"), e.Message)];
        }
        var compiled = compiler.Compile(body, OptionsFor(adaptor));
        return compiled.Diagnostics
            .Select(d => new ProjectProblem(d.FileName, d.Line, d.Column, Key(jobKeyPath, codeKey), d.Message,
                d.Severity == DiagnosticSeverity.Warning ? ProblemSeverity.Warning : ProblemSeverity.Error) { CodeFrame = d.CodeFrame })
            .ToList();
    }

    /// <summary>Checks every step of a plan that has code (the CLI does this before a run, as OpenFn compiles a whole workflow first).</summary>
    public IReadOnlyList<ProjectProblem> Check(WorkflowPlan plan, bool namedSteps = true) =>
        plan.Steps.Where(s => s.Expression is not null)
            .SelectMany(s => Check(s.Expression!, s.Adaptor, namedSteps ? $"steps.{s.Id}" : null, "expression"))
            .ToList();

    /// <summary>What the compiler is told about a step's adaptor.</summary>
    public static CompileOptions OptionsFor(IAdaptorVersion adaptor) => new()
    {
        AdaptorExports = adaptor.Operations.Select(o => o.Name).Concat(adaptor.CommonExports).ToArray(),
        AdaptorName = $"{adaptor.Adaptor.PackageName}@{adaptor.Version}",
    };

    private static string Key(string? jobKeyPath, string key) => jobKeyPath is null ? "" : $"{jobKeyPath}.{key}";
}
