using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.VcApi.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.VcApi.Tests;

/// <summary>Issuing and status changes need a token with the scope (or an API key granting it); verifying is public.</summary>
public sealed class AuthenticationTests(AuthenticationTests.Factory factory) : IClassFixture<AuthenticationTests.Factory>
{
    [Fact]
    public async Task IssueWithoutTokenIs401ProblemWithBearerChallenge()
    {
        using var http = factory.CreateClient();
        var (status, body, response) = await http.PostAsync("/credentials/issue", await IssueRequestAsync(http));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("UNAUTHENTICATED", (string?)body["code"]);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task IssueWithTheWrongScopeIs403Problem()
    {
        using var http = factory.ClientWithToken("credentials:status");
        var (status, body, response) = await http.PostAsync("/credentials/issue", await IssueRequestAsync(http));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("INSUFFICIENT_SCOPE", (string?)body["code"]);
    }

    [Fact]
    public async Task StatusChangeWithOnlyTheIssueScopeIs403()
    {
        using var http = factory.ClientWithToken("credentials:issue");
        var (status, _, _) = await http.PostAsync("/credentials/status", new JsonObject
        {
            ["credentialId"] = "urn:uuid:1",
            ["credentialStatus"] = new JsonArray(new JsonObject { ["type"] = "BitstringStatusListCredential", ["status"] = "revoked" }),
        });

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task ExpiredTokenIs401()
    {
        using var http = factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", factory.Token("credentials:issue", lifetime: TimeSpan.FromMinutes(-10)));
        var (status, body, response) = await http.PostAsync("/credentials/issue", await IssueRequestAsync(http));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("UNAUTHENTICATED", (string?)body["code"]);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Parameter?.Contains("expired", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task TokenSignedByAnotherKeyIs401()
    {
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var http = factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", factory.Token("credentials:issue", signWith: forger));
        var (status, _, _) = await http.PostAsync("/credentials/issue", await IssueRequestAsync(http));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task TokenForAnotherAudienceIs401()
    {
        using var http = factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", factory.Token("credentials:issue", audience: "https://other.example"));
        var (status, _, _) = await http.PostAsync("/credentials/issue", await IssueRequestAsync(http));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task ValidTokenWithTheScopeIssues()
    {
        using var http = factory.ClientWithToken("openid credentials:issue");
        var (status, body, _) = await http.PostAsync("/credentials/issue", await IssueRequestAsync(http));

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.NotNull(body["verifiableCredential"]!["proof"]);
    }

    [Fact]
    public async Task ConfiguredApiKeyIssuesButGrantsOnlyItsScopes()
    {
        using var http = factory.CreateClient();
        http.DefaultRequestHeaders.Add("X-API-Key", VcApiFactory.ApiKey);
        var (issued, _, _) = await http.PostAsync("/credentials/issue", await IssueRequestAsync(http));
        var (status, _, _) = await http.PostAsync("/credentials/status", new JsonObject { ["credentialId"] = "urn:uuid:1", ["credentialStatus"] = new JsonArray() });

        Assert.Equal(HttpStatusCode.Created, issued);
        Assert.Equal(HttpStatusCode.Forbidden, status); // the key grants credentials:issue only
    }

    [Fact]
    public async Task WrongApiKeyIs401()
    {
        using var http = factory.CreateClient();
        http.DefaultRequestHeaders.Add("X-API-Key", VcApiFactory.ApiKey[..^1] + "X");
        var (status, body, _) = await http.PostAsync("/credentials/issue", await IssueRequestAsync(http));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("UNAUTHENTICATED", (string?)body["code"]);
    }

    [Fact]
    public async Task VerifyingNeedsNoCredentials()
    {
        using var issuer = factory.ClientWithToken("credentials:issue");
        var signed = await issuer.IssueAsync(await factory.UnsignedAsync(issuer), withStatus: false);
        using var anonymous = factory.CreateClient();

        var (status, body, _) = await anonymous.PostAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = signed });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True((bool)body["verified"]!);
    }

    private async Task<JsonObject> IssueRequestAsync(HttpClient http) => new() { ["credential"] = await factory.UnsignedAsync(http) };

    public sealed class Factory() : VcApiFactory();
}
