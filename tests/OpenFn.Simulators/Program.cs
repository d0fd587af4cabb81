using OpenFn.Simulators;

return await SimulatorCommandLine.RunAsync(args);
