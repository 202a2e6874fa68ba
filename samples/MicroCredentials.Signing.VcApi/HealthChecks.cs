using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace MicroCredentials.Signing.VcApi;

/// <summary>
/// Readiness of the database: the status list can be read from the store and the credential index answers. A
/// stopping host reports unhealthy, so a load balancer stops routing to it while in-flight requests drain.
/// </summary>
public sealed class DatabaseHealthCheck(VcApiBackendProvider backend, IOptions<VcApiOptions> options, IHostApplicationLifetime lifetime) : IHealthCheck
{
    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("the service is shutting down");
        }

        try
        {
            var opened = await backend.GetAsync().ConfigureAwait(false);
            var list = await opened.Store.GetListAsync(options.Value.StatusListUrl, cancellationToken).ConfigureAwait(false);
            await opened.Index.PingAsync(cancellationToken).ConfigureAwait(false);
            return list is null
                ? HealthCheckResult.Unhealthy($"the status list {options.Value.StatusListUrl} is missing from the store")
                : HealthCheckResult.Healthy($"{options.Value.Store}: {list.AllocatedCount} of {list.Definition.Length} indexes allocated");
        }
#pragma warning disable CA1031 // A health check reports every failure instead of throwing it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Unhealthy($"{options.Value.Store} store unavailable: {ex.GetType().Name}", ex);
        }
    }
}

/// <summary>Readiness of Redis when <see cref="VcApiOptions.Redis"/> is configured: a RESP <c>PING</c> answered with <c>+PONG</c>.</summary>
public sealed class RedisHealthCheck(IOptions<VcApiOptions> options) : IHealthCheck
{
    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var endpoint = options.Value.Redis!;
        var colon = endpoint.LastIndexOf(':');
        var (host, port) = colon > 0 && int.TryParse(endpoint.AsSpan(colon + 1), out var p) ? (endpoint[..colon], p) : (endpoint, 6379);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token).ConfigureAwait(false);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
            var answer = Encoding.ASCII.GetString(buffer, 0, read);
            return answer.StartsWith("+PONG", StringComparison.Ordinal)
                ? HealthCheckResult.Healthy($"redis {host}:{port}")
                : HealthCheckResult.Unhealthy($"redis {host}:{port} answered '{answer.TrimEnd()}'");
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"redis {host}:{port} unreachable: {ex.GetType().Name}");
        }
    }
}
