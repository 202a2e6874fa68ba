using System.Net;
using System.Net.Sockets;

namespace MicroCredentials.Signing.Online;

/// <summary>
/// The HTTP handler of online resolution, with the address guard (SSRF protection) in its connect callback: every
/// address a socket is opened to is checked with <see cref="PublicAddresses"/> on connect, so DNS rebinding cannot
/// steer a fetch to a private, loopback or link-local address. No proxy, no cookies, no automatic redirects (the
/// fetcher follows them itself, re-checking each), no automatic decompression. An <c>IHttpClientFactory</c> client for
/// <see cref="OnlineResolver"/> must use a handler from <see cref="Create"/> as its primary handler.
/// </summary>
public static class GuardedHttpHandler
{
    /// <summary>A new guarded handler for <paramref name="policy"/> (its connect timeout, host resolver and test hooks).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The policy is invalid.</exception>
    public static SocketsHttpHandler Create(OnlineResolutionOptions policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        policy.Validate();
        var handler = new SocketsHttpHandler
        {
            // Redirects are followed by the fetcher, each re-checked; a proxy would make the connect check judge the proxy, not the target.
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = policy.Timeout,
            MaxResponseHeadersLength = 64,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectCallback = (context, ct) => ConnectAsync(policy, context, ct),
        };
        if (policy.ServerCertificateValidation is { } validate)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = validate;
        }

        return handler;
    }

    /// <summary>
    /// Whether <paramref name="exception"/> (or one of its inner exceptions) is the guard refusing an address: a
    /// refusal is final, so a retry policy must not retry it.
    /// </summary>
    public static bool IsAddressRefusal(Exception exception) => RefusalOf(exception) is not null;

    internal static AddressRefusedException? RefusalOf(Exception? exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is AddressRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }

    private static async ValueTask<Stream> ConnectAsync(OnlineResolutionOptions policy, SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        var port = context.DnsEndPoint.Port;
        IPAddress[] candidates = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : policy.HostResolver is { } resolve
                ? await resolve(host, cancellationToken).ConfigureAwait(false)
                : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var refused = new List<string>();
        Exception? lastError = null;
        foreach (var address in candidates)
        {
            if (PublicAddresses.RefusalReason(address) is { } reason)
            {
                refused.Add($"{address} ({reason})");
                continue;
            }

            var endpoint = new IPEndPoint(address, port);
            endpoint = policy.ConnectEndpointOverride?.Invoke(endpoint) ?? endpoint;
            var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                lastError = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        if (lastError is not null)
        {
            throw new IOException($"could not connect to {host}: {lastError.Message}", lastError);
        }

        if (refused.Count > 0)
        {
            throw new AddressRefusedException($"{host} resolves only to addresses that may not be contacted: {string.Join(", ", refused)}");
        }

        throw new IOException($"{host} resolves to no address");
    }
}
