using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MicroCredentials.Signing.Scale;

/// <summary>Throwaway PostgreSQL and Redis servers on loopback for the scale run (Debian's binaries), stopped and deleted on disposal.</summary>
internal sealed class Servers : IAsyncDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mcred-scale-").FullName;
    private string? _pgBin;
    private Process? _redis;

    public string PostgreSql { get; private set; } = string.Empty;

    public string Redis { get; private set; } = string.Empty;

    public string Root => _root;

    public static async Task<Servers> StartAsync()
    {
        var servers = new Servers();
        try
        {
            await servers.StartPostgreSqlAsync();
            servers.StartRedis();
            return servers;
        }
        catch
        {
            await servers.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        if (_redis is { HasExited: false })
        {
            _redis.Kill();
            await _redis.WaitForExitAsync();
        }

        if (_pgBin is not null)
        {
            await RunPgAsync("pg_ctl", ["-D", Path.Combine(_root, "pg"), "-w", "-m", "immediate", "stop"]);
        }

        Directory.Delete(_root, recursive: true);
    }

    private async Task StartPostgreSqlAsync()
    {
        _pgBin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        if (_pgBin is null)
        {
            throw new InvalidOperationException("PostgreSQL binaries missing: run build/setup.sh");
        }

        var data = Path.Combine(_root, "pg");
        var sock = Path.Combine(_root, "sock");
        Directory.CreateDirectory(sock);
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", ["-R", "postgres:postgres", _root]);
        }

        var port = FreePort();
        await RunPgAsync("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
        await RunPgAsync("pg_ctl", ["-D", data, "-l", Path.Combine(_root, "pg.log"), "-w", "-t", "60", "-o", $"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60", "start"]);
        PostgreSql = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=10";
    }

    private void StartRedis()
    {
        var port = FreePort();
        var dir = Path.Combine(_root, "redis");
        Directory.CreateDirectory(dir);
        var psi = new ProcessStartInfo("redis-server") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
        foreach (var a in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir })
        {
            psi.ArgumentList.Add(a);
        }

        _redis = Process.Start(psi) ?? throw new InvalidOperationException("could not start redis-server (build/setup.sh installs it)");
        _redis.OutputDataReceived += (_, _) => { };
        _redis.ErrorDataReceived += (_, _) => { };
        _redis.BeginOutputReadLine();
        _redis.BeginErrorReadLine();
        for (var i = 0; i < 300; i++)
        {
            try
            {
                using var c = new TcpClient();
                c.Connect(IPAddress.Loopback, port);
                Redis = $"127.0.0.1:{port}";
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        throw new InvalidOperationException("redis-server did not listen");
    }

    private Task RunPgAsync(string tool, string[] args) =>
        Environment.UserName == "root" ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_pgBin!, tool), .. args]) : RunAsync(Path.Combine(_pgBin!, tool), args);

    private static async Task RunAsync(string file, string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/" };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + file);
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed ({p.ExitCode}): {await o}{await e}");
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
}
