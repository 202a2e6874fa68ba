using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Model;
using MicroCredentials.Signing.Status;
using MicroCredentials.Signing.Tests.Online;
using MicroCredentials.Signing.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MicroCredentials.Signing.Dids;

namespace MicroCredentials.Signing.Extensions.Tests.Support;

/// <summary>
/// One issuer (a did:key), its status list published on a loopback HTTPS server that stands in for the public host
/// <c>issuer.example</c>, and hosts built with <c>AddMicroCredentials</c> around them, each with its own service
/// provider (as separate verifier nodes would be).
/// </summary>
internal sealed class World : IDisposable
{
    public const string ListUrl = "https://issuer.example/status/1";
    public const string ListPath = "/status/1";
    public static readonly IPAddress PublicStandIn = IPAddress.Parse("93.184.216.34");

    private readonly List<IHost> _hosts = [];

    public World()
    {
        Key = KeyFile.Generate(KeyAlgorithm.Ed25519);
        var elements = MicroCredentialJson.Parse(File.ReadAllText(TestPaths.RepoFile("samples", "elements", "rich-valid.json")));
        Elements = elements with { AwardingBodies = [elements.AwardingBodies[0] with { Id = Key.Controller }] };
    }

    public KeyFile Key { get; }

    public MicroCredential Elements { get; }

    public LocalHttpsServer Server { get; } = new();

    public InMemoryStatusListStore Store { get; } = new();

    public TestLogs Logs { get; } = new();

    public int ListFetches => Server.Requests.TryGetValue(ListPath, out var n) ? n : 0;

    /// <summary>A host whose verifier is online (status lists from the loopback server) and whose issuer "university" uses the shared store.</summary>
    public async Task<IHost> StartHostAsync(Dictionary<string, string?>? config = null, Action<MicroCredentialsBuilder>? more = null, TimeProvider? time = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MicroCredentials:Verifier:Online"] = "true",
            ["MicroCredentials:Verifier:AllowedOrigins:0"] = "https://issuer.example",
            ["MicroCredentials:Issuers:university:StatusListUrl"] = ListUrl,
        });
        if (config is not null)
        {
            builder.Configuration.AddInMemoryCollection(config);
        }

        builder.Logging.AddProvider(Logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        var mc = builder.Services.AddMicroCredentials(builder.Configuration)
            .AddIssuer("university", o => o.Signer = Key.CreateSigner())
            .UseStatusStore(_ => Store)
            .ConfigureOnlinePolicy(p => p with
            {
                HostResolver = (host, _) => ValueTask.FromResult(host == "issuer.example" ? new[] { PublicStandIn } : throw new System.Net.Sockets.SocketException(11001)),
                ConnectEndpointOverride = e => e.Address.Equals(PublicStandIn) ? new IPEndPoint(IPAddress.Loopback, Server.Port) : e,
                ServerCertificateValidation = Server.Validation,
            });
        more?.Invoke(mc);
        var host = builder.Build();
        _hosts.Add(host);
        await host.StartAsync();
        return host;
    }

    /// <summary>Signs the current list with the issuer of <paramref name="host"/> and serves it.</summary>
    public async Task<JsonObject> PublishAsync(IHost host, TimeSpan? maxAge = null)
    {
        var list = await host.Services.GetRequiredService<MicroCredentialsIssuers>().Get("university").BuildStatusListAsync();
        var route = new LocalHttpsServer.Route(Encoding.UTF8.GetBytes(list.ToJsonString()), "application/vc+ld+json");
        if (maxAge is { } age)
        {
            route = route.WithHeader("Cache-Control", $"max-age={(int)age.TotalSeconds}");
        }

        Server.Routes[ListPath] = route;
        return list;
    }

    public void Dispose()
    {
        foreach (var host in _hosts)
        {
            host.StopAsync().GetAwaiter().GetResult();
            host.Dispose();
        }

        Server.Dispose();
        Key.Dispose();
    }
}

/// <summary>Collects log entries (level, event id, category, message) from every logger of a host.</summary>
internal sealed class TestLogs : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, EventId Id, string Category, string Message)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public bool Has(int eventId) => Entries.Any(e => e.Id.Id == eventId);

    public void Dispose()
    {
    }

    private sealed class Logger(TestLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue((logLevel, eventId, category, formatter(state, exception)));
    }
}
