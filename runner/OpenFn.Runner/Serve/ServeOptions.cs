using OpenFn.Runner.Deploy;

namespace OpenFn.Runner.Serve;

/// <summary>Settings of <c>openfn serve</c> (see README, Scheduling).</summary>
public sealed record ServeOptions
{
    /// <summary>project.yaml; with <see cref="Git"/>, its path inside the repository.</summary>
    public required string ProjectPath { get; init; }

    /// <summary>Deploy from a git repository instead of serving a folder (see README, Deploy).</summary>
    public GitDeployOptions? Git { get; init; }

    /// <summary>Loopback port of the inbox; 0 picks a free one (it is logged).</summary>
    public int Port { get; init; } = 4000;

    /// <summary>Runs executing at once, across all workflows (OpenFn's worker capacity).</summary>
    public int Concurrency { get; init; } = 5;

    /// <summary>At shutdown, how long running runs may go on before they are killed.</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromSeconds(300);
    public long DefaultMemoryBytes { get; init; } = 500L * 1024 * 1024;

    /// <summary>Finished runs older than this are deleted (hourly); zero keeps them forever.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(90);

    public long MaxBodyBytes { get; init; } = 10L * 1024 * 1024;

    /// <summary>Run jobs in worker processes (memory cap, hard kill). Off only for debugging.</summary>
    public bool Isolation { get; init; } = true;

    /// <summary>How long an <c>after_completion</c> inbox request waits for its run before answering 504.</summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Quiet time after a file change before the project is reloaded (editors write files in several steps).</summary>
    public TimeSpan ReloadDelay { get; init; } = TimeSpan.FromMilliseconds(400);
}
