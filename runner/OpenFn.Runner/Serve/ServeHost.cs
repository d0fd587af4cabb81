using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenFn.Compiler;
using OpenFn.Runner.Cli;
using OpenFn.Runner.Credentials;
using OpenFn.Runner.Deploy;
using OpenFn.Runner.Execution;
using OpenFn.Runner.History;
using OpenFn.Runner.Logging;
using OpenFn.Runner.Projects;
using Quartz;

namespace OpenFn.Runner.Serve;

/// <summary>
/// <c>openfn serve</c>: one process with the Quartz scheduler, the inbox (Kestrel on a loopback port), the run
/// dispatcher and the project watcher, stopped gracefully on SIGTERM or Ctrl+C.
/// </summary>
public static class ServeHost
{
    public static async Task<int> RunAsync(ServeOptions options, CliContext context, CancellationToken cancellationToken)
    {
        using var log = context.CreateLogOutput(showRunIds: true);
        await using var history = await context.OpenHistoryAsync(cancellationToken);
        var lost = await history.MarkUnfinishedRunsLostAsync(DateTimeOffset.UtcNow, cancellationToken);
        if (lost > 0)
            log.Cli(Levels.Warn, $"{lost} run(s) were in flight when the runner last stopped; they are marked lost");

        var credentials = new CredentialSource(context.CredentialsFile);
        var projects = new ProjectHost(new ProjectChecker(new JobChecker(AdaptorCatalog.CreateRegistry(), new JobCompiler())), credentials, log);
        if (options.Git is null && projects.TryActivate(options.ProjectPath).HasErrors)
            return ExitCodes.InvalidInput;

        using var workers = options.Isolation ? new WorkerRunExecutor(options.DefaultMemoryBytes, options.DefaultTimeout) : null;
        IRunExecutor executor = workers ?? (IRunExecutor)new LocalRunExecutor(AdaptorCatalog.CreateRegistry(), new JobCompiler());
        var dispatcher = new RunDispatcher(new RunService(history, executor), history, options, log);
        var deployer = options.Git is null ? null : new GitDeployer(options.Git, context.DataDir, projects, dispatcher, history, log);
        if (deployer is not null && !await deployer.ActivateFirstAsync(cancellationToken))
            return ExitCodes.InvalidInput;

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new HostLogProvider(log));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.Limits.MaxRequestBodySize = null; // the inbox enforces each trigger's own limit
        });
        builder.Services.AddSingleton(options).AddSingleton(log).AddSingleton(history).AddSingleton(credentials)
            .AddSingleton(projects).AddSingleton(dispatcher).AddSingleton<TriggerRuns>();
        builder.AddQuartz(quartz =>
        {
            quartz.UseInMemoryStore(store => store.MisfireThreshold = TimeSpan.FromMinutes(1)); // README: misfire policy
            quartz.UseDefaultThreadPool(4);
        });
        builder.AddQuartzHostedService(quartz => quartz.WaitForJobsToComplete = false);
        builder.Services.AddHostedService<CronScheduler>();
        if (deployer is null)
            builder.Services.AddHostedService<ProjectWatcher>();
        else
            builder.Services.AddSingleton(deployer).AddHostedService(_ => deployer);
        builder.Services.AddHostedService<Housekeeping>();
        // Registered last so it stops first: runs drain (or are killed) before the scheduler and the inbox go away.
        builder.Services.AddHostedService(_ => new DispatcherShutdown(dispatcher, options.Grace));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.Grace + TimeSpan.FromSeconds(60));

        await using var app = builder.Build();
        InboxEndpoint.Map(app);
        if (deployer is not null)
            GitHookEndpoint.Map(app);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        log.Cli(Levels.Always, $"Inbox listening on {address}/inbox/{{trigger}}");
        foreach (var inbox in projects.Current.Inboxes)
            log.Cli(Levels.Info, $"  {address}/inbox/{inbox.Key} → {inbox.Value.Workflow.Key} ({inbox.Value.Trigger.Key}{(inbox.Value.Trigger.InboxSecret is null ? "" : ", needs x-api-key")})");
        await app.WaitForShutdownAsync(cancellationToken);
        log.Cli(Levels.Always, "Stopped");
        return ExitCodes.Success;
    }

    private sealed class DispatcherShutdown(RunDispatcher dispatcher, TimeSpan grace) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => dispatcher.ShutdownAsync(grace);
    }
}
