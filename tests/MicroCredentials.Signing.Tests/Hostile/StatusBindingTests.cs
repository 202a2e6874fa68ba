using System.Text.Json.Nodes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Status;
using MicroCredentials.Signing.Verification;
using Xunit;
using static MicroCredentials.Signing.Tests.Hostile.HostileFixture;

namespace MicroCredentials.Signing.Tests.Hostile;

/// <summary>
/// Issue 11 §7: a status list answers only for the URL it says it is (its signed <c>id</c>), and a list whose own
/// status is withdrawn or undetermined answers for nothing. Each attack has a passing control beside it.
/// </summary>
public sealed class StatusBindingTests
{
    private const string OtherListUrl = "https://issuer.example/status/2";
    private const string ListOfListsUrl = "https://issuer.example/status/lists";
    private const string TopListUrl = "https://issuer.example/status/top";

    // Checker-level cases are about the binding alone; the proof is taken as verified so that ids no signer would
    // produce (relative, not a string) can be served. The verifier-level tests here sign and verify for real.
    private static readonly StatusListProofVerifier AnyProof = (_, _) => Task.FromResult(new StatusListProofCheck(true));

    // ---- The list must say it is the list the entry names ----

    [Fact]
    public async Task A_revoked_credential_whose_list_url_serves_the_issuers_other_empty_list_is_refused()
    {
        using var issuer = IssuerEd25519();
        var credential = await CredentialWithStatusAsync(issuer, "123");
        var revoking = await SignedListAsync(issuer, StatusListUrl, revoked: 123);
        // Genuinely the issuer's, properly signed, same purpose; only its id says it is another list.
        var empty = await SignedListAsync(issuer, OtherListUrl);

        var report = await VerifyAsync(credential, Serving((StatusListUrl, empty)));
        var check = AssertFails(report, VerificationSteps.Status, StatusErrorCodes.StatusVerificationError);
        Assert.Contains($"[{StatusCheckReasons.ListIdMismatch}]", check.Message, StringComparison.Ordinal);
        Assert.Contains(OtherListUrl, check.Message, StringComparison.Ordinal);

        // Trusting the issuer as a status-list issuer does not make another list answer for this one.
        check = AssertFails(await VerifyAsync(credential, Serving((StatusListUrl, empty)) with { TrustedStatusListIssuers = [Did(issuer)] }), VerificationSteps.Status, StatusErrorCodes.StatusVerificationError);
        Assert.Contains($"[{StatusCheckReasons.ListIdMismatch}]", check.Message, StringComparison.Ordinal);

        // Control: the list the entry names says the credential is revoked.
        AssertFails(await VerifyAsync(credential, Serving((StatusListUrl, revoking))), VerificationSteps.Status, VerificationCodes.Revoked);
    }

    [Fact]
    public async Task A_caching_resolver_poisoned_with_another_list_is_refused_on_every_use()
    {
        using var issuer = IssuerEd25519();
        var credential = await CredentialWithStatusAsync(issuer, "123");
        var inner = new CountingResolver(new Dictionary<string, JsonObject> { [StatusListUrl] = await SignedListAsync(issuer, OtherListUrl) });
        var options = new CredentialVerifierOptions { StatusListResolver = new CachingStatusListResolver(inner, Clock) };

        for (var i = 0; i < 2; i++)
        {
            var check = AssertFails(await VerifyAsync(credential, options), VerificationSteps.Status, StatusErrorCodes.StatusVerificationError);
            Assert.Contains($"[{StatusCheckReasons.ListIdMismatch}]", check.Message, StringComparison.Ordinal);
        }

        // The second refusal was of the cached copy: the check is not only made on a fresh fetch.
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task A_caching_resolver_keeps_documents_under_the_url_asked_for_never_under_their_id()
    {
        using var issuer = IssuerEd25519();
        var credential = await CredentialWithStatusAsync(issuer, "123");
        // An old, empty version of list 1 (signed with list 1's id) planted at another URL, fetched first.
        var oldVersion = await SignedListAsync(issuer, StatusListUrl);
        var current = await SignedListAsync(issuer, StatusListUrl, revoked: 123);
        var cache = new CachingStatusListResolver(new StaticStatusListResolver(new Dictionary<string, JsonObject> { [OtherListUrl] = oldVersion, [StatusListUrl] = current }), Clock);
        await cache.ResolveAsync(OtherListUrl);

        // List 1 is fetched for itself, so the revocation is seen.
        AssertFails(await VerifyAsync(credential, new CredentialVerifierOptions { StatusListResolver = cache }), VerificationSteps.Status, VerificationCodes.Revoked);

        // And the planted copy cannot answer for the URL it was found at either.
        var elsewhere = Credential(Did(issuer));
        elsewhere["credentialStatus"] = StatusEntry("123", OtherListUrl);
        var check = AssertFails(await VerifyAsync(await SignAsync(elsewhere, issuer), new CredentialVerifierOptions { StatusListResolver = cache }), VerificationSteps.Status, StatusErrorCodes.StatusVerificationError);
        Assert.Contains($"[{StatusCheckReasons.ListIdMismatch}]", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_list_without_an_id_is_refused()
    {
        using var issuer = IssuerEd25519();
        var credential = await CredentialWithStatusAsync(issuer, "123");
        var anonymous = StatusList(Did(issuer), new BitstringStatusList().Encode());
        anonymous.Remove("id");
        anonymous = await SignAsync(anonymous, issuer);

        var check = AssertFails(await VerifyAsync(credential, Serving((StatusListUrl, anonymous))), VerificationSteps.Status, StatusErrorCodes.StatusVerificationError);
        Assert.Contains($"[{StatusCheckReasons.ListIdMismatch}]", check.Message, StringComparison.Ordinal);

        // Control: the same list with its id verifies.
        AssertVerified(await VerifyAsync(credential, Serving((StatusListUrl, await SignedListAsync(issuer, StatusListUrl)))));
    }

    public static TheoryData<string> NotTheEntrysIri() => new()
    {
        "status/1", // relative: would resolve to the URL against the fetch location
        "/status/1", // .NET reads this as an absolute file path on Unix
        "//issuer.example/status/1", // network-path reference
        "",
        "https://issuer.example/status/1/",
        "https://issuer.example/status/1#list",
        "HTTPS://ISSUER.EXAMPLE/status/1", // the same resource to a URL parser, but not the IRI the entry names
        " https://issuer.example/status/1",
    };

    [Theory]
    [MemberData(nameof(NotTheEntrysIri))]
    public async Task A_list_whose_id_is_relative_or_not_exactly_the_entrys_iri_is_refused(string id)
    {
        var credential = Credential("did:example:issuer");
        var entry = StatusEntry("123");
        var list = StatusList("did:example:issuer", new BitstringStatusList().Encode());
        list["id"] = id;
        var checker = new BitstringStatusListChecker(Static((StatusListUrl, list)), AnyProof, timeProvider: Clock);

        var result = await checker.CheckAsync(credential, entry);
        AssertRefused(result, StatusCheckReasons.ListIdMismatch);

        // Control: exactly the entry's IRI.
        list["id"] = StatusListUrl;
        var control = await new BitstringStatusListChecker(Static((StatusListUrl, list)), AnyProof, timeProvider: Clock).CheckAsync(credential, entry);
        Assert.True(control.Valid, control.Detail);
    }

    [Fact]
    public async Task A_list_id_that_is_not_a_string_is_refused_and_a_relative_entry_url_is_malformed()
    {
        var credential = Credential("did:example:issuer");
        var list = StatusList("did:example:issuer", new BitstringStatusList().Encode());
        list["id"] = new JsonObject { ["id"] = StatusListUrl };
        var result = await new BitstringStatusListChecker(Static((StatusListUrl, list)), AnyProof, timeProvider: Clock).CheckAsync(credential, StatusEntry("123"));
        AssertRefused(result, StatusCheckReasons.ListIdMismatch);

        // An entry and a list agreeing on a relative IRI do not bind anything.
        var relative = StatusList("did:example:issuer", new BitstringStatusList().Encode(), url: "/status/1");
        result = await new BitstringStatusListChecker(Static(("/status/1", relative)), AnyProof, timeProvider: Clock).CheckAsync(credential, StatusEntry("123", "/status/1"));
        Assert.Equal(StatusErrorCodes.MalformedValueError, result.ErrorCode);
        Assert.Equal(StatusCheckReasons.MalformedEntry, result.Reason);
    }

    [Fact]
    public async Task A_StatusList2021_entry_is_bound_to_its_list_the_same_way()
    {
        var credential = Credential("did:example:issuer");
        var entry = StatusEntry("123");
        entry["type"] = "StatusList2021Entry";
        var revoking = StatusList2021(StatusListUrl, revoked: 123);
        var other = StatusList2021(OtherListUrl);
        var verifier = CredentialStatusVerifier.CreateDefault(Static((StatusListUrl, other)), AnyProof, timeProvider: Clock);
        credential["credentialStatus"] = entry;

        var result = Assert.Single(await verifier.CheckAsync(credential));
        Assert.Equal("StatusList2021Entry", result.Type);
        AssertRefused(result, StatusCheckReasons.ListIdMismatch);

        // Control: its own list says revoked.
        result = Assert.Single(await CredentialStatusVerifier.CreateDefault(Static((StatusListUrl, revoking)), AnyProof, timeProvider: Clock).CheckAsync(credential));
        Assert.Null(result.ErrorCode);
        Assert.Equal(1, result.Status);
        Assert.False(result.Valid);
    }

    [Fact]
    public async Task A_1EdTech_revocation_list_is_bound_to_the_entrys_id()
    {
        var credential = Credential("did:example:issuer");
        const string url = "https://issuer.example/revocations";
        credential["credentialStatus"] = new JsonObject { ["id"] = url, ["type"] = OneEdTechRevocationListChecker.Type };
        var revokedItem = new JsonArray(new JsonObject { ["id"] = (string)credential["id"]! });
        JsonObject List(string id, JsonArray revoked) => new() { ["id"] = id, ["issuer"] = "did:example:issuer", ["revokedCredential"] = revoked };

        // Another (clean) revocation list of the issuer's, served for this URL.
        var result = Assert.Single(await new CredentialStatusVerifier([new OneEdTechRevocationListChecker(Static((url, List("https://issuer.example/revocations-2025", []))))]).CheckAsync(credential));
        AssertRefused(result, StatusCheckReasons.ListIdMismatch);
        var noId = List(url, []);
        noId.Remove("id");
        result = Assert.Single(await new CredentialStatusVerifier([new OneEdTechRevocationListChecker(Static((url, noId)))]).CheckAsync(credential));
        AssertRefused(result, StatusCheckReasons.ListIdMismatch);

        // Control: the list at its own id revokes it.
        result = Assert.Single(await new CredentialStatusVerifier([new OneEdTechRevocationListChecker(Static((url, List(url, revokedItem))))]).CheckAsync(credential));
        Assert.Null(result.ErrorCode);
        Assert.False(result.Valid);
    }

    // ---- A list's own status ----

    [Theory]
    [InlineData(StatusPurposes.Revocation)]
    [InlineData(StatusPurposes.Suspension)]
    public async Task A_list_whose_own_status_is_revoked_or_suspended_leaves_the_credential_undetermined(string purpose)
    {
        using var issuer = IssuerEd25519();
        var credential = await CredentialWithStatusAsync(issuer, "123");
        var listOfLists = await SignedListAsync(issuer, ListOfListsUrl, purpose, revoked: 5);

        var withdrawn = await ListWithStatusAsync(issuer, StatusListUrl, ListOfListsUrl, "5", purpose);
        var check = AssertFails(await VerifyAsync(credential, Serving((StatusListUrl, withdrawn), (ListOfListsUrl, listOfLists))), VerificationSteps.Status, StatusErrorCodes.StatusVerificationError);
        Assert.Contains($"[{StatusCheckReasons.ListNotInForce}]", check.Message, StringComparison.Ordinal);

        // Control: the list's own bit is clear.
        var inForce = await ListWithStatusAsync(issuer, StatusListUrl, ListOfListsUrl, "6", purpose);
        var report = await VerifyAsync(credential, Serving((StatusListUrl, inForce), (ListOfListsUrl, listOfLists)));
        AssertVerified(report);
    }

    [Fact]
    public async Task A_list_whose_own_status_cannot_be_determined_leaves_the_credential_undetermined()
    {
        using var issuer = IssuerEd25519();
        var credential = await CredentialWithStatusAsync(issuer, "123");
        var list = await ListWithStatusAsync(issuer, StatusListUrl, ListOfListsUrl, "5");

        // The list of lists is not served.
        var check = AssertFails(await VerifyAsync(credential, Serving((StatusListUrl, list))), VerificationSteps.Status, StatusErrorCodes.StatusVerificationError);
        Assert.Contains($"[{StatusCheckReasons.ListStatusUndetermined}]", check.Message, StringComparison.Ordinal);
        Assert.Contains(StatusCheckReasons.RetrievalFailed, check.Message, StringComparison.Ordinal);

        // The list of lists is served under another id.
        check = AssertFails(await VerifyAsync(credential, Serving((StatusListUrl, list), (ListOfListsUrl, await SignedListAsync(issuer, OtherListUrl)))), VerificationSteps.Status, StatusErrorCodes.StatusVerificationError);
        Assert.Contains($"[{StatusCheckReasons.ListStatusUndetermined}]", check.Message, StringComparison.Ordinal);
        Assert.Contains(StatusCheckReasons.ListIdMismatch, check.Message, StringComparison.Ordinal);

        // Control.
        AssertVerified(await VerifyAsync(credential, Serving((StatusListUrl, list), (ListOfListsUrl, await SignedListAsync(issuer, ListOfListsUrl)))));
    }

    [Fact]
    public async Task Status_carried_by_status_lists_is_bounded_in_depth()
    {
        using var issuer = IssuerEd25519();
        var credential = await CredentialWithStatusAsync(issuer, "123");
        // credential -> list 1 -> list of lists -> top list: three lists deep, one more than the default allows.
        var list = await ListWithStatusAsync(issuer, StatusListUrl, ListOfListsUrl, "5");
        var middle = await ListWithStatusAsync(issuer, ListOfListsUrl, TopListUrl, "7");
        var top = await SignedListAsync(issuer, TopListUrl);
        var lists = Serving((StatusListUrl, list), (ListOfListsUrl, middle), (TopListUrl, top));

        var check = AssertFails(await VerifyAsync(credential, lists), VerificationSteps.Status, StatusErrorCodes.StatusVerificationError);
        Assert.Contains(StatusCheckReasons.ListStatusTooDeep, check.Message, StringComparison.Ordinal);

        // A list naming itself as its own status list is a cycle, which the bound ends.
        var selfReferring = await ListWithStatusAsync(issuer, StatusListUrl, StatusListUrl, "5");
        check = AssertFails(await VerifyAsync(credential, Serving((StatusListUrl, selfReferring))), VerificationSteps.Status, StatusErrorCodes.StatusVerificationError);
        Assert.Contains(StatusCheckReasons.ListStatusTooDeep, check.Message, StringComparison.Ordinal);

        // Control: a caller allowing three levels gets the status through the verifier's own option.
        AssertVerified(await VerifyAsync(credential, lists with { MaxStatusListDepth = 3 }));

        // And through a lone checker.
        var proofs = StatusListProofs.Verifier(new DataIntegrityVerificationOptions { TimeProvider = Clock });
        var options = new StatusCheckerOptions { MaxStatusListDepth = 3 };
        var result = Assert.Single(await CredentialStatusVerifier.CreateDefault(lists.StatusListResolver!, proofs, options, Clock).CheckAsync(credential));
        Assert.True(result.Valid, result.Detail);
        var lone = await new BitstringStatusListChecker(lists.StatusListResolver!, proofs, options, Clock).CheckAsync(credential, (JsonObject)credential["credentialStatus"]!);
        Assert.True(lone.Valid, lone.Detail);

        // ... and with the default, the same lone checker is bounded too.
        lone = await new BitstringStatusListChecker(lists.StatusListResolver!, proofs, timeProvider: Clock).CheckAsync(credential, (JsonObject)credential["credentialStatus"]!);
        AssertRefused(lone, StatusCheckReasons.ListStatusUndetermined);
        Assert.Contains(StatusCheckReasons.ListStatusTooDeep, lone.Detail, StringComparison.Ordinal);
    }

    // ---- Helpers ----

    private static void AssertRefused(StatusCheckResult result, string reason)
    {
        Assert.False(result.Valid, result.Detail);
        Assert.Null(result.Status);
        Assert.Equal(StatusErrorCodes.StatusVerificationError, result.ErrorCode);
        Assert.True(reason == result.Reason, $"expected {reason}, got {result.Reason}: {result.Detail}");
    }

    private static async Task<JsonObject> CredentialWithStatusAsync(KeyPair issuer, string index)
    {
        var credential = Credential(Did(issuer));
        credential["credentialStatus"] = StatusEntry(index);
        return await SignAsync(credential, issuer);
    }

    private static Task<JsonObject> SignedListAsync(KeyPair issuer, string url, int? revoked = null) =>
        SignedListAsync(issuer, url, StatusPurposes.Revocation, revoked);

    private static Task<JsonObject> SignedListAsync(KeyPair issuer, string url, string purpose, int? revoked = null) =>
        SignAsync(UnsignedList(Did(issuer), url, purpose, revoked), issuer);

    private static JsonObject UnsignedList(string issuer, string url, string purpose = StatusPurposes.Revocation, int? revoked = null)
    {
        var bits = new BitstringStatusList();
        if (revoked is { } index)
        {
            bits.SetStatus(index, 1);
        }

        var list = StatusList(issuer, bits.Encode(), url);
        list["credentialSubject"]!["statusPurpose"] = purpose;
        return list;
    }

    /// <summary>An empty list at <paramref name="url"/> whose own status is entry <paramref name="index"/> of <paramref name="statusUrl"/>.</summary>
    private static Task<JsonObject> ListWithStatusAsync(KeyPair issuer, string url, string statusUrl, string index, string purpose = StatusPurposes.Revocation)
    {
        var list = UnsignedList(Did(issuer), url);
        var entry = StatusEntry(index, statusUrl);
        entry["statusPurpose"] = purpose;
        list["credentialStatus"] = entry;
        return SignAsync(list, issuer);
    }

    private static JsonObject StatusList2021(string url, int? revoked = null)
    {
        var list = UnsignedList("did:example:issuer", url, revoked: revoked);
        list["type"] = new JsonArray("VerifiableCredential", "StatusList2021Credential");
        list["credentialSubject"]!["type"] = "StatusList2021";
        return list;
    }

    private static StaticStatusListResolver Static(params (string Url, JsonObject List)[] lists) =>
        new(lists.ToDictionary(l => l.Url, l => l.List, StringComparer.Ordinal));

    private static CredentialVerifierOptions Serving(params (string Url, JsonObject List)[] lists) =>
        new() { StatusListResolver = Static(lists) };

    private sealed class CountingResolver(IReadOnlyDictionary<string, JsonObject> documents) : IStatusListResolver
    {
        private readonly StaticStatusListResolver _inner = new(documents);
        private int _calls;

        public int Calls => _calls;

        public Task<StatusListDocument> ResolveAsync(string url, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            return _inner.ResolveAsync(url, cancellationToken);
        }
    }
}
