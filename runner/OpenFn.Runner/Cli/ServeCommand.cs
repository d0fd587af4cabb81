using System.CommandLine;
using OpenFn.Runner.Deploy;
using OpenFn.Runner.Serve;

namespace OpenFn.Runner.Cli;

/// <summary><c>openfn serve</c>: runs the project's cron triggers and inbox until stopped.</summary>
public static class ServeCommand
{
    private static readonly Option<int> PortOption = new("--port") { Description = "Loopback port of the inbox (0: any free port)", DefaultValueFactory = _ => 4000 };
    private static readonly Option<int> ConcurrencyOption = new("--concurrency") { Description = "Runs executing at once, all workflows together", DefaultValueFactory = _ => 5 };
    private static readonly Option<int> GraceOption = new("--grace") { Description = "Seconds running runs get at shutdown before they are killed", DefaultValueFactory = _ => 30 };
    private static readonly Option<int> TimeoutOption = new("--timeout") { Description = "Default run time limit in seconds (a workflow's limits.timeout_seconds wins)", DefaultValueFactory = _ => 300 };
    private static readonly Option<int> MemoryOption = new("--memory-mb") { Description = "Default memory cap of a run in MB (a workflow's limits.memory_mb wins)", DefaultValueFactory = _ => 500 };
    private static readonly Option<int> RetentionOption = new("--retention-days") { Description = "Delete finished runs older than this (0: keep forever)", DefaultValueFactory = _ => 90 };
    private static readonly Option<int> MaxBodyOption = new("--max-body-kb") { Description = "Largest inbox body accepted (a trigger's max_body_kb wins)", DefaultValueFactory = _ => 10 * 1024 };
    private static readonly Option<int> ReplyTimeoutOption = new("--reply-timeout") { Description = "Seconds an after_completion inbox request waits before 504", DefaultValueFactory = _ => 300 };
    private static readonly Option<bool> NoIsolationOption = new("--no-isolation") { Description = "Run jobs inside the server process (debugging only: no memory cap, no hard kill)" };
    private static readonly Option<string?> GitOption = new("--git") { Description = "Deploy from this git repository (URL or path): each new commit of --branch is checked and, if valid, goes live; -p is then the path inside the repository" };
    private static readonly Option<string> BranchOption = new("--branch") { Description = "Branch deployed with --git", DefaultValueFactory = _ => "master" };
    private static readonly Option<string> PollOption = new("--poll") { Description = "How often --git fetches (e.g. 30s, 5m); a push webhook to POST /hooks/git fetches at once", DefaultValueFactory = _ => "60s" };
    private static readonly Option<string> GitSecretOption = new("--git-secret") { Description = "Key of the push webhook's secret in the runner's credentials file or environment", DefaultValueFactory = _ => "git-webhook" };

    public static Command Create()
    {
        var command = new Command("serve", "Run the project's cron triggers and inbox until stopped (SIGTERM/Ctrl+C stop gracefully)")
        {
            CliContext.ProjectOption, CliContext.CredentialsOption, PortOption, ConcurrencyOption, GraceOption, TimeoutOption, MemoryOption,
            RetentionOption, MaxBodyOption, ReplyTimeoutOption, NoIsolationOption, GitOption, BranchOption, PollOption, GitSecretOption,
        };
        command.SetAction(CliApp.Guard((parse, context, cancellationToken) =>
        {
            var projectInRepository = parse.GetValue(CliContext.ProjectOption) is { } project ? Path.GetRelativePath(Environment.CurrentDirectory, project.FullName) : "project.yaml";
            var git = parse.GetValue(GitOption) is { } url
                ? GitDeployOptions.Create(url, parse.GetValue(BranchOption)!, parse.GetValue(PollOption)!, parse.GetValue(GitSecretOption)!, projectInRepository)
                : null;
            var options = new ServeOptions
            {
                ProjectPath = git?.ProjectFile ?? context.ProjectPath,
                Git = git,
                Port = parse.GetValue(PortOption),
                Concurrency = Math.Max(1, parse.GetValue(ConcurrencyOption)),
                Grace = TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(GraceOption))),
                DefaultTimeout = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(TimeoutOption))),
                DefaultMemoryBytes = Math.Max(64, parse.GetValue(MemoryOption)) * 1024L * 1024,
                Retention = TimeSpan.FromDays(Math.Max(0, parse.GetValue(RetentionOption))),
                MaxBodyBytes = Math.Max(1, parse.GetValue(MaxBodyOption)) * 1024L,
                ReplyTimeout = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(ReplyTimeoutOption))),
                Isolation = !parse.GetValue(NoIsolationOption),
            };
            return ServeHost.RunAsync(options, context, cancellationToken);
        }));
        return command;
    }
}
