using System.CommandLine;

namespace OpenFn.Runner.Cli;

public static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Run the project's cron triggers and inbox");
        command.SetAction(CliApp.Guard((_, _, _) => Task.FromResult(ExitCodes.Success)));
        return command;
    }
}
