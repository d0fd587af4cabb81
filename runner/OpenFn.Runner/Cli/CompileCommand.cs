using System.CommandLine;
using OpenFn.Compiler;
using OpenFn.Runner.Execution;
using OpenFn.Runner.Projects;

namespace OpenFn.Runner.Cli;

/// <summary><c>openfn compile job.js</c>: prints the compiled job, or its compile errors.</summary>
public static class CompileCommand
{
    private static readonly Argument<FileInfo> JobArgument = new("job") { Description = "The job file (.js)" };
    private static readonly Option<string?> AdaptorOption = new("--adaptor", "-a") { Description = "The job's adaptor (default: common)" };
    private static readonly Option<FileInfo?> OutputOption = new("--output", "-o") { Description = "Write the compiled code to this file" };

    public static Command Create()
    {
        var command = new Command("compile", "Print a job as the runner compiles it") { JobArgument, AdaptorOption, OutputOption };
        command.SetAction(CliApp.Guard(async (parse, _, cancellationToken) =>
        {
            var file = parse.GetValue(JobArgument)!;
            if (!file.Exists)
                throw new InvalidInputException(file.FullName, "job file not found");
            var body = new JobSource(file.FullName, await File.ReadAllTextAsync(file.FullName, cancellationToken));
            var adaptor = parse.GetValue(AdaptorOption) ?? "common";
            var problems = new JobChecker(AdaptorCatalog.CreateRegistry(), new JobCompiler()).Check(body, adaptor, jobKeyPath: null);
            if (problems.Any(p => p.Severity == ProblemSeverity.Error))
                throw new InvalidInputException(problems);
            foreach (var warning in problems)
                await Console.Error.WriteLineAsync(warning.Describe());
            var compiled = new JobCompiler().Compile(body, JobChecker.OptionsFor(AdaptorCatalog.CreateRegistry().Resolve(adaptor)));
            if (parse.GetValue(OutputOption) is { } output)
                await File.WriteAllTextAsync(output.FullName, compiled.Job!.Code, cancellationToken);
            else
                await Console.Out.WriteLineAsync(compiled.Job!.Code);
            return ExitCodes.Success;
        }));
        return command;
    }
}
