using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OpenFn.Runner.History;
using OpenFn.Runner.Tests;
using OpenFn.Simulators;

namespace OpenFn.Integrations.Tests.Support;

/// <summary>
/// The project as it ships — project.yaml, jobs/ and credentials.example.json from the repository — run by the real
/// <c>openfn</c> CLI or <c>openfn serve</c> process against simulators started in this process on free ports. The
/// credentials file is the example file with the simulators' default addresses replaced by the actual ones.
/// </summary>
public sealed class IntegrationEnvironment : IAsyncDisposable
{
    public const string InboxSecret = "test-dtp-inbox-secret-7c1e";

    private IntegrationEnvironment(SimulatorHost simulators, TempFolder folder, string credentialsFile)
    {
        Simulators = simulators;
        Folder = folder;
        CredentialsFile = credentialsFile;
    }

    public SimulatorHost Simulators { get; }

    public TempFolder Folder { get; }

    public string CredentialsFile { get; }

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string ProjectFile => Path.Combine(RepositoryRoot, "project.yaml");

    public string DataDir => Folder.File(".openfn");

    public static Task<IntegrationEnvironment> StartAsync(SimulatorSystems systems) => StartAsync(new SimulatorOptions { Systems = systems });

    public static async Task<IntegrationEnvironment> StartAsync(SimulatorOptions options)
    {
        var simulators = await SimulatorHost.StartAsync(options);
        var folder = new TempFolder();
        var credentials = File.ReadAllText(Path.Combine(RepositoryRoot, "credentials.example.json"));
        foreach (var system in new[] { "primero", "oscar", "dtp", "hpc", "prp" })
        {
            // A system not started here points at the discard port, so a stray cron run never reaches a simulator on the default port.
            var server = simulators.Servers.FirstOrDefault(s => s.Name == system);
            var url = server is null ? $"http://{SimulatorDefaults.Host}:9" : server.BaseUrl.ToString().TrimEnd('/');
            credentials = credentials.Replace($"http://{SimulatorDefaults.Host}:{DefaultPort(system)}", url);
        }
        var parsed = JsonNode.Parse(credentials)!.AsObject();
        parsed["dtp-inbox-secret"] = InboxSecret;
        return new IntegrationEnvironment(simulators, folder, folder.Write("credentials.json", parsed.ToJsonString()));
    }

    /// <summary><c>openfn run &lt;args&gt;</c> on the repository's project, with this environment's credentials and history.</summary>
    public CliResult Run(params string[] args) =>
        Openfn.Run(Folder.Path, ["run", .. args, "-p", ProjectFile, "-c", CredentialsFile, "--data-dir", DataDir]);

    /// <summary><c>openfn serve</c> on the repository's project (inbox on a free port).</summary>
    public Task<ServeProcess> ServeAsync() => ServeProcess.StartAsync(Folder, "-p", ProjectFile, "-c", CredentialsFile);

    /// <summary>Posts a JSON body to an inbox and returns the id of the run it started (the inbox answers 202).</summary>
    public static async Task<string> PostToInboxAsync(ServeProcess serve, string inbox, JsonNode body, string? secret = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{serve.BaseUrl}/inbox/{inbox}")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (secret is not null)
            request.Headers.Add("x-api-key", secret);
        using var response = await serve.Http.SendAsync(request);
        var answer = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(202), answer);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["run_id"]!.GetValue<string>();
    }

    /// <summary>Waits until the run has finished and returns it with its steps' log lines.</summary>
    public static async Task<(RunRecord Run, string Log)> WaitForRunAsync(ServeProcess serve, string runId, TimeSpan? timeout = null)
    {
        await using var history = serve.History();
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            if (await history.FindRunAsync(runId) is { } run && run.Status.IsFinal())
            {
                var logs = await history.GetLogsAsync(runId);
                return (run, string.Join('\n', logs.Select(l => $"[{l.Source}] {l.Message}")));
            }
            if (DateTimeOffset.UtcNow > deadline)
                Assert.Fail($"run {runId} did not finish in time\n{serve.Log}");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Simulators.DisposeAsync();
        Folder.Dispose();
    }

    private static int DefaultPort(string system) => system switch
    {
        "primero" => SimulatorDefaults.PrimeroPort,
        "oscar" => SimulatorDefaults.OscarPort,
        "dtp" => SimulatorDefaults.DtpPort,
        "hpc" => SimulatorDefaults.HpcPort,
        "prp" => SimulatorDefaults.PrpPort,
        _ => throw new ArgumentException($"unknown simulator {system}"),
    };

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OpenFnDotnet.sln")) && File.Exists(Path.Combine(directory.FullName, "project.yaml")))
                return directory.FullName;
        }
        throw new DirectoryNotFoundException("No folder with OpenFnDotnet.sln and project.yaml above " + AppContext.BaseDirectory);
    }
}
