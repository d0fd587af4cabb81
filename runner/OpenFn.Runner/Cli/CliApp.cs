using System.CommandLine;
using OpenFn.Runner.Deploy;
using OpenFn.Runner.Projects;

namespace OpenFn.Runner.Cli;

/// <summary>The <c>openfn</c> command tree, and the one place errors become messages and exit codes.</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("openfn: run OpenFn-style integration jobs and workflows, on demand, on a schedule or from an inbox")
        {
            RunCommand.Create(),
            CompileCommand.Create(),
            CheckCommand.Create(),
            RunsCommand.Create(),
            StateCommand.Create(),
            AdaptorsCommand.Create(),
            ServeCommand.Create(),
            DeploymentsCommand.Create(),
            WorkerCommand.Create(),
        };
        foreach (var option in new Option[] { CliContext.DataDirOption, CliContext.HistoryOption, CliContext.LogLevelOption, CliContext.VerboseOption })
            root.Options.Add(option);

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
                Console.Error.WriteLine($"openfn: {error.Message}");
            Console.Error.WriteLine("Run `openfn --help` (or `openfn <command> --help`) for usage.");
            return ExitCodes.InvalidInput;
        }
        // Ctrl+C and SIGTERM are handled by each command (a run records itself as killed; serve shuts down gracefully).
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
    }

    /// <summary>Wraps a command action: bad input → its problems and 9; anything unexpected → one line and 3 (stack trace with --verbose).</summary>
    public static Func<ParseResult, CancellationToken, Task<int>> Guard(Func<ParseResult, CliContext, CancellationToken, Task<int>> action) =>
        async (parse, cancellationToken) =>
        {
            var context = new CliContext(parse);
            try
            {
                return await action(parse, context, cancellationToken);
            }
            catch (InvalidInputException e)
            {
                foreach (var problem in e.Problems)
                    Console.Error.WriteLine(problem.Describe());
                return ExitCodes.InvalidInput;
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("openfn: interrupted");
                return ExitCodes.Interrupted;
            }
            catch (Exception e)
            {
                Console.Error.WriteLine(context.Verbose
                    ? $"openfn: internal error: {e}"
                    : $"openfn: internal error: {e.GetType().Name}: {e.Message} (run with --verbose for the stack trace)");
                return ExitCodes.InternalError;
            }
        };
}
