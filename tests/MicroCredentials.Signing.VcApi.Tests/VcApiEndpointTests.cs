using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Presentations;
using MicroCredentials.Signing.VcApi.Tests.Support;
using Xunit;
using MicroCredentials.Signing.Dids;

namespace MicroCredentials.Signing.VcApi.Tests;

/// <summary>The VC API endpoints and bodies over the SQLite store (moved here from MicroCredentials.Signing.Tests).</summary>
public sealed class VcApiEndpointTests : IClassFixture<VcApiEndpointTests.Factory>, IDisposable
{
    private readonly Factory _factory;
    private readonly HttpClient _http;

    public VcApiEndpointTests(Factory factory)
    {
        _factory = factory;
        _http = factory.ClientWithToken("credentials:issue credentials:status");
    }

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task IssuedCredentialVerifies()
    {
        var signed = await _http.IssueAsync(await _factory.UnsignedAsync(_http), withStatus: false);
        Assert.NotNull(signed["proof"]);

        var (status, body, _) = await _http.PostAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = signed.DeepClone() });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True((bool)body["verified"]!);
        Assert.Empty(body["problemDetails"]!.AsArray());
    }

    [Fact]
    public async Task RevokedByCredentialIdFailsWith400AndProblemDetails()
    {
        var signed = await _http.IssueAsync(await _factory.UnsignedAsync(_http), withStatus: true);
        var id = (string)signed["id"]!;
        var (before, _, _) = await _http.PostAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = signed.DeepClone() });
        Assert.Equal(HttpStatusCode.OK, before);

        var (updated, _, _) = await _http.PostAsync("/credentials/status", new JsonObject
        {
            ["credentialId"] = id,
            ["credentialStatus"] = new JsonArray(new JsonObject { ["type"] = "BitstringStatusListCredential", ["status"] = "revoked" }),
        });
        Assert.Equal(HttpStatusCode.OK, updated);

        var (after, body, _) = await _http.PostAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = signed.DeepClone() });
        Assert.Equal(HttpStatusCode.BadRequest, after);
        Assert.False((bool)body["verified"]!);
        Assert.Contains(body["problemDetails"]!.AsArray(), p => (string?)p!["title"] == "CREDENTIAL_REVOKED");

        var (reinstated, _, _) = await _http.PostAsync("/credentials/status", new JsonObject
        {
            ["credentialId"] = id,
            ["credentialStatus"] = new JsonArray(new JsonObject { ["type"] = "BitstringStatusListCredential", ["status"] = "active" }),
        });
        Assert.Equal(HttpStatusCode.OK, reinstated);
        var (again, _, _) = await _http.PostAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = signed.DeepClone() });
        Assert.Equal(HttpStatusCode.OK, again);
    }

    [Fact]
    public async Task StatusEntryFormStillRevokes()
    {
        var signed = await _http.IssueAsync(await _factory.UnsignedAsync(_http), withStatus: true);
        var (updated, _, _) = await _http.PostAsync("/credentials/status", new JsonObject { ["credentialStatus"] = signed["credentialStatus"]!.DeepClone(), ["status"] = 1 });
        Assert.Equal(HttpStatusCode.OK, updated);

        var (after, body, _) = await _http.PostAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = signed.DeepClone() });
        Assert.Equal(HttpStatusCode.BadRequest, after);
        Assert.Contains(body["problemDetails"]!.AsArray(), p => (string?)p!["title"] == "CREDENTIAL_REVOKED");
    }

    [Fact]
    public async Task UnknownCredentialIdIs404Problem()
    {
        var (status, body, response) = await _http.PostAsync("/credentials/status", new JsonObject
        {
            ["credentialId"] = "urn:uuid:00000000-0000-0000-0000-000000000000",
            ["credentialStatus"] = new JsonArray(new JsonObject { ["type"] = "BitstringStatusListCredential", ["status"] = "revoked" }),
        });
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("CREDENTIAL_NOT_FOUND", (string?)body["code"]);
    }

    [Fact]
    public async Task SameCredentialIdTwiceWithStatusIs409()
    {
        var credential = await _factory.UnsignedAsync(_http);
        credential["id"] = "urn:uuid:" + Guid.NewGuid();
        await _http.IssueAsync(credential, withStatus: true);

        var request = new JsonObject
        {
            ["credential"] = credential.DeepClone(),
            ["options"] = new JsonObject { ["credentialStatus"] = new JsonObject { ["type"] = "BitstringStatusListEntry" } },
        };
        var (status, body, _) = await _http.PostAsync("/credentials/issue", request);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("DUPLICATE_CREDENTIAL", (string?)body["code"]);
    }

    [Fact]
    public async Task TamperedCredentialFails()
    {
        var signed = await _http.IssueAsync(await _factory.UnsignedAsync(_http), withStatus: false);
        signed["credentialSubject"]!["achievement"]!["name"] = "Something else";
        var (status, body, _) = await _http.PostAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = signed });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(body["problemDetails"]!.AsArray(), p => (string?)p!["title"] == "PROOF_VERIFICATION_ERROR");
    }

    [Fact]
    public async Task IssuingForAnotherIssuerIsRefused()
    {
        var credential = await _factory.UnsignedAsync(_http);
        credential["issuer"]!["id"] = "did:example:someone-else";
        var (status, body, response) = await _http.PostAsync("/credentials/issue", new JsonObject { ["credential"] = credential });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("INVALID_ISSUER", (string?)body["code"]);
        Assert.Equal(400, (int?)body["status"]);
        Assert.Equal(Problems.TypeBase + "INVALID_ISSUER", (string?)body["type"]);
    }

    [Fact]
    public async Task MalformedRequestsAre400Problems()
    {
        foreach (var (path, body) in new (string, JsonObject)[]
        {
            ("/credentials/issue", new JsonObject { ["nothing"] = 1 }),
            ("/credentials/verify", new JsonObject { ["verifiableCredential"] = 42 }),
            ("/presentations/verify", new JsonObject()),
            ("/credentials/status", new JsonObject { ["credentialId"] = "x" }),
        })
        {
            var (status, problem, response) = await _http.PostAsync(path, body);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("INVALID_REQUEST", (string?)problem["code"]);
        }
    }

    [Fact]
    public async Task FrameworkErrorsAreProblemsToo()
    {
        using var notJson = await _http.PostAsync(new Uri("/credentials/verify", UriKind.Relative), new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        using var wrongType = await _http.PostAsync(new Uri("/credentials/verify", UriKind.Relative), new StringContent("{}", System.Text.Encoding.UTF8, "text/plain"));
        using var missing = await _http.GetAsync(new Uri("/no/such/endpoint", UriKind.Relative));
        using var otherList = await _http.GetAsync(new Uri("/status/2", UriKind.Relative));

        foreach (var (response, status) in new[] { (notJson, 400), (wrongType, 415), (missing, 404), (otherList, 404) })
        {
            Assert.Equal(status, (int)response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal(status, (int?)problem["status"]);
            Assert.NotNull((string?)problem["code"]);
        }
    }

    [Fact]
    public async Task PresentationVerifiesWithTheRightChallengeOnly()
    {
        var signed = await _http.IssueAsync(await _factory.UnsignedAsync(_http), withStatus: false);
        using var holder = KeyFile.Generate(KeyAlgorithm.Ed25519);
        var vp = VerifiablePresentations.Create(holder.Controller, [signed]);
        var signedVp = await VerifiablePresentations.SignAsync(vp, holder.CreateSigner(), new PresentationProofOptions { Challenge = "c-123", Domain = "verifier.example" });

        var (ok, okBody, _) = await _http.PostAsync("/presentations/verify", new JsonObject
        {
            ["verifiablePresentation"] = signedVp.DeepClone(),
            ["options"] = new JsonObject { ["challenge"] = "c-123", ["domain"] = "verifier.example" },
        });
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.True((bool)okBody["verified"]!);

        var (bad, badBody, _) = await _http.PostAsync("/presentations/verify", new JsonObject
        {
            ["verifiablePresentation"] = signedVp.DeepClone(),
            ["options"] = new JsonObject { ["challenge"] = "another", ["domain"] = "verifier.example" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Contains(badBody["problemDetails"]!.AsArray(), p => (string?)p!["title"] == "INVALID_CHALLENGE_ERROR");
    }

    [Fact]
    public async Task StatusListHasETagCacheControlAndAnswers304()
    {
        using var anonymous = _factory.CreateClient();
        using var first = await anonymous.GetAsync(new Uri("/status/1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var list = (await first.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains("BitstringStatusListCredential", list["type"]!.AsArray().Select(t => (string?)t));
        Assert.NotNull(list["proof"]);
        Assert.Equal(300_000, (long)list["credentialSubject"]!["ttl"]!);
        Assert.Equal(TimeSpan.FromSeconds(300), first.Headers.CacheControl?.MaxAge);
        Assert.True(first.Headers.CacheControl?.Public);
        var etag = first.Headers.ETag ?? throw new InvalidOperationException("no ETag");
        Assert.False(etag.IsWeak);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/status/1");
        conditional.Headers.IfNoneMatch.Add(etag);
        using var notModified = await anonymous.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(etag, notModified.Headers.ETag);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        // A revocation changes the bits, hence the ETag: the old one no longer matches.
        var signed = await _http.IssueAsync(await _factory.UnsignedAsync(_http), withStatus: true);
        await _http.PostAsync("/credentials/status", new JsonObject
        {
            ["credentialId"] = (string)signed["id"]!,
            ["credentialStatus"] = new JsonArray(new JsonObject { ["type"] = "BitstringStatusListCredential", ["status"] = "revoked" }),
        });
        using var stale = new HttpRequestMessage(HttpMethod.Get, "/status/1");
        stale.Headers.IfNoneMatch.Add(etag);
        using var changed = await anonymous.SendAsync(stale);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
    }

    [Fact]
    public async Task UnchangedListIsServedAsTheSameBytes()
    {
        using var anonymous = _factory.CreateClient();
        var a = await anonymous.GetByteArrayAsync(new Uri("/status/1", UriKind.Relative));
        var b = await anonymous.GetByteArrayAsync(new Uri("/status/1", UriKind.Relative));
        Assert.Equal(a, b);
    }

    public sealed class Factory() : VcApiFactory();
}
