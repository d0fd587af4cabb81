using OpenFn.Compiler;

namespace OpenFn.Runner.Projects;

/// <summary>Where a key or value sits in a file (1-based line and column).</summary>
public sealed record SourcePosition(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>
/// A project read from OpenFn's portability spec (project.yaml, v4): workflows of jobs, triggers and edges, plus the
/// names of the credentials jobs use (never their values). <see cref="Version"/> identifies the exact content.
/// </summary>
public sealed record ProjectSpec
{
    public required string Name { get; init; }
    public string? Description { get; init; }

    /// <summary>Absolute path of project.yaml; job files are relative to its folder.</summary>
    public required string FilePath { get; init; }

    /// <summary>A short hash of project.yaml and every job file, or the deployed commit.</summary>
    public required string Version { get; init; }

    public IReadOnlyDictionary<string, CredentialSpec> Credentials { get; init; } = new Dictionary<string, CredentialSpec>();
    public IReadOnlyList<WorkflowSpec> Workflows { get; init; } = [];

    public string Directory => Path.GetDirectoryName(FilePath)!;

    public WorkflowSpec? FindWorkflow(string keyOrName) =>
        Workflows.FirstOrDefault(w => w.Key == keyOrName) ?? Workflows.FirstOrDefault(w => w.Name == keyOrName);
}

/// <summary>A credential the project refers to, by key (<c>owner-email-Credential-Name</c>). Its values live outside the project.</summary>
public sealed record CredentialSpec(string Key, string? Name, string? Owner, SourcePosition At);

public sealed record WorkflowSpec
{
    public required string Key { get; init; }
    public required string Name { get; init; }
    public required SourcePosition At { get; init; }

    /// <summary>Jobs in file order.</summary>
    public IReadOnlyList<JobSpec> Jobs { get; init; } = [];
    public IReadOnlyList<TriggerSpec> Triggers { get; init; } = [];
    public IReadOnlyList<EdgeSpec> Edges { get; init; } = [];

    /// <summary>Zone of cron triggers and of the jobs' clocks (extension key <c>timezone</c>); UTC when absent.</summary>
    public TimeZoneInfo? TimeZone { get; init; }

    public RunLimits Limits { get; init; } = new();
    public RetryPolicy? Retry { get; init; }

    public JobSpec? FindJob(string key) => Jobs.FirstOrDefault(j => j.Key == key);
    public TriggerSpec? FindTrigger(string key) => Triggers.FirstOrDefault(t => t.Key == key);
}

public sealed record JobSpec
{
    public required string Key { get; init; }
    public required string Name { get; init; }

    /// <summary>Adaptor specifier as written, e.g. <c>@openfn/language-http@4.2.8</c>.</summary>
    public required string Adaptor { get; init; }

    /// <summary>Key of the project credential the job uses, or null.</summary>
    public string? Credential { get; init; }

    /// <summary>
    /// The job text. An inline body is laid out at the lines and columns it has inside project.yaml (and named after it),
    /// so compile and run errors point at project.yaml:line:col with no mapping.
    /// </summary>
    public required JobSource Body { get; init; }

    public required SourcePosition At { get; init; }
    public SourcePosition? AdaptorAt { get; init; }
    public SourcePosition? CredentialAt { get; init; }
}

public enum TriggerType
{
    Webhook,
    Cron,
    Kafka,
}

public enum WebhookReply
{
    /// <summary>Answer 202 with the run id as soon as the run is queued (Lightning's <c>before_start</c>).</summary>
    BeforeStart,

    /// <summary>Hold the request until the run ends and answer with its final state (<c>after_completion</c>).</summary>
    AfterCompletion,
}

/// <summary>What a cron trigger does with firings it missed (host down, or every run slot busy).</summary>
public enum MisfirePolicy
{
    /// <summary>Run once as soon as possible, then keep to the schedule (default).</summary>
    FireOnce,

    /// <summary>Drop missed firings and wait for the next scheduled time.</summary>
    Skip,
}

public sealed record TriggerSpec
{
    public required string Key { get; init; }
    public required TriggerType Type { get; init; }
    public bool Enabled { get; init; } = true;
    public required SourcePosition At { get; init; }

    // cron
    public string? CronExpression { get; init; }

    /// <summary>Job whose last successful output starts the next cron run; null = the last successful run's final state.</summary>
    public string? CronCursorJob { get; init; }

    /// <summary>Top-level keys kept in the cursor (extension <c>cursor_keys</c>); all keys when empty.</summary>
    public IReadOnlyList<string> CursorKeys { get; init; } = [];

    /// <summary>Zone the cron expression is read in: the trigger's <c>timezone</c>, else the workflow's, else UTC.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    public MisfirePolicy Misfire { get; init; } = MisfirePolicy.FireOnce;

    // webhook
    public WebhookReply Reply { get; init; } = WebhookReply.BeforeStart;
    public int SuccessCode { get; init; } = 200;
    public int ErrorCode { get; init; } = 500;

    /// <summary>The <c>{trigger}</c> segment of <c>POST /inbox/{trigger}</c>.</summary>
    public string? InboxPath { get; init; }

    /// <summary>Name of the credential holding the secret callers must send in the <c>x-api-key</c> header.</summary>
    public string? InboxSecret { get; init; }

    /// <summary>Largest accepted body for this trigger; the server default when null.</summary>
    public long? MaxBodyBytes { get; init; }
}

public enum ConditionType
{
    Always,
    OnJobSuccess,
    OnJobFailure,
    JsExpression,
}

public sealed record EdgeSpec
{
    public required string Key { get; init; }
    public string? SourceTrigger { get; init; }
    public string? SourceJob { get; init; }
    public required string TargetJob { get; init; }
    public ConditionType Condition { get; init; } = ConditionType.Always;
    public string? ConditionExpression { get; init; }
    public string? ConditionLabel { get; init; }
    public bool Enabled { get; init; } = true;
    public required SourcePosition At { get; init; }

    public string Source => SourceTrigger ?? SourceJob!;
}

/// <summary>Per-workflow run limits (extension key <c>limits</c>); the server's defaults apply where null.</summary>
public sealed record RunLimits
{
    public TimeSpan? Timeout { get; init; }
    public long? MemoryBytes { get; init; }
}

/// <summary>Automatic retry of failed trigger runs (extension key <c>retry</c>).</summary>
public sealed record RetryPolicy
{
    public int Attempts { get; init; } = 1;
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(30);
    public double Backoff { get; init; } = 2;
}
