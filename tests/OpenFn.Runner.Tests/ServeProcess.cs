using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using OpenFn.Runner.History;

namespace OpenFn.Runner.Tests;

/// <summary>
/// <c>openfn serve</c> as a child process on a free loopback port: its log lines are collected, its history is read
/// straight from its SQLite file, and it is stopped with SIGTERM like a service manager would.
/// </summary>
public sealed partial class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServeProcess(Process process)
    {
        _process = process;
    }

    public string DataDir { get; private init; } = "";
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromMinutes(2) };
    public string BaseUrl { get; private set; } = "";

    public string Log
    {
        get
        {
            lock (_lines)
                return string.Join('\n', _lines);
        }
    }

    public static async Task<ServeProcess> StartAsync(TempFolder folder, params string[] extraArgs)
    {
        var dataDir = Path.Combine(folder.Path, ".openfn");
        var start = Openfn.StartInfo(folder.Path, ["serve", "--port", "0", "--data-dir", dataDir, "-l", "info", .. extraArgs]);
        var serve = new ServeProcess(Process.Start(start)!) { DataDir = dataDir };
        serve._process.ErrorDataReceived += (_, e) => serve.OnLine(e.Data);
        serve._process.OutputDataReceived += (_, e) => serve.OnLine(e.Data);
        serve._process.BeginErrorReadLine();
        serve._process.BeginOutputReadLine();
        _ = serve._process.WaitForExitAsync().ContinueWith(_ => serve._port.TrySetException(new InvalidOperationException("serve exited:\n" + serve.Log)));
        var port = await serve._port.Task.WaitAsync(TimeSpan.FromSeconds(60));
        serve.BaseUrl = $"http://127.0.0.1:{port}";
        return serve;
    }

    public IHistoryStore History() => new SqliteHistoryStore(Path.Combine(DataDir, "history.db"));

    /// <summary>Polls the history until <paramref name="condition"/> holds for the newest runs (oldest first), or fails after the timeout.</summary>
    public async Task<IReadOnlyList<RunRecord>> WaitForRunsAsync(Func<IReadOnlyList<RunRecord>, bool> condition, TimeSpan? timeout = null, string? workflow = null)
    {
        await using var history = History();
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var runs = (await history.ListRunsAsync(new RunQuery { Workflow = workflow, Limit = 500 })).Reverse().ToList();
            if (condition(runs))
                return runs;
            if (DateTimeOffset.UtcNow > deadline)
                Assert.Fail($"history never reached the expected state; runs: {string.Join(", ", runs.Select(r => $"{r.Workflow}:{r.Status}"))}\n{Log}");
            await Task.Delay(200);
        }
    }

    public async Task WaitForLogAsync(string text, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!Log.Contains(text))
        {
            if (DateTimeOffset.UtcNow > deadline)
                Assert.Fail($"serve never logged '{text}':\n{Log}");
            await Task.Delay(100);
        }
    }

    /// <summary>Sends SIGTERM and waits for a clean exit; returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null)
    {
        if (!_process.HasExited)
            _ = SignalTerm(_process.Id, 15);
        using var wait = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(wait.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            try
            {
                await StopAsync(TimeSpan.FromSeconds(30));
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
            return;
        lock (_lines)
            _lines.Add(line);
        if (ListeningLine().Match(line) is { Success: true } match)
            _port.TrySetResult(int.Parse(match.Groups[1].Value));
    }

    [GeneratedRegex(@"Inbox listening on http://127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningLine();

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SignalTerm(int pid, int signal);
}
