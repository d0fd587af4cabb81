using System.CommandLine;

namespace OpenFn.Runner.Cli;

public static class WorkerCommand
{
    public static Command Create()
    {
        var command = new Command("worker", "Internal: run one job read from stdin") { Hidden = true };
        command.SetAction(CliApp.Guard((_, _, _) => Task.FromResult(ExitCodes.Success)));
        return command;
    }
}
