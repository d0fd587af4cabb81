using System.CommandLine;
using OpenFn.Compiler;
using OpenFn.Runner.Execution;
using OpenFn.Runner.Projects;

namespace OpenFn.Runner.Cli;

/// <summary><c>openfn check</c>: validates project.yaml, every job, adaptor, operation and credential; one line per problem.</summary>
public static class CheckCommand
{
    public static Command Create()
    {
        var command = new Command("check", "Check project.yaml: structure, jobs compile, operations and credentials resolve")
        {
            CliContext.ProjectOption, CliContext.CredentialsOption,
        };
        command.SetAction(CliApp.Guard((_, context, _) =>
        {
            var credentials = context.HasCredentialsSource ? context.LoadCredentials() : null;
            var result = new ProjectChecker(new JobChecker(AdaptorCatalog.CreateRegistry(), new JobCompiler())).Check(context.ProjectPath, credentials);
            foreach (var problem in result.Problems)
                Console.Error.WriteLine(problem.Describe());
            if (result.HasErrors)
            {
                Console.Error.WriteLine($"✘ {result.Problems.Count(p => p.Severity == ProblemSeverity.Error)} problem(s) in {context.ProjectPath}");
                return Task.FromResult(ExitCodes.InvalidInput);
            }
            var project = result.Project!;
            Console.Out.WriteLine($"✔ {project.Name} (version {project.Version}): {project.Workflows.Count} workflow(s), " +
                $"{project.Workflows.Sum(w => w.Jobs.Count)} job(s) checked{(credentials is null ? "; credential values not checked (no credentials file)" : "")}");
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }
}
