using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace MicroCredentials.Signing.Tests.Online;

/// <summary>
/// A minimal HTTPS/1.1 server on loopback (TcpListener + SslStream, self-signed certificate) standing in for public
/// hosts; it counts every TCP connection so tests can prove one was never made. Each response closes its connection,
/// so every fetch goes through the client's connect path again.
/// </summary>
internal sealed class LocalHttpsServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly X509Certificate2 _certificate;
    private int _connections;

    public LocalHttpsServer()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=test.example", key, HashAlgorithmName.SHA256);
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        _certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pfx), null);
        _listener.Start();
        _ = Task.Run(AcceptLoopAsync);
    }

    public sealed record Route(byte[] Body, string? ContentType = "application/json", int Status = 200, TimeSpan Delay = default, bool OmitLength = false)
    {
        public Dictionary<string, string> Headers { get; init; } = [];

        public Route WithHeader(string name, string value) => this with { Headers = new(Headers) { [name] = value } };

        public static Route Json(string json, string contentType = "application/json") => new(Encoding.UTF8.GetBytes(json), contentType);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Connections => Volatile.Read(ref _connections);

    public ConcurrentDictionary<string, Route> Routes { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, int> Requests { get; } = new(StringComparer.Ordinal);

    /// <summary>Accepts only this server's certificate.</summary>
    public RemoteCertificateValidationCallback Validation => (_, cert, _, _) => cert is not null && cert.GetCertHashString() == _certificate.GetCertHashString();

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _certificate.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await using var tls = new SslStream(client.GetStream());
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
                var head = new StringBuilder();
                var one = new byte[1];
                while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && head.Length < 16384)
                {
                    if (await tls.ReadAsync(one, _stop.Token) == 0)
                    {
                        return;
                    }

                    head.Append((char)one[0]);
                }

                var path = head.ToString().Split(' ')[1];
                Requests.AddOrUpdate(path, 1, (_, n) => n + 1);
                var route = Routes.TryGetValue(path, out var found) ? found : new Route("{}"u8.ToArray(), Status: 404);
                if (route.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(route.Delay, _stop.Token);
                }

                var response = new StringBuilder($"HTTP/1.1 {route.Status} X\r\nConnection: close\r\n");
                if (route.ContentType is not null)
                {
                    response.Append($"Content-Type: {route.ContentType}\r\n");
                }

                if (!route.OmitLength)
                {
                    response.Append($"Content-Length: {route.Body.Length}\r\n");
                }

                foreach (var (name, value) in route.Headers)
                {
                    response.Append($"{name}: {value}\r\n");
                }

                await tls.WriteAsync(Encoding.ASCII.GetBytes(response.Append("\r\n").ToString()), _stop.Token);
                await tls.WriteAsync(route.Body, _stop.Token);
                await tls.FlushAsync(_stop.Token);
            }
            catch (Exception)
            {
                // A client that gives up (timeouts, refusals) is part of the tests.
            }
        }
    }
}
