using System.CommandLine;
using Npgsql;
using OpenFn.Runner.Credentials;
using OpenFn.Runner.History;
using OpenFn.Runner.Logging;
using OpenFn.Runner.Projects;

namespace OpenFn.Runner.Cli;

/// <summary>The options every command shares, and what they resolve to: data folder, history store, credentials, log output.</summary>
public sealed class CliContext
{
    public static readonly Option<DirectoryInfo?> DataDirOption = new("--data-dir")
    {
        Description = "Folder for history, logs and cursors (default: $OPENFN_DATA_DIR, else ./.openfn)",
        Recursive = true,
    };

    public static readonly Option<string?> HistoryOption = new("--history")
    {
        Description = "History store: a SQLite file path, or a PostgreSQL connection string / postgres:// URL (default: $OPENFN_HISTORY, else <data-dir>/history.db)",
        Recursive = true,
    };

    public static readonly Option<Verbosity> LogLevelOption = new("--log-level", "-l")
    {
        Description = "none, default, info or debug",
        DefaultValueFactory = _ => Verbosity.Default,
        Recursive = true,
    };

    public static readonly Option<bool> VerboseOption = new("--verbose")
    {
        Description = "Print stack traces of unexpected errors",
        Recursive = true,
    };

    public static readonly Option<FileInfo?> CredentialsOption = new("--credentials", "-c")
    {
        Description = "Credentials JSON file: { \"credential-key\": { ...values } } (default: $OPENFN_CREDENTIALS, else <data-dir>/credentials.json when present). Never put it in the project repository.",
    };

    public static readonly Option<FileInfo?> ProjectOption = new("--project", "-p")
    {
        Description = "The project file (default: ./project.yaml)",
    };

    private readonly ParseResult _parse;

    public CliContext(ParseResult parse)
    {
        _parse = parse;
        DataDir = parse.GetValue(DataDirOption)?.FullName
            ?? Environment.GetEnvironmentVariable("OPENFN_DATA_DIR")
            ?? Path.GetFullPath(".openfn");
        Verbosity = parse.GetValue(LogLevelOption);
        Verbose = parse.GetValue(VerboseOption);
    }

    public string DataDir { get; }
    public Verbosity Verbosity { get; }
    public bool Verbose { get; }

    public string LogFolder => Path.Combine(DataDir, "logs");

    public string ProjectPath => _parse.GetValue(ProjectOption)?.FullName ?? Path.GetFullPath("project.yaml");

    /// <summary>The console and JSON-file log of this invocation.</summary>
    public LogOutput CreateLogOutput(bool showRunIds = false) => new(Verbosity, LogFolder, showRunIds);

    /// <summary>Opens (creating or upgrading) the history store.</summary>
    public async Task<IHistoryStore> OpenHistoryAsync(CancellationToken cancellationToken)
    {
        var setting = _parse.GetValue(HistoryOption) ?? Environment.GetEnvironmentVariable("OPENFN_HISTORY");
        IHistoryStore store = setting switch
        {
            null or "" => new SqliteHistoryStore(Path.Combine(DataDir, "history.db")),
            _ when setting.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || setting.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
                => new PostgresHistoryStore(FromUrl(setting)),
            _ when setting.Contains("Host=", StringComparison.OrdinalIgnoreCase) => new PostgresHistoryStore(setting),
            _ => new SqliteHistoryStore(Path.GetFullPath(setting)),
        };
        await store.InitializeAsync(cancellationToken);
        return store;
    }

    /// <summary>The credentials of <c>-c</c>, else $OPENFN_CREDENTIALS, else the data folder's credentials.json if present; environment overrides always apply.</summary>
    public CredentialStore LoadCredentials() => CredentialStore.Load(CredentialsFile);

    /// <summary>The credentials file in use, if any.</summary>
    public string? CredentialsFile =>
        _parse.GetValue(CredentialsOption)?.FullName
        ?? Environment.GetEnvironmentVariable("OPENFN_CREDENTIALS")
        ?? (File.Exists(Path.Combine(DataDir, "credentials.json")) ? Path.Combine(DataDir, "credentials.json") : null);

    /// <summary>Whether a credentials file was configured (checks then insist every credential has values).</summary>
    public bool HasCredentialsSource => CredentialsFile is not null;

    private static string FromUrl(string url)
    {
        var uri = new Uri(url);
        var user = uri.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = uri.AbsolutePath.Trim('/') is { Length: > 0 } database ? Uri.UnescapeDataString(database) : null,
            Username = user.Length > 0 && user[0].Length > 0 ? Uri.UnescapeDataString(user[0]) : null,
            Password = user.Length > 1 ? Uri.UnescapeDataString(user[1]) : null,
        };
        return builder.ConnectionString;
    }

    /// <summary>Loads project.yaml, failing with every problem when it has errors.</summary>
    public ProjectSpec LoadProject()
    {
        var loaded = ProjectLoader.Load(ProjectPath);
        if (loaded.HasErrors)
            throw new InvalidInputException(loaded.Problems);
        return loaded.Project!;
    }
}
