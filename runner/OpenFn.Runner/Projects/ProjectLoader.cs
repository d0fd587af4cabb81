using System.Security.Cryptography;
using System.Text;
using OpenFn.Compiler;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OpenFn.Runner.Projects;

/// <summary>The project (when it could be read at all) and every problem found while reading it.</summary>
public sealed record ProjectLoadResult(ProjectSpec? Project, IReadOnlyList<ProjectProblem> Problems)
{
    public bool HasErrors => Project is null || Problems.Any(p => p.Severity == ProblemSeverity.Error);
}

/// <summary>
/// Loads project.yaml (OpenFn portability spec v4) and checks its structure: required keys, references between
/// jobs, triggers, edges and credentials, cron expressions, time zones, cycles. Adaptors and job code are checked by
/// <see cref="ProjectChecker"/>.
/// </summary>
public static class ProjectLoader
{
    private static readonly string[] ProjectKeys = ["name", "description", "credentials", "workflows", "collections", "channels", "globals"];
    private static readonly string[] WorkflowKeys = ["name", "jobs", "triggers", "edges", "concurrency", "enable_job_logs", "globals", "timezone", "limits", "retry"];
    private static readonly string[] JobKeys = ["name", "adaptor", "credential", "body", "enabled", "globals", "keychain_credential"];
    private static readonly string[] TriggerKeys =
    [
        "type", "enabled", "cron_expression", "cron_cursor_job", "webhook_reply", "webhook_response_config", "kafka_configuration",
        "timezone", "misfire", "cursor_keys", "path", "inbox_secret", "max_body_kb",
    ];
    private static readonly string[] EdgeKeys = ["source_trigger", "source_job", "target_job", "condition_type", "condition", "condition_expression", "condition_label", "enabled"];
    private static readonly string[] CredentialKeys = ["name", "owner"];

    /// <summary>Reads a project file; messages name it as <paramref name="path"/> is written. <paramref name="version"/> overrides the content hash.</summary>
    public static ProjectLoadResult Load(string path, string? version = null)
    {
        if (!File.Exists(path))
            return new ProjectLoadResult(null, [new ProjectProblem(path, 0, 0, "", "file not found")]);
        return Parse(path, File.ReadAllText(path), version);
    }

    public static ProjectLoadResult Parse(string path, string text, string? version = null)
    {
        var yaml = YamlSource.Parse(path, text);
        if (yaml.Root is null)
        {
            if (yaml.Problems.Count == 0)
                yaml.Error((YamlNode?)null, "", "the file is empty");
            return new ProjectLoadResult(null, yaml.Problems);
        }
        var root = yaml.AsMap(yaml.Root, "");
        if (root is null)
            return new ProjectLoadResult(null, yaml.Problems);

        yaml.WarnUnknownKeys(root, "", ProjectKeys);
        var name = yaml.String(root, "name", "", required: true) ?? "";
        var credentials = ReadCredentials(yaml, root);
        var bodyFiles = new List<(string Path, string Text)>();
        var workflows = new List<WorkflowSpec>();
        var workflowsMap = yaml.AsMap(YamlSource.Get(root, "workflows"), "workflows");
        if (YamlSource.Get(root, "workflows") is null)
            yaml.Warn(root, "workflows", "the project has no workflows");
        foreach (var (key, keyNode, value) in workflowsMap is null ? [] : yaml.Entries(workflowsMap))
        {
            var workflow = ReadWorkflow(yaml, key, keyNode, value, credentials, bodyFiles);
            if (workflow is not null)
                workflows.Add(workflow);
        }
        CheckInboxPaths(yaml, workflows);

        var project = new ProjectSpec
        {
            Name = name,
            Description = yaml.String(root, "description", ""),
            FilePath = Path.GetFullPath(path),
            Version = version ?? ComputeVersion(text, bodyFiles),
            Credentials = credentials,
            Workflows = workflows,
        };
        return new ProjectLoadResult(project, yaml.Problems);
    }

    /// <summary>First 12 hex digits of a SHA-256 over project.yaml and every job file it names.</summary>
    public static string ComputeVersion(string projectText, IEnumerable<(string Path, string Text)> bodyFiles)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(projectText));
        foreach (var (path, text) in bodyFiles)
        {
            hash.AppendData(Encoding.UTF8.GetBytes("\0" + Path.GetFileName(path) + "\0"));
            hash.AppendData(Encoding.UTF8.GetBytes(text));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }

    private static Dictionary<string, CredentialSpec> ReadCredentials(YamlSource yaml, YamlMappingNode root)
    {
        var result = new Dictionary<string, CredentialSpec>(StringComparer.Ordinal);
        var map = yaml.AsMap(YamlSource.Get(root, "credentials"), "credentials");
        foreach (var (key, keyNode, value) in map is null ? [] : yaml.Entries(map))
        {
            var path = "credentials." + key;
            var credential = yaml.AsMap(value, path);
            if (credential is not null)
            {
                foreach (var (childKey, childKeyNode, _) in yaml.Entries(credential))
                    if (!CredentialKeys.Contains(childKey))
                        yaml.Error(childKeyNode, path + "." + childKey,
                            "credential values do not belong in project.yaml; keep them in the credentials file (see `openfn run --help`)");
            }
            result[key] = new CredentialSpec(key, credential is null ? null : yaml.String(credential, "name", path),
                credential is null ? null : yaml.String(credential, "owner", path), yaml.At(keyNode));
        }
        return result;
    }

    private static WorkflowSpec? ReadWorkflow(YamlSource yaml, string key, YamlNode keyNode, YamlNode value,
        IReadOnlyDictionary<string, CredentialSpec> credentials, List<(string, string)> bodyFiles)
    {
        var path = "workflows." + key;
        var map = yaml.AsMap(value, path);
        if (map is null)
        {
            if (YamlSource.IsNull(value))
                yaml.Error(keyNode, path, "a workflow needs jobs");
            return null;
        }
        yaml.WarnUnknownKeys(map, path, WorkflowKeys);
        var timeZone = ReadTimeZone(yaml, map, path);

        var jobs = new List<JobSpec>();
        var jobsMap = yaml.AsMap(YamlSource.Get(map, "jobs"), path + ".jobs");
        if (jobsMap is null || jobsMap.Children.Count == 0)
            yaml.Error(YamlSource.KeyNode(map, "jobs") ?? keyNode, path + ".jobs", "a workflow needs at least one job");
        foreach (var (jobKey, jobKeyNode, jobValue) in jobsMap is null ? [] : yaml.Entries(jobsMap))
        {
            var job = ReadJob(yaml, path + ".jobs." + jobKey, jobKey, jobKeyNode, jobValue, credentials, bodyFiles);
            if (job is not null)
                jobs.Add(job);
        }

        var triggers = new List<TriggerSpec>();
        var triggersMap = yaml.AsMap(YamlSource.Get(map, "triggers"), path + ".triggers");
        foreach (var (triggerKey, triggerKeyNode, triggerValue) in triggersMap is null ? [] : yaml.Entries(triggersMap))
        {
            var trigger = ReadTrigger(yaml, path + ".triggers." + triggerKey, triggerKey, triggerKeyNode, triggerValue, timeZone, jobs);
            if (trigger is null)
                continue;
            if (jobs.Any(j => j.Key == triggerKey))
                yaml.Error(triggerKeyNode, path + ".triggers." + triggerKey, "a trigger and a job have the same key; rename one");
            triggers.Add(trigger);
        }

        var edges = new List<EdgeSpec>();
        var edgesMap = yaml.AsMap(YamlSource.Get(map, "edges"), path + ".edges");
        foreach (var (edgeKey, edgeKeyNode, edgeValue) in edgesMap is null ? [] : yaml.Entries(edgesMap))
        {
            var edge = ReadEdge(yaml, path + ".edges." + edgeKey, edgeKey, edgeKeyNode, edgeValue, jobs, triggers);
            if (edge is not null)
                edges.Add(edge);
        }
        CheckCycles(yaml, path, edges);

        var limitsMap = yaml.AsMap(YamlSource.Get(map, "limits"), path + ".limits");
        var limits = new RunLimits();
        if (limitsMap is not null)
        {
            yaml.WarnUnknownKeys(limitsMap, path + ".limits", ["timeout_seconds", "memory_mb"]);
            var seconds = yaml.Number(limitsMap, "timeout_seconds", path + ".limits", 1, 7 * 24 * 3600);
            var megabytes = yaml.Number(limitsMap, "memory_mb", path + ".limits", 64, 64 * 1024);
            limits = new RunLimits
            {
                Timeout = seconds is null ? null : TimeSpan.FromSeconds(seconds.Value),
                MemoryBytes = megabytes * 1024 * 1024,
            };
        }

        RetryPolicy? retry = null;
        var retryMap = yaml.AsMap(YamlSource.Get(map, "retry"), path + ".retry");
        if (retryMap is not null)
        {
            yaml.WarnUnknownKeys(retryMap, path + ".retry", ["attempts", "delay_seconds", "backoff"]);
            retry = new RetryPolicy
            {
                Attempts = (int)(yaml.Number(retryMap, "attempts", path + ".retry", 0, 100) ?? 1),
                Delay = TimeSpan.FromSeconds(yaml.Number(retryMap, "delay_seconds", path + ".retry", 0, 24 * 3600) ?? 30),
                Backoff = yaml.Decimal(retryMap, "backoff", path + ".retry", 1, 10) ?? 2,
            };
        }

        return new WorkflowSpec
        {
            Key = key,
            Name = yaml.String(map, "name", path) ?? key,
            At = yaml.At(keyNode),
            Jobs = jobs,
            Triggers = triggers,
            Edges = edges,
            TimeZone = timeZone,
            Limits = limits,
            Retry = retry,
        };
    }

    private static JobSpec? ReadJob(YamlSource yaml, string path, string key, YamlNode keyNode, YamlNode value,
        IReadOnlyDictionary<string, CredentialSpec> credentials, List<(string, string)> bodyFiles)
    {
        var map = yaml.AsMap(value, path);
        if (map is null)
        {
            if (YamlSource.IsNull(value))
                yaml.Error(keyNode, path, "a job needs an adaptor and a body");
            return null;
        }
        yaml.WarnUnknownKeys(map, path, JobKeys);
        var adaptor = yaml.String(map, "adaptor", path, required: true);
        var credential = yaml.String(map, "credential", path);
        if (credential is not null && !credentials.ContainsKey(credential))
            yaml.Error(YamlSource.Get(map, "credential"), path + ".credential",
                $"credential '{credential}' is not declared under the project's credentials");
        var body = ReadBody(yaml, map, path, bodyFiles);
        if (adaptor is null || body is null)
            return null;
        return new JobSpec
        {
            Key = key,
            Name = yaml.String(map, "name", path) ?? key,
            Adaptor = adaptor,
            Credential = credential,
            Body = body,
            At = yaml.At(keyNode),
            AdaptorAt = yaml.At(YamlSource.Get(map, "adaptor")!),
            CredentialAt = YamlSource.Get(map, "credential") is { } credentialNode ? yaml.At(credentialNode) : null,
        };
    }

    private static JobSource? ReadBody(YamlSource yaml, YamlMappingNode job, string path, List<(string, string)> bodyFiles)
    {
        var node = YamlSource.Get(job, "body");
        var bodyPath = path + ".body";
        if (YamlSource.IsNull(node))
        {
            yaml.Error(YamlSource.KeyNode(job, "body") ?? job, bodyPath, node is null ? "is required (job code inline, or { path: ./job.js })" : "must not be empty");
            return null;
        }
        if (node is YamlScalarNode scalar)
            return new JobSource(yaml.File, LayOutInline(yaml, scalar));
        if (node is not YamlMappingNode map)
        {
            yaml.Error(node, bodyPath, "must be the job code, or { path: ./job.js }");
            return null;
        }
        var file = yaml.String(map, "path", bodyPath, required: true);
        if (file is null)
            return null;
        var fullPath = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(yaml.File))!, file));
        if (!File.Exists(fullPath))
        {
            yaml.Error(YamlSource.Get(map, "path"), bodyPath + ".path", $"job file '{file}' not found (looked for {fullPath})");
            return null;
        }
        var text = File.ReadAllText(fullPath);
        bodyFiles.Add((fullPath, text));
        return new JobSource(Path.Combine(Path.GetDirectoryName(yaml.File) ?? "", file), text);
    }

    /// <summary>
    /// Places inline job code at the line and column it occupies in project.yaml (blank lines above, its indentation
    /// restored), so that positions the compiler and runtime report are positions in project.yaml.
    /// </summary>
    private static string LayOutInline(YamlSource yaml, YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        var builder = new StringBuilder();
        if (scalar.Style is ScalarStyle.Literal)
        {
            var firstLine = (int)scalar.Start.Line + 1;
            var indent = yaml.Lines.Skip(firstLine - 1).Select(l => l.TrimEnd('\r')).FirstOrDefault(l => l.Trim().Length > 0) is { } first
                ? first.Length - first.TrimStart(' ').Length
                : 0;
            builder.Append('\n', firstLine - 1);
            foreach (var line in value.Split('\n'))
                builder.Append(line.Length > 0 ? new string(' ', indent) + line : line).Append('\n');
            return builder.ToString(0, builder.Length - 1);
        }
        var quote = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted ? 1 : 0;
        builder.Append('\n', (int)scalar.Start.Line - 1).Append(' ', (int)scalar.Start.Column - 1 + quote).Append(value);
        return builder.ToString();
    }

    private static TriggerSpec? ReadTrigger(YamlSource yaml, string path, string key, YamlNode keyNode, YamlNode value,
        TimeZoneInfo? workflowTimeZone, IReadOnlyList<JobSpec> jobs)
    {
        var map = yaml.AsMap(value, path);
        if (map is null)
            return null;
        yaml.WarnUnknownKeys(map, path, TriggerKeys);
        var typeText = yaml.String(map, "type", path, required: true);
        TriggerType type;
        switch (typeText)
        {
            case null:
                return null;
            case "webhook":
                type = TriggerType.Webhook;
                break;
            case "cron":
                type = TriggerType.Cron;
                break;
            case "kafka":
                type = TriggerType.Kafka;
                yaml.Warn(YamlSource.Get(map, "type"), path + ".type", "kafka triggers are not supported here; this trigger never fires");
                break;
            default:
                yaml.Error(YamlSource.Get(map, "type"), path + ".type", $"must be webhook, cron or kafka, not '{typeText}'");
                return null;
        }

        var cron = yaml.String(map, "cron_expression", path, required: type == TriggerType.Cron);
        if (cron is not null && CronText.Validate(cron) is { } cronError)
            yaml.Error(YamlSource.Get(map, "cron_expression"), path + ".cron_expression", $"invalid cron expression '{cron}': {cronError}");
        var cursorJob = yaml.String(map, "cron_cursor_job", path);
        if (cursorJob is not null && jobs.All(j => j.Key != cursorJob))
            yaml.Error(YamlSource.Get(map, "cron_cursor_job"), path + ".cron_cursor_job", $"no job '{cursorJob}' in this workflow");

        var misfireText = yaml.String(map, "misfire", path);
        var misfire = misfireText switch
        {
            null or "fire_once" => MisfirePolicy.FireOnce,
            "skip" => MisfirePolicy.Skip,
            _ => Invalid(MisfirePolicy.FireOnce, "misfire", $"must be fire_once or skip, not '{misfireText}'"),
        };
        var replyText = yaml.String(map, "webhook_reply", path);
        var reply = replyText switch
        {
            null or "before_start" => WebhookReply.BeforeStart,
            "after_completion" => WebhookReply.AfterCompletion,
            _ => Invalid(WebhookReply.BeforeStart, "webhook_reply", $"must be before_start or after_completion, not '{replyText}'"),
        };
        var responseConfig = yaml.AsMap(YamlSource.Get(map, "webhook_response_config"), path + ".webhook_response_config");
        var inboxPath = yaml.String(map, "path", path);
        if (inboxPath is not null && (inboxPath.Length == 0 || inboxPath.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_' and not '.')))
            yaml.Error(YamlSource.Get(map, "path"), path + ".path", "may only hold letters, digits, '-', '_' and '.'");

        return new TriggerSpec
        {
            Key = key,
            Type = type,
            Enabled = yaml.Bool(map, "enabled", path, true),
            At = yaml.At(keyNode),
            CronExpression = cron,
            CronCursorJob = cursorJob,
            CursorKeys = yaml.StringList(map, "cursor_keys", path),
            TimeZone = ReadTimeZone(yaml, map, path) ?? workflowTimeZone ?? TimeZoneInfo.Utc,
            Misfire = misfire,
            Reply = reply,
            SuccessCode = (int)(responseConfig is null ? 200 : yaml.Number(responseConfig, "success_code", path + ".webhook_response_config", 100, 599) ?? 200),
            ErrorCode = (int)(responseConfig is null ? 500 : yaml.Number(responseConfig, "error_code", path + ".webhook_response_config", 100, 599) ?? 500),
            InboxPath = inboxPath,
            InboxSecret = yaml.String(map, "inbox_secret", path),
            MaxBodyBytes = yaml.Number(map, "max_body_kb", path, 1, 1024 * 1024) * 1024,
        };

        T Invalid<T>(T fallback, string childKey, string message)
        {
            yaml.Error(YamlSource.Get(map, childKey), path + "." + childKey, message);
            return fallback;
        }
    }

    private static EdgeSpec? ReadEdge(YamlSource yaml, string path, string key, YamlNode keyNode, YamlNode value,
        IReadOnlyList<JobSpec> jobs, IReadOnlyList<TriggerSpec> triggers)
    {
        var map = yaml.AsMap(value, path);
        if (map is null)
            return null;
        yaml.WarnUnknownKeys(map, path, EdgeKeys);
        var sourceTrigger = yaml.String(map, "source_trigger", path);
        var sourceJob = yaml.String(map, "source_job", path);
        var target = yaml.String(map, "target_job", path, required: true);
        if ((sourceTrigger is null) == (sourceJob is null))
        {
            yaml.Error(keyNode, path, "an edge needs exactly one of source_trigger or source_job");
            return null;
        }
        if (sourceTrigger is not null && triggers.All(t => t.Key != sourceTrigger))
            yaml.Error(YamlSource.Get(map, "source_trigger"), path + ".source_trigger", $"no trigger '{sourceTrigger}' in this workflow");
        if (sourceJob is not null && jobs.All(j => j.Key != sourceJob))
            yaml.Error(YamlSource.Get(map, "source_job"), path + ".source_job", $"no job '{sourceJob}' in this workflow");
        if (target is not null && jobs.All(j => j.Key != target))
            yaml.Error(YamlSource.Get(map, "target_job"), path + ".target_job", $"no job '{target}' in this workflow");

        // Older exports spell condition_type as `condition`.
        var conditionKey = YamlSource.Get(map, "condition_type") is null && YamlSource.Get(map, "condition") is not null ? "condition" : "condition_type";
        var conditionText = yaml.String(map, conditionKey, path);
        ConditionType? condition = conditionText switch
        {
            null or "always" => ConditionType.Always,
            "on_job_success" or "on_upstream_success" => ConditionType.OnJobSuccess,
            "on_job_failure" or "on_upstream_fail" => ConditionType.OnJobFailure,
            "js_expression" => ConditionType.JsExpression,
            _ => null,
        };
        if (condition is null)
        {
            yaml.Error(YamlSource.Get(map, conditionKey), path + "." + conditionKey,
                $"must be always, on_job_success, on_job_failure or js_expression, not '{conditionText}'");
            return null;
        }
        var expression = yaml.String(map, "condition_expression", path);
        if (condition == ConditionType.JsExpression && string.IsNullOrWhiteSpace(expression))
            yaml.Error(YamlSource.Get(map, conditionKey), path + ".condition_expression", "a js_expression edge needs a condition_expression");
        if (sourceTrigger is not null && condition is ConditionType.OnJobSuccess or ConditionType.OnJobFailure)
            yaml.Warn(YamlSource.Get(map, conditionKey), path + "." + conditionKey, "a trigger edge can only be always or js_expression; treated as always");
        if (target is null)
            return null;
        return new EdgeSpec
        {
            Key = key,
            SourceTrigger = sourceTrigger,
            SourceJob = sourceJob,
            TargetJob = target,
            Condition = sourceTrigger is not null && condition is ConditionType.OnJobSuccess or ConditionType.OnJobFailure ? ConditionType.Always : condition.Value,
            ConditionExpression = expression,
            ConditionLabel = yaml.String(map, "condition_label", path),
            Enabled = yaml.Bool(map, "enabled", path, true),
            At = yaml.At(keyNode),
        };
    }

    private static TimeZoneInfo? ReadTimeZone(YamlSource yaml, YamlMappingNode map, string path)
    {
        var name = yaml.String(map, "timezone", path);
        if (name is null)
            return null;
        if (TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone))
            return zone;
        yaml.Error(YamlSource.Get(map, "timezone"), path + ".timezone", $"unknown time zone '{name}' (use an IANA name such as Africa/Nairobi or UTC)");
        return null;
    }

    private static void CheckCycles(YamlSource yaml, string path, IReadOnlyList<EdgeSpec> edges)
    {
        var next = edges.Where(e => e.SourceJob is not null).ToLookup(e => e.SourceJob!, e => e);
        var state = new Dictionary<string, bool>(); // false = on the current path, true = done
        foreach (var start in next.Select(g => g.Key))
            Visit(start);

        void Visit(string job)
        {
            state[job] = false;
            foreach (var edge in next[job])
            {
                if (state.TryGetValue(edge.TargetJob, out var done))
                {
                    if (!done)
                        yaml.Error(edge.At, path + ".edges." + edge.Key, $"circular dependency: {edge.SourceJob} <-> {edge.TargetJob}");
                    continue;
                }
                Visit(edge.TargetJob);
            }
            state[job] = true;
        }
    }

    private static void CheckInboxPaths(YamlSource yaml, IReadOnlyList<WorkflowSpec> workflows)
    {
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var workflow in workflows)
        {
            foreach (var trigger in workflow.Triggers.Where(t => t.Type == TriggerType.Webhook))
            {
                var id = InboxIds.For(workflow, trigger);
                var keyPath = $"workflows.{workflow.Key}.triggers.{trigger.Key}";
                if (seen.TryGetValue(id, out var other))
                    yaml.Error(trigger.At, keyPath, $"inbox path '{id}' is already used by {other}; set a distinct `path`");
                else
                    seen[id] = keyPath;
            }
        }
    }
}

/// <summary>How a webhook trigger is addressed: <c>POST /inbox/{id}</c>.</summary>
public static class InboxIds
{
    /// <summary>The trigger's <c>path</c>; else the workflow key when it is the workflow's only webhook; else <c>workflow-trigger</c>.</summary>
    public static string For(WorkflowSpec workflow, TriggerSpec trigger)
    {
        if (trigger.InboxPath is not null)
            return trigger.InboxPath;
        return workflow.Triggers.Count(t => t.Type == TriggerType.Webhook) == 1 ? workflow.Key : workflow.Key + "-" + trigger.Key;
    }
}
