using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.JsonLd;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Online;
using MicroCredentials.Signing.Status;
using MicroCredentials.Signing.Tests.Hostile;
using MicroCredentials.Signing.Tests.Support;
using MicroCredentials.Signing.Verification;
using Xunit;

namespace MicroCredentials.Signing.Tests.Online;

/// <summary>
/// Issue 13 §2: online resolution against a loopback HTTPS server that stands in for public hosts. Test DNS maps
/// <c>issuer.example</c> to a public address and the internal connect hook sends that (and only that) address to the
/// server, so every check of the real connect path runs; nothing here touches the internet.
/// </summary>
public sealed class OnlineResolutionTests : IDisposable
{
    private const string Did = "did:web:issuer.example";
    private const string KeyId = Did + "#key-1";
    private const string ListUrl = "https://issuer.example/status/1";
    private static readonly IPAddress PublicStandIn = IPAddress.Parse("93.184.216.34");

    private readonly LocalHttpsServer _server = new();
    private readonly ConcurrentQueue<IPEndPoint> _connected = new();
    private readonly KeyPair _pair = HostileFixture.IssuerEd25519();

    public void Dispose() => _server.Dispose();

    private Dictionary<string, IPAddress[]> Dns { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["issuer.example"] = [PublicStandIn],
        ["internal.example"] = [IPAddress.Parse("10.0.0.7")],
        ["loopback.example"] = [IPAddress.Loopback],
        ["mapped.example"] = [IPAddress.Parse("::ffff:127.0.0.1")],
    };

    private OnlineResolutionOptions Policy(Func<string, CancellationToken, ValueTask<IPAddress[]>>? resolver = null) => new()
    {
        HostResolver = resolver ?? ((host, _) => ValueTask.FromResult(Dns.TryGetValue(host, out var a) ? a : throw new System.Net.Sockets.SocketException(11001))),
        ConnectEndpointOverride = endpoint =>
        {
            _connected.Enqueue(endpoint);
            return endpoint.Address.Equals(PublicStandIn) ? new IPEndPoint(IPAddress.Loopback, _server.Port) : endpoint;
        },
        ServerCertificateValidation = _server.Validation,
        TimeProvider = HostileFixture.Clock,
    };

    private JsonObject DidDocument() => new()
    {
        ["@context"] = new JsonArray("https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"),
        ["id"] = Did,
        ["verificationMethod"] = new JsonArray(new JsonObject
        {
            ["id"] = KeyId,
            ["type"] = "Multikey",
            ["controller"] = Did,
            ["publicKeyMultibase"] = _pair.PublicKey.ToMultibase(),
        }),
        ["assertionMethod"] = new JsonArray(KeyId),
    };

    private void ServeDid(LocalHttpsServer.Route? route = null) =>
        _server.Routes["/.well-known/did.json"] = route ?? LocalHttpsServer.Route.Json(DidDocument().ToJsonString(), "application/did+json");

    private Task<JsonObject> SignAsync(JsonObject credential) =>
        HostileFixture.Issuer.SignAsync(credential, new KeyPairSigner(_pair, KeyId), Cryptosuite.EddsaRdfc2022, HostileFixture.ProofOptions());

    private async Task ServeRevokedListAsync(int revokedIndex)
    {
        var bits = new BitstringStatusList();
        bits.SetStatus(revokedIndex, 1);
        var list = await SignAsync(HostileFixture.StatusList(Did, bits.Encode(), ListUrl));
        _server.Routes["/status/1"] = LocalHttpsServer.Route.Json(list.ToJsonString(), "application/vc+ld+json");
    }

    private async Task<JsonObject> CredentialWithStatusAsync(int index, string listUrl = ListUrl)
    {
        var credential = HostileFixture.Credential(Did);
        credential["credentialStatus"] = HostileFixture.StatusEntry(index.ToString(System.Globalization.CultureInfo.InvariantCulture), listUrl);
        return await SignAsync(credential);
    }

    private static async Task<VerificationMethodException> RefusedAsync(IVerificationMethodResolver resolver, string id, string code)
    {
        var ex = await Assert.ThrowsAsync<VerificationMethodException>(async () => await resolver.ResolveAsync(id));
        Assert.True(ex.Code == code, $"{ex.Code}: {ex.Message}");
        return ex;
    }

    [Fact]
    public async Task ADidWebCredentialVerifiesOnlineAndARevokedOneIsRefusedAsRevoked()
    {
        ServeDid();
        await ServeRevokedListAsync(revokedIndex: 123);
        using var online = new OnlineResolver(Policy());
        var options = CredentialVerifierOptions.Online(online) with { TimeProvider = HostileFixture.Clock };

        HostileFixture.AssertVerified(await HostileFixture.VerifyAsync(await CredentialWithStatusAsync(7), options));
        HostileFixture.AssertFails(await HostileFixture.VerifyAsync(await CredentialWithStatusAsync(123), options), VerificationSteps.Status, VerificationCodes.Revoked);

        // Only the stand-in public address was ever connected to, and the caches kept it to one fetch per document.
        Assert.All(_connected, e => Assert.Equal(PublicStandIn, e.Address));
        Assert.Equal(1, _server.Requests["/.well-known/did.json"]);
        Assert.Equal(1, _server.Requests["/status/1"]);
    }

    [Theory]
    [InlineData("https://127.0.0.1:{port}/.well-known/did.json")]
    [InlineData("https://[::1]:{port}/.well-known/did.json")]
    [InlineData("https://[::ffff:127.0.0.1]:{port}/.well-known/did.json")]
    [InlineData("https://loopback.example:{port}/.well-known/did.json")]
    [InlineData("https://mapped.example:{port}/.well-known/did.json")]
    [InlineData("https://internal.example/.well-known/did.json")]
    [InlineData("https://localhost:{port}/.well-known/did.json")]
    [InlineData("did:web:localhost%3A{port}")]
    [InlineData("did:web:loopback.example")]
    [InlineData("http://issuer.example/.well-known/did.json")]
    public async Task TheSameServerReachedAsALoopbackOrPrivateAddressIsRefused(string template)
    {
        ServeDid();
        using var online = new OnlineResolver(Policy((host, ct) => Dns.TryGetValue(host, out var a) ? ValueTask.FromResult(a) : new ValueTask<IPAddress[]>(System.Net.Dns.GetHostAddressesAsync(host, ct))));
        var id = template.Replace("{port}", _server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var methodId = id.StartsWith("did:", StringComparison.Ordinal) ? id + "#key-1" : id;
        if (!online.MethodResolver.CanResolve(methodId))
        {
            // http: is not even taken up by the online resolver; the composite then reports it unsupported.
            Assert.StartsWith("http:", id, StringComparison.Ordinal);
        }
        else
        {
            var ex = await RefusedAsync(online.MethodResolver, methodId, VerificationMethodErrorCodes.ResolutionRefused);
            Assert.Contains("refused", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal(0, _server.Connections);
        Assert.Empty(_connected);
    }

    [Fact]
    public async Task ACredentialWhoseDidOrStatusListIsPrivateFailsWithASpecificCode()
    {
        ServeDid();
        await ServeRevokedListAsync(123);
        using var online = new OnlineResolver(Policy());
        var options = CredentialVerifierOptions.Online(online) with { TimeProvider = HostileFixture.Clock };

        var status = HostileFixture.AssertFails(await HostileFixture.VerifyAsync(await CredentialWithStatusAsync(7, "https://internal.example/status/1"), options), VerificationSteps.Status, VerificationCodes.StatusUnresolvable);
        Assert.Contains("refused", status.Message, StringComparison.Ordinal);

        var credential = await HostileFixture.Issuer.SignAsync(HostileFixture.Credential("did:web:internal.example"), new KeyPairSigner(_pair, "did:web:internal.example#key-1"), Cryptosuite.EddsaRdfc2022, HostileFixture.ProofOptions());
        var proof = HostileFixture.AssertFails(await HostileFixture.VerifyAsync(credential, options), VerificationSteps.Proof, DataIntegrityErrorCodes.InvalidVerificationMethod);
        Assert.Contains($"[{VerificationMethodErrorCodes.ResolutionRefused}]", proof.Message, StringComparison.Ordinal);

        // A refusal establishes nothing about the credential: both reports are indeterminate, never verified or failed.
        Assert.True(proof.Indeterminate && status.Indeterminate);
        Assert.Equal(VerificationOutcome.Indeterminate, (await HostileFixture.VerifyAsync(credential, options)).Outcome);
    }

    [Fact]
    public async Task DnsRebindingNeverReachesLoopback()
    {
        ServeDid();
        var answers = 0;
        var policy = Policy((host, _) => ValueTask.FromResult(Interlocked.Increment(ref answers) == 1 ? new[] { PublicStandIn } : [IPAddress.Loopback])) with { CacheEntries = 0 };
        using var online = new OnlineResolver(policy);

        await online.MethodResolver.ResolveAsync(KeyId);
        Assert.Equal(1, _server.Connections);

        // The name now answers loopback: the address is judged where the socket is opened, so no second connection.
        await RefusedAsync(online.MethodResolver, KeyId, VerificationMethodErrorCodes.ResolutionRefused);
        Assert.Equal(2, answers);
        Assert.Equal(1, _server.Connections);
        Assert.All(_connected, e => Assert.Equal(PublicStandIn, e.Address));
    }

    [Fact]
    public async Task AMixedAnswerConnectsOnlyToThePublicAddress()
    {
        ServeDid();
        using var online = new OnlineResolver(Policy((_, _) => ValueTask.FromResult(new[] { IPAddress.Loopback, IPAddress.Parse("10.0.0.1"), PublicStandIn })));
        await online.MethodResolver.ResolveAsync(KeyId);
        Assert.Equal(PublicStandIn, Assert.Single(_connected).Address);
    }

    [Theory]
    [InlineData("https://127.0.0.1:{port}/private")]
    [InlineData("https://internal.example/private")]
    [InlineData("https://loopback.example:{port}/private")]
    [InlineData("http://issuer.example/private")]
    public async Task ARedirectToAPrivateAddressIsRefused(string target)
    {
        var location = target.Replace("{port}", _server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        ServeDid(new LocalHttpsServer.Route([], Status: 302).WithHeader("Location", location));
        _server.Routes["/private"] = LocalHttpsServer.Route.Json(DidDocument().ToJsonString());
        using var online = new OnlineResolver(Policy());

        await RefusedAsync(online.MethodResolver, KeyId, VerificationMethodErrorCodes.ResolutionRefused);
        Assert.Equal(1, _server.Connections);
        Assert.False(_server.Requests.ContainsKey("/private"));
    }

    [Fact]
    public async Task ARedirectWithinThePolicyIsFollowedAndNoneWhenRedirectsAreOff()
    {
        ServeDid(new LocalHttpsServer.Route([], Status: 301).WithHeader("Location", "/moved/did.json"));
        _server.Routes["/moved/did.json"] = LocalHttpsServer.Route.Json(DidDocument().ToJsonString());
        using (var online = new OnlineResolver(Policy()))
        {
            Assert.Equal(KeyId, (await online.MethodResolver.ResolveAsync(KeyId)).Method.Id);
        }

        using var strict = new OnlineResolver(Policy() with { MaxRedirects = 0 });
        await RefusedAsync(strict.MethodResolver, KeyId, VerificationMethodErrorCodes.ResolutionRefused);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnOversizeBodyIsRefused(bool omitLength)
    {
        var padded = DidDocument();
        padded["padding"] = new string('x', 8192);
        ServeDid(new LocalHttpsServer.Route(System.Text.Encoding.UTF8.GetBytes(padded.ToJsonString()), "application/did+json", OmitLength: omitLength));
        using var online = new OnlineResolver(Policy() with { MaxResponseBytes = 4096 });
        var ex = await RefusedAsync(online.MethodResolver, KeyId, VerificationMethodErrorCodes.ResolutionRefused);
        Assert.Contains("4096", ex.Message, StringComparison.Ordinal);

        // Control: the same body under a larger cap resolves.
        using var roomy = new OnlineResolver(Policy());
        await roomy.MethodResolver.ResolveAsync(KeyId);
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("application/octet-stream")]
    [InlineData(null)]
    public async Task AWrongContentTypeIsRefused(string? contentType)
    {
        ServeDid(LocalHttpsServer.Route.Json(DidDocument().ToJsonString()) with { ContentType = contentType });
        using var online = new OnlineResolver(Policy());
        var ex = await RefusedAsync(online.MethodResolver, KeyId, VerificationMethodErrorCodes.ResolutionRefused);
        Assert.Contains("content type", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASlowServerTimesOutAsAResolutionFailure()
    {
        ServeDid(LocalHttpsServer.Route.Json(DidDocument().ToJsonString()) with { Delay = TimeSpan.FromSeconds(10) });
        _server.Routes["/status/1"] = LocalHttpsServer.Route.Json("{}") with { Delay = TimeSpan.FromSeconds(10) };
        using var online = new OnlineResolver(Policy() with { Timeout = TimeSpan.FromMilliseconds(300) });
        var started = DateTime.UtcNow;
        var ex = await RefusedAsync(online.MethodResolver, KeyId, VerificationMethodErrorCodes.ResolutionFailed);
        Assert.Contains("within", ex.Message, StringComparison.Ordinal);
        var status = await Assert.ThrowsAsync<StatusListException>(() => online.StatusListResolver.ResolveAsync(ListUrl));
        Assert.Equal(StatusErrorCodes.StatusRetrievalError, status.Code);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(8));
    }

    [Fact]
    public async Task AnUnreachableHostIsAResolutionFailure()
    {
        using var online = new OnlineResolver(Policy());
        await RefusedAsync(online.MethodResolver, "did:web:unknown.example#key-1", VerificationMethodErrorCodes.ResolutionFailed);
        _server.Routes.Clear();
        await RefusedAsync(online.MethodResolver, KeyId, VerificationMethodErrorCodes.NotFound);
    }

    [Fact]
    public async Task TheCacheHonoursMaxAgeWithinThePolicyBounds()
    {
        ServeDid(LocalHttpsServer.Route.Json(DidDocument().ToJsonString(), "application/did+json").WithHeader("Cache-Control", "max-age=60"));
        var clock = new FakeTimeProvider(HostileFixture.Now);
        using var online = new OnlineResolver(Policy() with { TimeProvider = clock });

        await online.MethodResolver.ResolveAsync(KeyId);
        clock.Advance(TimeSpan.FromSeconds(59));
        await online.MethodResolver.ResolveAsync(KeyId);
        Assert.Equal(1, _server.Requests["/.well-known/did.json"]);
        clock.Advance(TimeSpan.FromSeconds(2));
        await online.MethodResolver.ResolveAsync(KeyId);
        Assert.Equal(2, _server.Requests["/.well-known/did.json"]);

        // A max-age beyond the policy's bound is cut to it.
        _server.Requests.Clear();
        ServeDid(LocalHttpsServer.Route.Json(DidDocument().ToJsonString(), "application/did+json").WithHeader("Cache-Control", "max-age=86400"));
        using var bounded = new OnlineResolver(Policy() with { TimeProvider = clock, MaxCacheTtl = TimeSpan.FromMinutes(1) });
        await bounded.MethodResolver.ResolveAsync(KeyId);
        clock.Advance(TimeSpan.FromMinutes(2));
        await bounded.MethodResolver.ResolveAsync(KeyId);
        Assert.Equal(2, _server.Requests["/.well-known/did.json"]);

        // no-store is never cached.
        _server.Requests.Clear();
        ServeDid(LocalHttpsServer.Route.Json(DidDocument().ToJsonString(), "application/did+json").WithHeader("Cache-Control", "no-store"));
        using var uncached = new OnlineResolver(Policy() with { TimeProvider = clock });
        await uncached.MethodResolver.ResolveAsync(KeyId);
        await uncached.MethodResolver.ResolveAsync(KeyId);
        Assert.Equal(2, _server.Requests["/.well-known/did.json"]);
    }

    [Fact]
    public async Task ContextsStayBundledUnlessTheirOriginIsAllowed()
    {
        _server.Routes["/ctx/v1"] = LocalHttpsServer.Route.Json("{\"@context\":{\"extra\":\"https://issuer.example/vocab#extra\"}}", "application/ld+json");
        using var online = new OnlineResolver(Policy());
        var bundled = await online.DocumentLoader.LoadDocumentAsync("https://www.w3.org/ns/credentials/v2", CancellationToken.None);
        Assert.NotNull(bundled.Document);
        await Assert.ThrowsAsync<JsonLdException>(async () => await online.DocumentLoader.LoadDocumentAsync("https://issuer.example/ctx/v1", CancellationToken.None));
        Assert.Equal(0, _server.Connections);

        using var allowed = new OnlineResolver(Policy() with { AllowedContextOrigins = ["https://issuer.example"] });
        var fetched = await allowed.DocumentLoader.LoadDocumentAsync("https://issuer.example/ctx/v1", CancellationToken.None);
        Assert.NotNull(fetched.Document?["@context"]?["extra"]);
        var other = await Assert.ThrowsAsync<JsonLdException>(async () => await allowed.DocumentLoader.LoadDocumentAsync("https://internal.example/ctx/v1", CancellationToken.None));
        Assert.Contains("not allowed", other.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllowedOriginsRestrictDidsAndStatusLists()
    {
        ServeDid();
        using var online = new OnlineResolver(Policy() with { AllowedOrigins = ["https://other.example"] });
        await RefusedAsync(online.MethodResolver, KeyId, VerificationMethodErrorCodes.ResolutionRefused);
        var status = await Assert.ThrowsAsync<StatusListException>(() => online.StatusListResolver.ResolveAsync(ListUrl));
        Assert.Contains("not allowed", status.Message, StringComparison.Ordinal);
        Assert.Equal(0, _server.Connections);

        using var listed = new OnlineResolver(Policy() with { AllowedOrigins = ["https://issuer.example"] });
        await listed.MethodResolver.ResolveAsync(KeyId);
        Assert.Throws<ArgumentException>(() => new OnlineResolver(new OnlineResolutionOptions { AllowedOrigins = ["http://issuer.example"] }));
    }

    [Fact]
    public async Task TheCliRefusesAnAllowOriginWithoutOnlineAndVerifiesDidKeyOnline()
    {
        var path = Path.Combine(Path.GetTempPath(), $"online-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, (await HostileFixture.SignedAsync(HostileFixture.IssuerEd25519())).ToJsonString());
        try
        {
            var (exit, _, err) = await CliRunner.RunAsync("verify", "--in", path, "--allow-origin", "https://issuer.example");
            Assert.Equal(2, exit);
            Assert.Contains("--online", err, StringComparison.Ordinal);

            var (ok, output, _) = await CliRunner.RunAsync("verify", "--in", path, "--online", "--allow-origin", "https://issuer.example", "--now", "2026-03-01T12:00:00Z");
            Assert.True(ok == 0, output);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task AnIssuerRegistryLoadsOnlyFromAnOriginAllowListedByName()
    {
        _server.Routes["/registry.json"] = LocalHttpsServer.Route.Json("{\"registry\":{\"did:web:issuer.example\":{\"name\":\"Issuer\"}}}");

        // "Any public host" (the default empty allow-list) is enough for keys and lists, not for whom to call known.
        using (var open = new OnlineResolver(Policy()))
        {
            var refused = await Assert.ThrowsAsync<Trust.IssuerRegistryException>(() => open.LoadDccIssuerRegistryAsync("R", "https://issuer.example/registry.json"));
            Assert.Equal(Trust.IssuerRegistryErrorCodes.Unavailable, refused.Code);
            Assert.Contains("not allowed for issuer registries", refused.Message, StringComparison.Ordinal);
        }

        using var listed = new OnlineResolver(Policy() with { AllowedOrigins = ["https://issuer.example"] });
        var registry = await listed.LoadDccIssuerRegistryAsync("R", "https://issuer.example/registry.json");
        Assert.Equal("Issuer", (await registry.FindAsync("did:web:issuer.example"))!.Name);

        // The same address rules as every other fetch: a private host is refused even when allow-listed.
        using var inner = new OnlineResolver(Policy() with { AllowedOrigins = ["https://internal.example"] });
        var privateHost = await Assert.ThrowsAsync<Trust.IssuerRegistryException>(() => inner.LoadDccIssuerRegistryAsync("R", "https://internal.example/registry.json"));
        Assert.Contains("refused", privateHost.Message, StringComparison.Ordinal);
        var plainHttp = await Assert.ThrowsAsync<Trust.IssuerRegistryException>(() => listed.LoadDccIssuerRegistryAsync("R", "http://issuer.example/registry.json"));
        Assert.Contains("not an https URL", plainHttp.Message, StringComparison.Ordinal);
    }
}
