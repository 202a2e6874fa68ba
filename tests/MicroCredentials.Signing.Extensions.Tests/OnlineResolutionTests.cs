using System.Net;
using MicroCredentials.Signing.Extensions.Tests.Support;
using MicroCredentials.Signing.Status;
using MicroCredentials.Signing.Tests.Online;
using MicroCredentials.Signing.Verification;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace MicroCredentials.Signing.Extensions.Tests;

/// <summary>Online resolution through the IHttpClientFactory client: the guarded handler and the retry pipeline.</summary>
public sealed class OnlineResolutionTests : IDisposable
{
    private readonly World _world = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task ATransientServerErrorIsRetriedAndThenReportedIndeterminateNeverValid()
    {
        var host = await _world.StartHostAsync(new() { ["MicroCredentials:Verifier:MaxRetries"] = "2" });
        var credential = await host.Services.GetRequiredService<MicroCredentialsIssuers>().Get("university").IssueAsync(_world.Elements);
        _world.Server.Routes[World.ListPath] = new LocalHttpsServer.Route("{}"u8.ToArray(), Status: 503);

        var report = await host.Services.GetRequiredService<MicroCredentialsVerifier>().VerifyAsync(credential);
        Assert.Equal(VerificationOutcome.Indeterminate, report.Outcome);
        Assert.True(report.HasCode(VerificationSteps.Status, StatusErrorCodes.StatusRetrievalError), string.Join("; ", report.Failures));
        Assert.Equal(3, _world.ListFetches); // the GET and two retries

        // The server recovers: the next verification fetches again (failures are never cached) and passes.
        await _world.PublishAsync(host);
        var again = await host.Services.GetRequiredService<MicroCredentialsVerifier>().VerifyAsync(credential);
        Assert.True(again.Verified, string.Join("; ", again.Failures));
    }

    [Fact]
    public async Task TheAddressGuardRefusesAHostResolvingToLoopbackAndTheRefusalIsNotRetried()
    {
        var host = await _world.StartHostAsync(more: b => b.ConfigureOnlinePolicy(p => p with
        {
            HostResolver = (_, _) => ValueTask.FromResult(new[] { IPAddress.Loopback }),
        }));
        var credential = await host.Services.GetRequiredService<MicroCredentialsIssuers>().Get("university").IssueAsync(_world.Elements);
        await _world.PublishAsync(host);

        var report = await host.Services.GetRequiredService<MicroCredentialsVerifier>().VerifyAsync(credential);
        Assert.False(report.Verified);
        var status = Assert.Single(report.Checks, c => c.Check == VerificationSteps.Status && c.Status == CheckStatus.Failed);
        Assert.Equal(StatusErrorCodes.StatusRetrievalError, status.Code);
        Assert.Contains("may not be contacted", status.Message);
        Assert.Equal(0, _world.Server.Connections);
    }

    [Fact]
    public async Task TheFactoryClientIsTheOneOnlineResolutionUses()
    {
        var host = await _world.StartHostAsync();
        var factory = host.Services.GetRequiredService<IHttpClientFactory>();
        using var client = factory.CreateClient(MicroCredentialsServiceCollectionExtensions.HttpClientName);
        Assert.Equal(Timeout.InfiniteTimeSpan, client.Timeout);

        // The guard sits in the primary handler of the named client: a direct GET to a loopback literal is refused on connect.
        var error = await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetAsync($"https://127.0.0.1:{_world.Server.Port}/status/1"));
        Assert.True(MicroCredentials.Signing.Online.GuardedHttpHandler.IsAddressRefusal(error), error.ToString());
        Assert.Equal(0, _world.Server.Connections);
    }

    [Fact]
    public async Task ANotFoundListIsNotRetried()
    {
        var host = await _world.StartHostAsync(new() { ["MicroCredentials:Verifier:MaxRetries"] = "3" });
        var credential = await host.Services.GetRequiredService<MicroCredentialsIssuers>().Get("university").IssueAsync(_world.Elements);
        _world.Server.Routes[World.ListPath] = new LocalHttpsServer.Route("{}"u8.ToArray(), Status: 404);

        var report = await host.Services.GetRequiredService<MicroCredentialsVerifier>().VerifyAsync(credential);
        Assert.False(report.Verified);
        Assert.True(report.HasCode(VerificationSteps.Status, StatusErrorCodes.StatusRetrievalError));
        Assert.Equal(1, _world.ListFetches);
    }

    [Fact]
    public async Task TheServersMaxAgeShortensTheSharedCacheLifetime()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var host = await _world.StartHostAsync(time: time);
        var credential = await host.Services.GetRequiredService<MicroCredentialsIssuers>().Get("university").IssueAsync(_world.Elements);
        await _world.PublishAsync(host, maxAge: TimeSpan.FromSeconds(30)); // the list says 5 minutes, the server 30 s
        var verifier = host.Services.GetRequiredService<MicroCredentialsVerifier>();
        Assert.True((await verifier.VerifyAsync(credential)).Verified);
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.True((await verifier.VerifyAsync(credential)).Verified);
        Assert.Equal(1, _world.ListFetches);
        time.Advance(TimeSpan.FromSeconds(11));
        Assert.True((await verifier.VerifyAsync(credential)).Verified);
        Assert.Equal(2, _world.ListFetches);
    }
}
