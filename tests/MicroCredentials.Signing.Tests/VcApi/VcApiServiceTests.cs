using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Mapping;
using MicroCredentials.Signing.Model;
using MicroCredentials.Signing.Presentations;
using MicroCredentials.Signing.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Xunit;
using MicroCredentials.Signing.Dids;

namespace MicroCredentials.Signing.Tests.VcApi;

/// <summary>Starts the sample VC API on a loopback port and talks to it over real HTTP.</summary>
public sealed class VcApiServiceTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mcred-vcapi-" + Guid.NewGuid().ToString("N"));
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _app = await MicroCredentials.Signing.VcApi.Program.BuildAsync([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["VcApi:KeyFile"] = Path.Combine(_dir, "key.json"),
                ["VcApi:StatusDatabase"] = Path.Combine(_dir, "status.db"),
                ["VcApi:StatusListUrl"] = "https://issuer.example.edu/status/1",
            });
        });
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_app.Urls.Single()) };
        Assert.StartsWith("http://127.0.0.1:", _http.BaseAddress!.ToString(), StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task IssuedCredentialVerifies()
    {
        var signed = await IssueAsync(withStatus: false);
        Assert.NotNull(signed["proof"]);

        var (status, body) = await PostAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = signed.DeepClone() });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True((bool)body["verified"]!);
        Assert.Empty(body["problemDetails"]!.AsArray());
    }

    [Fact]
    public async Task RevokedCredentialFailsWith400AndProblemDetails()
    {
        var signed = await IssueAsync(withStatus: true);
        var (before, _) = await PostAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = signed.DeepClone() });
        Assert.Equal(HttpStatusCode.OK, before);

        var (updated, _) = await PostAsync("/credentials/status", new JsonObject { ["credentialStatus"] = signed["credentialStatus"]!.DeepClone(), ["status"] = 1 });
        Assert.Equal(HttpStatusCode.OK, updated);

        var (after, body) = await PostAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = signed.DeepClone() });
        Assert.Equal(HttpStatusCode.BadRequest, after);
        Assert.False((bool)body["verified"]!);
        Assert.Contains(body["problemDetails"]!.AsArray(), p => (string?)p!["title"] == "CREDENTIAL_REVOKED");
    }

    [Fact]
    public async Task TamperedCredentialFails()
    {
        var signed = await IssueAsync(withStatus: false);
        signed["credentialSubject"]!["achievement"]!["name"] = "Something else";
        var (status, body) = await PostAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = signed });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(body["problemDetails"]!.AsArray(), p => (string?)p!["title"] == "PROOF_VERIFICATION_ERROR");
    }

    [Fact]
    public async Task IssuingForAnotherIssuerIsRefused()
    {
        var credential = await UnsignedAsync();
        credential["issuer"]!["id"] = "did:example:someone-else";
        var (status, body) = await PostAsync("/credentials/issue", new JsonObject { ["credential"] = credential });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("INVALID_ISSUER", (string?)body["problemDetails"]![0]!["title"]);
    }

    [Fact]
    public async Task MalformedRequestsAre400()
    {
        var (issue, _) = await PostAsync("/credentials/issue", new JsonObject { ["nothing"] = 1 });
        var (verify, _) = await PostAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = 42 });
        var (vp, _) = await PostAsync("/presentations/verify", new JsonObject());
        Assert.Equal(HttpStatusCode.BadRequest, issue);
        Assert.Equal(HttpStatusCode.BadRequest, verify);
        Assert.Equal(HttpStatusCode.BadRequest, vp);
    }

    [Fact]
    public async Task PresentationVerifiesWithTheRightChallengeOnly()
    {
        var signed = await IssueAsync(withStatus: false);
        using var holder = KeyFile.Generate(KeyAlgorithm.Ed25519);
        var vp = VerifiablePresentations.Create(holder.Controller, [signed]);
        var signedVp = await VerifiablePresentations.SignAsync(vp, holder.CreateSigner(), new PresentationProofOptions { Challenge = "c-123", Domain = "verifier.example" });

        var (ok, okBody) = await PostAsync("/presentations/verify", new JsonObject
        {
            ["verifiablePresentation"] = signedVp.DeepClone(),
            ["options"] = new JsonObject { ["challenge"] = "c-123", ["domain"] = "verifier.example" },
        });
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.True((bool)okBody["verified"]!);

        var (bad, badBody) = await PostAsync("/presentations/verify", new JsonObject
        {
            ["verifiablePresentation"] = signedVp.DeepClone(),
            ["options"] = new JsonObject { ["challenge"] = "another", ["domain"] = "verifier.example" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Contains(badBody["problemDetails"]!.AsArray(), p => (string?)p!["title"] == "INVALID_CHALLENGE_ERROR");
    }

    [Fact]
    public async Task StatusListIsServedSigned()
    {
        var response = await _http.GetAsync(new Uri("/status/1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains("BitstringStatusListCredential", list["type"]!.AsArray().Select(t => (string?)t));
        Assert.NotNull(list["proof"]);
    }

    private async Task<JsonObject> UnsignedAsync()
    {
        var issuer = (await _http.GetFromJsonAsync<JsonObject>(new Uri("/issuer", UriKind.Relative)))!;
        var controller = (string)issuer["controller"]!;
        var elements = MicroCredentialJson.Parse(File.ReadAllText(TestPaths.RepoFile("samples", "elements", "rich-valid.json")));
        elements = elements with { AwardingBodies = [elements.AwardingBodies[0] with { Id = controller }] };
        return OpenBadgesMapper.ToCredential(elements);
    }

    private async Task<JsonObject> IssueAsync(bool withStatus)
    {
        var request = new JsonObject { ["credential"] = await UnsignedAsync() };
        if (withStatus)
        {
            request["options"] = new JsonObject { ["credentialStatus"] = new JsonObject { ["type"] = "BitstringStatusListEntry" } };
        }

        var (status, body) = await PostAsync("/credentials/issue", request);
        Assert.Equal(HttpStatusCode.Created, status);
        return (JsonObject)body["verifiableCredential"]!.DeepClone();
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(string path, JsonObject body)
    {
        using var response = await _http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);
        var json = await response.Content.ReadFromJsonAsync<JsonObject>() ?? [];
        return (response.StatusCode, json);
    }
}
