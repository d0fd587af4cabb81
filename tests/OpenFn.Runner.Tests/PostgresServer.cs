using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace OpenFn.Runner.Tests;

/// <summary>
/// A throw-away PostgreSQL server: initdb into a temp folder and pg_ctl on a free loopback port, stopped and deleted
/// on dispose. As root (CI containers) the server runs as the `postgres` user, since PostgreSQL refuses root.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _folder;
    private readonly string _bin;
    private readonly bool _asPostgresUser;

    private PostgresServer(string folder, string bin, bool asPostgresUser, int port)
    {
        _folder = folder;
        _bin = bin;
        _asPostgresUser = asPostgresUser;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=openfn;Database={database};Pooling=true;Timeout=15";

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = Directory.EnumerateDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin"))
            .Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderDescending().FirstOrDefault()
            ?? throw new InvalidOperationException("PostgreSQL server binaries not found under /usr/lib/postgresql/<version>/bin (apt-get install postgresql)");
        var folder = Path.Combine(Path.GetTempPath(), "openfn-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var asPostgresUser = Environment.UserName == "root";
        if (asPostgresUser)
            await RunAsync("chown", ["postgres", folder]);
        for (var attempt = 1; ; attempt++)
        {
            var server = new PostgresServer(folder, bin, asPostgresUser, FreePort());
            try
            {
                await server.StartAtAsync();
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // The port was taken between choosing and binding it; try another.
            }
        }
    }

    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await PgAsync("pg_ctl", "-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop");
        Directory.Delete(_folder, recursive: true);
    }

    private async Task StartAtAsync()
    {
        var data = Path.Combine(_folder, "data");
        if (!Directory.Exists(data))
            await PgAsync("initdb", "-D", data, "-A", "trust", "-U", "openfn", "-E", "UTF8", "--no-sync");
        await PgAsync("pg_ctl", "-D", data, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "30", "start",
            "-o", $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50");
    }

    private Task PgAsync(string tool, params string[] args)
    {
        var path = Path.Combine(_bin, tool);
        return _asPostgresUser ? RunAsync("runuser", ["-u", "postgres", "--", path, .. args]) : RunAsync(path, args);
    }

    private static async Task RunAsync(string file, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} failed ({process.ExitCode}): {await error}{await output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
