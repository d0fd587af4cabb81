using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using OpenFn.Runner.History;
using OpenFn.Runner.Logging;
using OpenFn.Runner.Serve;

namespace OpenFn.Runner.Deploy;

/// <summary>
/// <c>openfn serve --git</c>: keeps the runner's own clone of the project repository, fetches the branch every poll
/// interval and when a push webhook asks, and deploys each new head commit: its files go into a fresh folder, the
/// project there is checked exactly like <c>openfn check</c>, and only a valid one replaces the active version
/// (<see cref="ProjectHost"/>). Every attempt is recorded in the history; deploys happen one at a time. Folders of
/// commits no longer active and not used by any run are removed.
/// </summary>
public sealed class GitDeployer : BackgroundService
{
    /// <summary>How long a commit's folder stays after its last use (see <see cref="Checkouts"/>).</summary>
    private static readonly TimeSpan KeepUnusedFor = TimeSpan.FromSeconds(2);

    private readonly GitDeployOptions _options;
    private readonly GitRepository _repository;
    private readonly Checkouts _checkouts;
    private readonly ProjectHost _projects;
    private readonly RunDispatcher _dispatcher;
    private readonly IHistoryStore _history;
    private readonly LogOutput _log;
    private readonly Channel<bool> _fetchRequests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private string? _lastAttempted;
    private string? _fetchProblem;

    public GitDeployer(GitDeployOptions options, string dataDir, ProjectHost projects, RunDispatcher dispatcher, IHistoryStore history, LogOutput log)
    {
        _options = options;
        _repository = new GitRepository(Path.Combine(dataDir, "deploy", "repository.git"), options.Url);
        _checkouts = new Checkouts(Path.Combine(dataDir, "deploy", "checkouts"));
        _projects = projects;
        _dispatcher = dispatcher;
        _history = history;
        _log = log;
    }

    public GitDeployOptions Options => _options;

    /// <summary>Asks for a fetch now (a push webhook); requests arriving during a fetch make one more fetch after it.</summary>
    public void RequestFetch() => _fetchRequests.Writer.TryWrite(true);

    /// <summary>
    /// Before serving: fetches and deploys the branch head; when it does not pass the checks (or cannot be fetched),
    /// the last commit deployed before keeps serving. False when there is nothing valid to serve.
    /// </summary>
    public async Task<bool> ActivateFirstAsync(CancellationToken cancellationToken)
    {
        bool deployed;
        try
        {
            var git = await GitRepository.CheckGitVersionAsync(cancellationToken);
            _log.Cli(Levels.Info, $"Deploying {_repository.DisplayUrl} branch {_options.Branch} (git {git}): fetching every {Describe(_options.Poll)} and on POST /hooks/git");
            await _repository.InitAsync(cancellationToken);
            var head = await FetchOrLastFetchedAsync(cancellationToken);
            var last = (await _history.ListDeploymentsAsync(limit: 1, cancellationToken: cancellationToken)).FirstOrDefault();
            deployed = await DeployAsync(head, last, cancellationToken);
            var lastDeployed = (await _history.ListDeploymentsAsync(DeploymentResult.Deployed, 1, cancellationToken)).FirstOrDefault();
            if (!deployed && lastDeployed is not null && lastDeployed.CommitSha != head)
            {
                _log.Cli(Levels.Warn, $"Serving the last deployed commit {Short(lastDeployed.CommitSha)} ({FirstLine(lastDeployed.Message)}) instead");
                deployed = (await CheckOutAndActivateAsync(lastDeployed.CommitSha, cancellationToken)).Result == DeploymentResult.Deployed;
            }
        }
        catch (GitException e)
        {
            _log.Cli(Levels.Error, e.Message);
            deployed = false;
        }
        if (!deployed)
        {
            _log.Cli(Levels.Error, $"Nothing valid to serve from {_repository.DisplayUrl} branch {_options.Branch}");
            return false;
        }
        RemoveUnusedCheckouts(TimeSpan.Zero);
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                wait.CancelAfter(_options.Poll);
                try
                {
                    await _fetchRequests.Reader.ReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // the poll interval is up
                }
            }
            try
            {
                await FetchAndDeployAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _log.Cli(Levels.Error, $"Deploy: {e.GetType().Name}: {e.Message}");
            }
            RemoveUnusedCheckouts(KeepUnusedFor);
        }
    }

    private async Task FetchAndDeployAsync(CancellationToken cancellationToken)
    {
        string head;
        try
        {
            head = await _repository.FetchAsync(_options.Branch, cancellationToken);
        }
        catch (GitException e)
        {
            if (e.Message != _fetchProblem)
                _log.Cli(Levels.Warn, $"{e.Message} (tried again every {Describe(_options.Poll)}; still serving version {_projects.Current.Version})");
            _fetchProblem = e.Message;
            return;
        }
        if (_fetchProblem is not null)
            _log.Cli(Levels.Info, $"Fetching {_repository.DisplayUrl} works again");
        _fetchProblem = null;
        if (head != _lastAttempted)
            await DeployAsync(head, previous: null, cancellationToken);
    }

    /// <summary>At start the last fetched head serves when the repository cannot be reached; without one, the start fails.</summary>
    private async Task<string> FetchOrLastFetchedAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _repository.FetchAsync(_options.Branch, cancellationToken);
        }
        catch (GitException e)
        {
            var head = await _repository.HeadAsync(_options.Branch, cancellationToken);
            if (head is null)
                throw;
            _log.Cli(Levels.Warn, $"{e.Message}; deploying the last fetched commit {Short(head)}");
            _fetchProblem = e.Message;
            return head;
        }
    }

    /// <summary>Deploys one commit and records the attempt, unless <paramref name="previous"/> already records the same outcome for it (a restart).</summary>
    private async Task<bool> DeployAsync(string sha, DeploymentRecord? previous, CancellationToken cancellationToken)
    {
        _lastAttempted = sha;
        var commit = await _repository.ReadCommitAsync(sha, cancellationToken);
        _log.Cli(Levels.Info, $"Deploying commit {Short(sha)} ({FirstLine(commit.Message)}) by {commit.Author}");
        var (result, reasons) = await CheckOutAndActivateAsync(sha, cancellationToken);
        if (previous?.CommitSha != sha || previous.Result != result)
            await RecordAsync(commit, result, reasons);
        _log.Cli(result == DeploymentResult.Deployed ? Levels.Success : Levels.Error, result == DeploymentResult.Deployed
            ? $"Commit {Short(sha)} is live"
            : $"Commit {Short(sha)} {result.ToText()}: not deployed (see `openfn deployments list`)");
        return result == DeploymentResult.Deployed;
    }

    private async Task<(DeploymentResult Result, IReadOnlyList<string> Reasons)> CheckOutAndActivateAsync(string sha, CancellationToken cancellationToken)
    {
        string folder;
        try
        {
            folder = await _checkouts.CheckOutAsync(_repository, sha, cancellationToken);
        }
        catch (Exception e) when (e is GitException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            var reason = $"cannot check out commit {Short(sha)}: {e.Message}";
            _log.Cli(Levels.Error, reason);
            return (DeploymentResult.Failed, [reason]);
        }
        var loaded = _projects.TryActivate(Path.Combine(folder, _options.ProjectFile), sha);
        var reasons = loaded.Problems.Select(p => (p with { File = InRepository(folder, p.File) }).ToString()).ToList();
        return (loaded.HasErrors ? DeploymentResult.Rejected : DeploymentResult.Deployed, reasons);
    }

    private async Task RecordAsync(CommitInfo commit, DeploymentResult result, IReadOnlyList<string> reasons)
    {
        try
        {
            await _history.AddDeploymentAsync(new DeploymentRecord
            {
                Id = Guid.NewGuid().ToString(),
                CommitSha = commit.Sha,
                Branch = _options.Branch,
                Author = commit.Author,
                Message = commit.Message,
                CommittedAt = commit.CommittedAt,
                DeployedAt = DateTimeOffset.UtcNow,
                Result = result,
                Reasons = reasons,
            });
        }
        catch (Exception e)
        {
            _log.Cli(Levels.Error, $"Could not record the deployment of {Short(commit.Sha)}: {e.Message}");
        }
    }

    private void RemoveUnusedCheckouts(TimeSpan unusedFor)
    {
        var active = _projects.Current.Version;
        foreach (var sha in _checkouts.RemoveUnused(sha => sha == active || _dispatcher.IsUsing(sha), unusedFor, DateTimeOffset.UtcNow))
            _log.Cli(Levels.Debug, $"Removed the files of commit {Short(sha)}: no run uses them any more");
    }

    /// <summary>A path inside the checkout as the repository names it (<c>jobs/get.js</c>), so reasons read like a CI's <c>openfn check</c>.</summary>
    private static string InRepository(string folder, string file) =>
        Path.GetFullPath(file).StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/')
            : file;

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    private static string Describe(TimeSpan interval) => OpenFn.Runtime.Logging.Durations.Format(interval);
}
