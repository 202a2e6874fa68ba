using MicroCredentials.Signing.Extensions.Tests.Support;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Model;
using MicroCredentials.Signing.Status;
using MicroCredentials.Signing.TestSupport;
using MicroCredentials.Signing.Verification;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;
using MicroCredentials.Signing.Dids;

namespace MicroCredentials.Signing.Extensions.Tests;

public class HostingTests
{
    private static MicroCredential Elements(KeyFile key)
    {
        var elements = MicroCredentialJson.Parse(File.ReadAllText(TestPaths.RepoFile("samples", "elements", "rich-valid.json")));
        return elements with { AwardingBodies = [elements.AwardingBodies[0] with { Id = key.Controller }] };
    }

    [Fact]
    public async Task ReadmeAspNetCoreHost()
    {
        using var key = KeyFile.Generate(KeyAlgorithm.Ed25519);
        var elements = Elements(key);
        string[] args = [];

        // --- README "ASP.NET Core host" (keep in sync) ---
        var builder = Host.CreateApplicationBuilder(args);                 // WebApplication.CreateBuilder(args) alike
        builder.Services.AddMicroCredentials(builder.Configuration)          // binds "MicroCredentials": Verifier, StatusListCache, Issuers
            .AddIssuer("university", o => o.Signer = key.CreateSigner())   // or "KeyFile" in configuration; HSM/KMS signers too
            .UseStatusStore(_ => new InMemoryStatusListStore());            // SqliteStatusListStore / PostgreSqlStatusListStore
        using var host = builder.Build();
        await host.StartAsync();                                             // options are validated here
        var issuer = host.Services.GetRequiredService<MicroCredentialsIssuers>().Get("university");
        var credential = await issuer.IssueAsync(elements);                  // OB 3.0 + eddsa-rdfc-2022, logged
        var report = await host.Services.GetRequiredService<MicroCredentialsVerifier>().VerifyAsync(credential);
        Console.WriteLine(report.Verified);                                  // True
        // --- end ---

        Assert.True(report.Verified, string.Join("; ", report.Failures));
        await host.StopAsync();
    }

    [Fact]
    public async Task TwoNamedIssuersInOneHostSignWithTheirOwnKeysAndSuites()
    {
        using var ed = KeyFile.Generate(KeyAlgorithm.Ed25519);
        using var p256 = KeyFile.Generate(KeyAlgorithm.P256);
        var dir = Directory.CreateTempSubdirectory("mcred-keys-").FullName;
        try
        {
            var p256Path = Path.Combine(dir, "p256.json");
            await p256.SaveAsync(p256Path);
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["MicroCredentials:Issuers:faculty:KeyFile"] = p256Path,
                ["MicroCredentials:Issuers:faculty:Cryptosuite"] = "ecdsa-rdfc-2019",
                ["MicroCredentials:Issuers:faculty:StatusListUrl"] = "https://faculty.example/status/1",
            });
            builder.Services.AddMicroCredentials(builder.Configuration)
                .AddIssuer("university", o => o.Signer = ed.CreateSigner())
                .UseStatusStore(_ => new InMemoryStatusListStore());
            using var host = builder.Build();
            await host.StartAsync();
            var issuers = host.Services.GetRequiredService<MicroCredentialsIssuers>();
            Assert.Equal(["faculty", "university"], issuers.Names.Order());

            var fromFaculty = await issuers.Get("faculty").IssueAsync(Elements(p256));
            var fromUniversity = await issuers.Get("university").IssueAsync(Elements(ed));
            Assert.Equal("ecdsa-rdfc-2019", (string?)fromFaculty["proof"]!["cryptosuite"]);
            Assert.Equal("eddsa-rdfc-2022", (string?)fromUniversity["proof"]!["cryptosuite"]);
            Assert.Equal("https://faculty.example/status/1", (string?)fromFaculty["credentialStatus"]!["statusListCredential"]);
            Assert.Null(fromUniversity["credentialStatus"]);

            var verifier = host.Services.GetRequiredService<MicroCredentialsVerifier>();
            Assert.True((await verifier.VerifyAsync(fromUniversity)).Verified);

            // Offline verifier, no status resolver: the faculty credential's status cannot be established.
            var report = await verifier.VerifyAsync(fromFaculty);
            Assert.Equal(VerificationOutcome.Indeterminate, report.Outcome);
            Assert.Throws<KeyNotFoundException>(() => issuers.Get("nobody"));
            await host.StopAsync();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task InvalidOptionsStopTheHostAtStartWithEveryProblemNamed()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MicroCredentials:Verifier:FetchTimeout"] = "00:10:00",
            ["MicroCredentials:Verifier:AllowedOrigins:0"] = "http://plain.example",
            ["MicroCredentials:StatusListCache:DefaultTimeToLive"] = "02:00:00",
            ["MicroCredentials:Issuers:broken:KeyFile"] = "/nonexistent/key.json",
            ["MicroCredentials:Issuers:broken:Cryptosuite"] = "rot13-2024",
            ["MicroCredentials:Issuers:broken:StatusListUrl"] = "https://broken.example/status/1",
        });
        builder.Services.AddMicroCredentials(builder.Configuration);
        using var host = builder.Build();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());
        var all = error is AggregateException agg ? string.Join("\n", agg.InnerExceptions.Select(e => e.Message)) : error.Message;
        Assert.Contains("FetchTimeout", all);
        Assert.Contains("http://plain.example", all);
        Assert.Contains("DefaultTimeToLive must not exceed MaxTimeToLive", all);
        Assert.Contains("Issuers:broken:KeyFile", all);
        Assert.Contains("rot13-2024", all);
        Assert.Contains("needs a status store", all);
        Assert.All(error is AggregateException a ? a.InnerExceptions : [error], e => Assert.IsType<OptionsValidationException>(e));
    }

    [Fact]
    public async Task ValidOptionsStartAndAreBoundFromConfiguration()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MicroCredentials:Verifier:ClockSkew"] = "00:01:00",
            ["MicroCredentials:Verifier:TrustedStatusListIssuers:0"] = "did:web:status.example",
            ["MicroCredentials:StatusListCache:KeyPrefix"] = "tenant-a:",
        });
        builder.Services.AddMicroCredentials(builder.Configuration, o => o.Verifier.MaxRetries = 4);
        using var host = builder.Build();
        await host.StartAsync();
        var options = host.Services.GetRequiredService<IOptions<MicroCredentialsOptions>>().Value;
        Assert.Equal(TimeSpan.FromMinutes(1), options.Verifier.ClockSkew);
        Assert.Equal(4, options.Verifier.MaxRetries);
        Assert.Equal("tenant-a:", options.StatusListCache.KeyPrefix);
        var verifier = host.Services.GetRequiredService<CredentialVerifier>();
        Assert.Equal(TimeSpan.FromMinutes(1), verifier.Options.ClockSkew);
        Assert.Equal(["did:web:status.example"], verifier.Options.TrustedStatusListIssuers);
        Assert.Same(host.Services.GetRequiredService<TimeProvider>(), verifier.Options.TimeProvider);
        await host.StopAsync();
    }

    [Fact]
    public async Task ASuiteThatDoesNotTakeTheSignersKeyStopsTheHost()
    {
        using var ed = KeyFile.Generate(KeyAlgorithm.Ed25519);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddMicroCredentials().AddIssuer("mismatch", o =>
        {
            o.Signer = ed.CreateSigner();
            o.Cryptosuite = "ecdsa-rdfc-2019";
        });
        using var host = builder.Build();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("Issuers:mismatch:Cryptosuite", error.Message);
        Assert.Contains("ecdsa-rdfc-2019", error.Message);
    }
}
