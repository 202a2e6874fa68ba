using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace MicroCredentials.Signing.Tests.Status;

/// <summary>
/// A PostgreSQL server for the store tests: the one in <c>MCRED_PG</c> (a connection string) when set; otherwise a
/// throwaway cluster started from Debian's binaries (<c>/usr/lib/postgresql/*/bin</c>) on a free loopback port,
/// run as the <c>postgres</c> user when the tests run as root, and stopped and deleted at the end.
/// Missing binaries fail the tests with instructions; they never skip.
/// </summary>
public sealed class PostgreSqlFixture : IAsyncLifetime
{
    private string? _dataDir;
    private string? _binDir;
    private string? _root;

    public string ConnectionString { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var fromEnv = Environment.GetEnvironmentVariable("MCRED_PG");
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            ConnectionString = fromEnv;
            return;
        }

        _binDir = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        if (_binDir is null)
        {
            throw new InvalidOperationException("PostgreSQL tests need a server: set MCRED_PG to a connection string, or install Debian's 'postgresql' package (apt-get install -y postgresql) so /usr/lib/postgresql/*/bin/initdb exists.");
        }

        var asRoot = Environment.UserName == "root";
        _root = Directory.CreateTempSubdirectory("mcred-pg-").FullName;
        _dataDir = Path.Combine(_root, "data");
        var socketDir = Path.Combine(_root, "sock");
        Directory.CreateDirectory(socketDir);
        if (asRoot)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", _root]);
        }

        var port = FreePort();
        await RunPgAsync(asRoot, "initdb", ["-D", _dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
        // fsync off: a throwaway cluster; the tests check transactional consistency, not disk durability.
        await RunPgAsync(asRoot, "pg_ctl", ["-D", _dataDir, "-l", Path.Combine(_root, "log.txt"), "-w", "-t", "60", "-o", $"-p {port} -k {socketDir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50", "start"]);
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=20";
    }

    public async Task DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        if (_dataDir is not null && _binDir is not null)
        {
            await RunPgAsync(Environment.UserName == "root", "pg_ctl", ["-D", _dataDir, "-w", "-m", "immediate", "stop"]);
            Directory.Delete(_root!, recursive: true);
        }
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private Task RunPgAsync(bool asRoot, string tool, string[] args) =>
        asRoot ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_binDir!, tool), .. args]) : RunAsync(Path.Combine(_binDir!, tool), args);

    private static async Task RunAsync(string file, string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/" };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + file);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {await stdout}{await stderr}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgreSqlCollection : ICollectionFixture<PostgreSqlFixture>
{
    public const string Name = "PostgreSQL";
}
