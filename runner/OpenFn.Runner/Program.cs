using OpenFn.Runner.Cli;

return await CliApp.RunAsync(args);
