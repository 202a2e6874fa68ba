using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.Tests.Dids;

public class ResolverTests
{
    [Theory]
    [InlineData("did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2", "Ed25519")]
    [InlineData("did:key:zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP", "P-256")]
    [InlineData("did:key:z82LkuBieyGShVBhvtE2zoiD6Kma4tJGFtkAhxR5pfkp5QPw4LutoYWhvQCnGjdVn14kujQ", "P-384")]
    public async Task DidKeyResolvesLocallyWithAssertionMethod(string did, string algorithm)
    {
        var id = did + "#" + did["did:key:".Length..];
        var resolved = await DidKeyResolver.Instance.ResolveAsync(id);
        Assert.Equal(algorithm, resolved.Method.PublicKey.Algorithm.Name);
        Assert.Equal(did, resolved.Method.Controller);
        Assert.True(resolved.IsAuthorizedFor("assertionMethod"));
        Assert.False(resolved.IsAuthorizedFor("keyAgreement"));
    }

    [Theory]
    [InlineData("did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2")]
    [InlineData("did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkhWqdDBPojHA7cprTGTt5yHv5yUi1B8cnXn8ReLumkw6E")]
    [InlineData("did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ3#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ3")]
    [InlineData("did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme#zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme")]
    public async Task DidKeyWithoutFragmentOrWithAnotherKeyIsInvalid(string id)
    {
        var ex = await Assert.ThrowsAsync<VerificationMethodException>(async () => await DidKeyResolver.Instance.ResolveAsync(id));
        Assert.Equal(VerificationMethodErrorCodes.Invalid, ex.Code);
    }

    [Theory]
    [InlineData("oidf")]
    [InlineData("legacy")]
    public async Task StaticResolverServesTheDccDidWebDocuments(string name)
    {
        var path = TestPaths.ConformanceFile("in-the-wild", "dcc-vc-test-fixtures", "dids", name, "did.json");
        var document = (JsonObject)JsonNode.Parse(File.ReadAllText(path))!;
        var did = (string)document["id"]!;
        var resolver = new StaticControllerDocumentResolver([new(did, document)]);
        var firstAssertion = document["assertionMethod"]![0]!;
        var methodId = firstAssertion is JsonObject o ? (string)o["id"]! : ControllerDocumentsAbsolute((string)firstAssertion!, did);
        Assert.True(resolver.CanResolve(methodId));
        var resolved = await resolver.ResolveAsync(methodId);
        Assert.True(resolved.IsAuthorizedFor("assertionMethod"));
        Assert.Equal(did, resolved.Method.Controller);
    }

    [Fact]
    public async Task RelativeReferencesAndJwkMethodsResolve()
    {
        using var pair = KeyAlgorithm.P256.GenerateKeyPair();
        var doc = new JsonObject
        {
            ["id"] = "https://issuer.example/profile",
            ["verificationMethod"] = new JsonArray(new JsonObject
            {
                ["id"] = "#key-1",
                ["type"] = "JsonWebKey",
                ["controller"] = "https://issuer.example/profile",
                ["publicKeyJwk"] = Jwk.ExportPublicKey(pair.PublicKey),
            }),
            ["assertionMethod"] = new JsonArray("#key-1"),
        };
        var resolver = new StaticControllerDocumentResolver([new("https://issuer.example/profile", doc)]);
        var resolved = await resolver.ResolveAsync("https://issuer.example/profile#key-1");
        Assert.Equal(pair.PublicKey, resolved.Method.PublicKey);
        Assert.True(resolved.IsAuthorizedFor("assertionMethod"));
        Assert.False(resolved.IsAuthorizedFor("authentication"));
    }

    [Fact]
    public async Task MethodListedOnlyUnderVerificationMethodHasNoRelationship()
    {
        using var file = KeyFile.Create(KeyAlgorithm.Ed25519.GenerateKeyPair(), "did:web:issuer.example#k", "did:web:issuer.example");
        var doc = new JsonObject { ["id"] = "did:web:issuer.example", ["verificationMethod"] = new JsonArray(file.ToVerificationMethodJson()) };
        var resolver = new StaticControllerDocumentResolver([new("did:web:issuer.example", doc)]);
        var resolved = await resolver.ResolveAsync("did:web:issuer.example#k");
        Assert.Empty(resolved.Relationships);
    }

    [Fact]
    public async Task MethodOfAnotherControllerIsInvalid()
    {
        using var file = KeyFile.Create(KeyAlgorithm.Ed25519.GenerateKeyPair(), "did:web:issuer.example#k", "did:web:attacker.example");
        var doc = new JsonObject { ["id"] = "did:web:issuer.example", ["assertionMethod"] = new JsonArray(file.ToVerificationMethodJson()) };
        var resolver = new StaticControllerDocumentResolver([new("did:web:issuer.example", doc)]);
        var ex = await Assert.ThrowsAsync<VerificationMethodException>(async () => await resolver.ResolveAsync("did:web:issuer.example#k"));
        Assert.Equal(VerificationMethodErrorCodes.ControllerMismatch, ex.Code);
    }

    [Theory]
    [InlineData("did:web:w3c-ccg.github.io", "https://w3c-ccg.github.io/.well-known/did.json")]
    [InlineData("did:web:w3c-ccg.github.io:user:alice", "https://w3c-ccg.github.io/user/alice/did.json")]
    [InlineData("did:web:example.com%3A3000:user:alice", "https://example.com:3000/user/alice/did.json")]
    [InlineData("did:web:digitalcredentials.github.io:vc-test-fixtures:dids:oidf", "https://digitalcredentials.github.io/vc-test-fixtures/dids/oidf/did.json")]
    public void DidWebMapsToTheSpecifiedUrl(string did, string url) =>
        Assert.Equal(url, HttpControllerDocumentResolver.DidWebToUrl(did)!.AbsoluteUri);

    [Theory]
    [InlineData("did:web:")]
    [InlineData("did:web:example.com::x")]
    [InlineData("did:key:z6Mk")]
    public void InvalidDidWebHasNoUrl(string did) => Assert.Null(HttpControllerDocumentResolver.DidWebToUrl(did));

    [Fact]
    public async Task HttpResolverFetchesAllowedDidWebOnceAndCaches()
    {
        var path = TestPaths.ConformanceFile("in-the-wild", "dcc-vc-test-fixtures", "dids", "oidf", "did.json");
        var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(File.ReadAllText(path), Encoding.UTF8, "application/json") });
        using var client = new HttpClient(handler);
        var resolver = new HttpControllerDocumentResolver(client, new HttpControllerDocumentResolverOptions { AllowedHosts = ["digitalcredentials.github.io"] });
        var id = "did:web:digitalcredentials.github.io:vc-test-fixtures:dids:oidf#z6MkjXe1vZvPRqFuc9nRBtZ3e1Y9XKDFSbjFAfzLfW2bD6cZ";
        var first = await resolver.ResolveAsync(id);
        var second = await resolver.ResolveAsync(id);
        Assert.Equal(first.Method.PublicKey, second.Method.PublicKey);
        Assert.Equal(["https://digitalcredentials.github.io/vc-test-fixtures/dids/oidf/did.json"], handler.Requests);
    }

    [Fact]
    public async Task HttpResolverNeverContactsHostsOffTheAllowList()
    {
        var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.OK));
        using var client = new HttpClient(handler);
        var resolver = new HttpControllerDocumentResolver(client, new HttpControllerDocumentResolverOptions { AllowedHosts = ["good.example"] });
        Assert.False(resolver.CanResolve("did:web:evil.example#k"));
        Assert.False(resolver.CanResolve("http://good.example/k"));
        await Assert.ThrowsAsync<VerificationMethodException>(async () => await resolver.ResolveAsync("https://evil.example/issuer#k"));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task HttpResolverRefusesOversizedDocuments()
    {
        var big = "{\"id\":\"https://good.example/p\",\"x\":\"" + new string('a', 5000) + "\"}";
        var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big))) });
        using var client = new HttpClient(handler);
        var resolver = new HttpControllerDocumentResolver(client, new HttpControllerDocumentResolverOptions { AllowedHosts = ["good.example"], MaxResponseBytes = 1000 });
        var ex = await Assert.ThrowsAsync<VerificationMethodException>(async () => await resolver.ResolveAsync("https://good.example/p#k"));
        Assert.Contains("exceeds", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpResolverRefusesARedirectOffTheAllowList()
    {
        var handler = new StubHandler(request =>
        {
            // Simulates a client that followed a redirect: the final request is on another host.
            request.RequestUri = new Uri("https://evil.example/did.json");
            return new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = new StringContent("{}") };
        });
        using var client = new HttpClient(handler);
        var resolver = new HttpControllerDocumentResolver(client, new HttpControllerDocumentResolverOptions { AllowedHosts = ["good.example"] });
        var ex = await Assert.ThrowsAsync<VerificationMethodException>(async () => await resolver.ResolveAsync("did:web:good.example#k"));
        Assert.Contains("redirected", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpResolverTimesOut()
    {
        var handler = new StubHandler(null, hang: true);
        using var client = new HttpClient(handler);
        var resolver = new HttpControllerDocumentResolver(client, new HttpControllerDocumentResolverOptions { AllowedHosts = ["slow.example"], Timeout = TimeSpan.FromMilliseconds(50) });
        var ex = await Assert.ThrowsAsync<VerificationMethodException>(async () => await resolver.ResolveAsync("https://slow.example/p#k"));
        Assert.Contains("timed out", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpResolverFollowsAMethodUrlToItsController()
    {
        using var file = KeyFile.Create(KeyAlgorithm.Ed25519.GenerateKeyPair(), "https://issuer.example/keys/1", "https://issuer.example/profile");
        var method = file.ToVerificationMethodJson();
        var profile = new JsonObject { ["id"] = "https://issuer.example/profile", ["assertionMethod"] = new JsonArray(method.DeepClone()) };
        var handler = new StubHandler(request => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent(request.RequestUri!.AbsolutePath == "/keys/1" ? method.ToJsonString() : profile.ToJsonString()),
        });
        using var client = new HttpClient(handler);
        var resolver = new HttpControllerDocumentResolver(client, new HttpControllerDocumentResolverOptions { AllowedHosts = ["issuer.example"] });
        var resolved = await resolver.ResolveAsync("https://issuer.example/keys/1");
        Assert.True(resolved.IsAuthorizedFor("assertionMethod"));
        Assert.Equal("https://issuer.example/profile", resolved.Method.Controller);
    }

    [Fact]
    public async Task CompositeDispatchesByMethod()
    {
        var composite = new CompositeVerificationMethodResolver(DidKeyResolver.Instance, new StaticControllerDocumentResolver([]));
        Assert.True(composite.CanResolve("did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"));
        var ex = await Assert.ThrowsAsync<VerificationMethodException>(async () => await composite.ResolveAsync("did:web:nobody.example#k"));
        Assert.Equal(VerificationMethodErrorCodes.Unsupported, ex.Code);
    }

    private static string ControllerDocumentsAbsolute(string reference, string did) => reference.StartsWith('#') ? did + reference : reference;

    private sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage>? respond, bool hang = false) : HttpMessageHandler
    {
        public List<string> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request.RequestUri!.AbsoluteUri);
            if (hang)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return respond!(request);
        }
    }
}
