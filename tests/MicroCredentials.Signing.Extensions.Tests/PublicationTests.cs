using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Extensions.Tests.Support;
using MicroCredentials.Signing.Status;
using MicroCredentials.Signing.Verification;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace MicroCredentials.Signing.Extensions.Tests;

/// <summary>Revocations followed by re-encoding, re-signing and publication to a folder (a static site or CDN origin).</summary>
public sealed class PublicationTests : IDisposable
{
    private readonly World _world = new();
    private readonly string _site = Directory.CreateTempSubdirectory("mcred-site-").FullName;

    public void Dispose()
    {
        _world.Dispose();
        Directory.Delete(_site, recursive: true);
    }

    [Fact]
    public async Task RevocationsRepublishTheAffectedListOnceAndTheFolderCopyVerifies()
    {
        var host = await _world.StartHostAsync(more: b => b.UseStatusListPublisher(_ => new FolderStatusListPublisher(_site) { FileExtension = ".json" }));
        var issuer = host.Services.GetRequiredService<MicroCredentialsIssuers>().Get("university");
        var credentials = new List<JsonObject>();
        for (var i = 0; i < 5; i++)
        {
            credentials.Add(await issuer.IssueAsync(_world.Elements));
        }

        Assert.Empty(issuer.ChangedLists);
        await issuer.SetStatusAsync(credentials[1]["credentialStatus"]!.AsObject(), 1);
        await issuer.SetStatusAsync(credentials[3]["credentialStatus"]!.AsObject(), 1);
        Assert.Equal([World.ListUrl], issuer.ChangedLists);

        var published = Assert.Single(await issuer.PublishChangedListsAsync());
        Assert.Empty(issuer.ChangedLists);
        Assert.Empty(await issuer.PublishChangedListsAsync());

        var file = Path.Combine(_site, "status", "1.json");
        var bytes = await File.ReadAllBytesAsync(file);
        Assert.Equal(published.Content.ToArray(), bytes);
        Assert.Equal(TimeSpan.FromMinutes(5), published.TimeToLive);
        Assert.Equal("\"" + Convert.ToBase64String(SHA256.HashData(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "\"", await File.ReadAllTextAsync(file + ".etag"));

        // A verifier reading the published file sees exactly the two revocations.
        var verifier = new CredentialVerifier(new CredentialVerifierOptions
        {
            StatusListResolver = StaticStatusListResolver.FromFiles(new Dictionary<string, string> { [World.ListUrl] = file }),
        });
        for (var i = 0; i < credentials.Count; i++)
        {
            var report = await verifier.VerifyAsync(credentials[i]);
            Assert.True(report.Verified == (i is not 1 and not 3), $"credential {i}: {string.Join("; ", report.Failures)}");
        }

        // A later revocation republishes the list with the new bit too.
        await issuer.SetStatusAsync(credentials[0]["credentialStatus"]!.AsObject(), 1);
        var again = Assert.Single(await issuer.PublishChangedListsAsync());
        Assert.NotEqual(published.ETag, again.ETag);
        Assert.True((await verifier.VerifyAsync(credentials[0])).Verified); // this verifier caches the list for its ttl (5 minutes)
        var fresh = new CredentialVerifier(new CredentialVerifierOptions
        {
            StatusListResolver = StaticStatusListResolver.FromFiles(new Dictionary<string, string> { [World.ListUrl] = file }),
        });
        Assert.False((await fresh.VerifyAsync(credentials[0])).Verified);
    }

    [Fact]
    public async Task AFailedPublicationKeepsTheListMarkedForTheNextAttempt()
    {
        var failing = new FailingOncePublisher(new FolderStatusListPublisher(_site));
        var host = await _world.StartHostAsync(more: b => b.UseStatusListPublisher(_ => failing));
        var issuer = host.Services.GetRequiredService<MicroCredentialsIssuers>().Get("university");
        var credential = await issuer.IssueAsync(_world.Elements);
        await issuer.SetStatusAsync(credential["credentialStatus"]!.AsObject(), 1);

        await Assert.ThrowsAsync<IOException>(() => issuer.PublishChangedListsAsync());
        Assert.Equal([World.ListUrl], issuer.ChangedLists);
        Assert.Single(await issuer.PublishChangedListsAsync());
        Assert.True(File.Exists(Path.Combine(_site, "status", "1")));
    }

    [Theory]
    [InlineData("https://cdn.example/")]
    [InlineData("https://cdn.example/status/")]
    [InlineData("https://cdn.example/a%5C..%5C..%5Cetc")]
    [InlineData("https://cdn.example/a/%2e%2e/%2e%2e/etc")]
    public void TheFolderPublisherRefusesPathsOutsideItsRoot(string url)
    {
        var publisher = new FolderStatusListPublisher(_site);
        var path = Record.Exception(() => publisher.PathOf(url));
        if (path is null)
        {
            // Only acceptable if the URL's path was normalised to one inside the root.
            Assert.StartsWith(_site + Path.DirectorySeparatorChar, Path.GetFullPath(publisher.PathOf(url)));
        }
        else
        {
            Assert.IsType<ArgumentException>(path);
        }
    }

    private sealed class FailingOncePublisher(IStatusListPublisher inner) : IStatusListPublisher
    {
        private int _calls;

        public Task PublishAsync(PublishedStatusList list, CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _calls) == 1 ? throw new IOException("disk full") : inner.PublishAsync(list, cancellationToken);
    }
}
