using System.Text.Json.Nodes;
using MicroCredentials.Signing.Cli;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Status;
using MicroCredentials.Signing.Tests.Support;
using Xunit;
using MicroCredentials.Signing.Primitives;

namespace MicroCredentials.Signing.Tests.Status;

public class StatusIssuerAndCheckerTests
{
    private const string ListUrl = "https://issuer.example/status/1";

    [Fact]
    public async Task Issue_revoke_publish_and_check_end_to_end()
    {
        using var t = new TestIssuer();
        await t.Issuer.EnsureListAsync(new StatusListDefinition(ListUrl, StatusPurposes.Revocation));
        var credential = t.Credential();
        var entry = await t.Issuer.AddStatusAsync(credential, ListUrl);
        Assert.Equal("BitstringStatusListEntry", entry["type"]!.GetValue<string>());
        var index = entry["statusListIndex"]!.GetValue<string>();
        Assert.Equal(ListUrl + "#" + index, entry["id"]!.GetValue<string>());
        Assert.Equal(ListUrl, entry["statusListCredential"]!.GetValue<string>());
        var signed = await t.SignAsync(credential);

        async Task<StatusCheckResult> CheckAsync()
        {
            var list = await t.PublishAsync(ListUrl);
            var resolver = new StaticStatusListResolver(new Dictionary<string, JsonObject> { [ListUrl] = list });
            var verifier = CredentialStatusVerifier.CreateDefault(resolver, TestIssuer.Verifier(t.Clock), timeProvider: t.Clock);
            return Assert.Single(await verifier.CheckAsync(signed));
        }

        var before = await CheckAsync();
        Assert.True(before.Valid, before.Detail);
        Assert.Equal(0, before.Status);

        await t.Issuer.SetStatusAsync(entry, 1);
        var after = await CheckAsync();
        Assert.Null(after.ErrorCode);
        Assert.Equal(1, after.Status);
        Assert.False(after.Valid);
        Assert.Equal("revoked", after.Detail);
    }

    [Fact]
    public async Task Published_list_has_the_spec_shape()
    {
        using var t = new TestIssuer();
        await t.Issuer.EnsureListAsync(new StatusListDefinition(ListUrl, StatusPurposes.Suspension));
        var list = await t.PublishAsync(ListUrl, t.ListOptions with { ValidUntil = TestIssuer.Now.AddDays(7), TimeToLive = TimeSpan.FromMinutes(10) });
        Assert.Equal(["VerifiableCredential", "BitstringStatusListCredential"], list["type"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(t.Did, list["issuer"]!.GetValue<string>());
        Assert.NotNull(list["validFrom"]);
        Assert.NotNull(list["validUntil"]);
        var subject = list["credentialSubject"]!.AsObject();
        Assert.Equal("BitstringStatusList", subject["type"]!.GetValue<string>());
        Assert.Equal("suspension", subject["statusPurpose"]!.GetValue<string>());
        Assert.Equal(600_000, subject["ttl"]!.GetValue<long>());
        Assert.Equal(BitstringStatusList.MinimumEntries, BitstringStatusList.Decode(subject["encodedList"]!.GetValue<string>()).Length);
        Assert.True((await DataIntegrityProofs.VerifyAsync(list, new DataIntegrityVerificationOptions { TimeProvider = t.Clock })).Verified);
    }

    [Fact]
    public async Task Message_entries_carry_size_and_messages_and_the_checker_returns_the_message()
    {
        using var t = new TestIssuer();
        var messages = new[] { new StatusMessage(0, "pending"), new StatusMessage(1, "accepted"), new StatusMessage(2, "rejected"), new StatusMessage(3, "withdrawn") };
        await t.Issuer.EnsureListAsync(new StatusListDefinition(ListUrl, StatusPurposes.Message, statusSize: 2, messages: messages));
        var credential = t.Credential();
        var entry = await t.Issuer.AddStatusAsync(credential, ListUrl);
        Assert.Equal(2, entry["statusSize"]!.GetValue<int>());
        Assert.Equal("0x2", entry["statusMessage"]![2]!["status"]!.GetValue<string>());
        await t.Issuer.SetStatusAsync(entry, 2);
        var list = await t.PublishAsync(ListUrl);
        var checker = new BitstringStatusListChecker(new StaticStatusListResolver(new Dictionary<string, JsonObject> { [ListUrl] = list }), TestIssuer.Verifier(t.Clock), timeProvider: t.Clock);
        var result = await checker.CheckAsync(credential, entry);
        Assert.Null(result.ErrorCode);
        Assert.Equal(2, result.Status);
        Assert.Equal("rejected", result.Message);
    }

    [Theory]
    [InlineData("\"abc\"", StatusErrorCodes.RangeError)]
    [InlineData("\"-1\"", StatusErrorCodes.RangeError)]
    [InlineData("\"131072\"", StatusErrorCodes.RangeError)]
    [InlineData("null", StatusErrorCodes.RangeError)]
    public async Task Bad_indices_are_range_errors(string indexJson, string code)
    {
        using var t = new TestIssuer();
        await t.Issuer.EnsureListAsync(new StatusListDefinition(ListUrl, StatusPurposes.Revocation));
        var list = await t.PublishAsync(ListUrl);
        var credential = t.Credential();
        var entry = StatusListCredentials.CreateEntry(new StatusListDefinition(ListUrl, StatusPurposes.Revocation), 0);
        entry["statusListIndex"] = JsonNode.Parse(indexJson);
        var checker = new BitstringStatusListChecker(new StaticStatusListResolver(new Dictionary<string, JsonObject> { [ListUrl] = list }), TestIssuer.Verifier(t.Clock), timeProvider: t.Clock);
        var result = await checker.CheckAsync(credential, entry);
        Assert.Equal(code, result.ErrorCode);
        Assert.False(result.Valid);
    }

    [Fact]
    public async Task Purpose_mismatch_short_list_tampering_bombs_and_missing_lists_fail_closed()
    {
        using var t = new TestIssuer();
        var def = new StatusListDefinition(ListUrl, StatusPurposes.Revocation);
        await t.Issuer.EnsureListAsync(def);
        var list = await t.PublishAsync(ListUrl);
        var credential = t.Credential();
        var entry = StatusListCredentials.CreateEntry(def, 5);
        var trusting = (StatusListProofVerifier)((_, _) => Task.FromResult(new StatusListProofCheck(true)));

        Task<StatusCheckResult> Check(JsonObject l, JsonObject e, StatusListProofVerifier? v = null) =>
            new BitstringStatusListChecker(new StaticStatusListResolver(new Dictionary<string, JsonObject> { [ListUrl] = l }), v ?? TestIssuer.Verifier(t.Clock), timeProvider: t.Clock).CheckAsync(credential, e);

        var suspension = (JsonObject)entry.DeepClone();
        suspension["statusPurpose"] = "suspension";
        StatusConformanceTests.AssertError(await Check(list, suspension), StatusErrorCodes.StatusVerificationError, StatusCheckReasons.PurposeMismatch);

        var tampered = (JsonObject)list.DeepClone();
        var bits = new BitstringStatusList();
        bits.SetStatus(5, 1);
        tampered["credentialSubject"]!["encodedList"] = bits.Encode();
        StatusConformanceTests.AssertError(await Check(tampered, entry), StatusErrorCodes.StatusVerificationError, StatusCheckReasons.ProofInvalid);

        var shortList = (JsonObject)list.DeepClone();
        shortList["credentialSubject"]!["encodedList"] = "u" + Base64UrlEncoding.Encode(Gzip(new byte[1024]));
        StatusConformanceTests.AssertError(await Check(shortList, entry, trusting), StatusErrorCodes.StatusListLengthError, StatusErrorCodes.StatusListLengthError);

        var bomb = (JsonObject)list.DeepClone();
        bomb["credentialSubject"]!["encodedList"] = GzipBomb.Encoded;
        StatusConformanceTests.AssertError(await Check(bomb, entry, trusting), StatusErrorCodes.MalformedValueError, StatusErrorCodes.TooLarge);

        var expired = await t.PublishAsync(ListUrl, t.ListOptions with { ValidUntil = TestIssuer.Now.AddHours(-1) });
        StatusConformanceTests.AssertError(await Check(expired, entry), StatusErrorCodes.StatusVerificationError, StatusCheckReasons.ListExpired);

        var missing = await new BitstringStatusListChecker(new StaticStatusListResolver(new Dictionary<string, JsonObject>()), TestIssuer.Verifier(t.Clock)).CheckAsync(credential, entry);
        StatusConformanceTests.AssertError(missing, StatusErrorCodes.StatusRetrievalError, StatusCheckReasons.RetrievalFailed);

        var unknown = await new CredentialStatusVerifier([]).CheckAsync(new JsonObject { ["credentialStatus"] = new JsonObject { ["type"] = "SomethingElse" } });
        Assert.Equal(StatusErrorCodes.UnsupportedType, Assert.Single(unknown).ErrorCode);
    }

    [Fact]
    public async Task The_cache_fetches_once_per_ttl_and_never_past_validUntil()
    {
        using var t = new TestIssuer();
        await t.Issuer.EnsureListAsync(new StatusListDefinition(ListUrl, StatusPurposes.Revocation));
        var list = await t.PublishAsync(ListUrl, t.ListOptions with { TimeToLive = TimeSpan.FromMinutes(10), ValidUntil = TestIssuer.Now.AddMinutes(25) });
        var counting = new CountingResolver(new StaticStatusListResolver(new Dictionary<string, JsonObject> { [ListUrl] = list }));
        var cache = new CachingStatusListResolver(counting, t.Clock);
        var checker = new BitstringStatusListChecker(cache, TestIssuer.Verifier(t.Clock), timeProvider: t.Clock);
        var entry = StatusListCredentials.CreateEntry(new StatusListDefinition(ListUrl, StatusPurposes.Revocation), 1);

        for (var i = 0; i < 100; i++)
        {
            Assert.True((await checker.CheckAsync(t.Credential(), entry)).Valid);
        }

        Assert.Equal(1, counting.Count);
        t.Clock.Advance(TimeSpan.FromMinutes(9));
        await cache.ResolveAsync(ListUrl);
        Assert.Equal(1, counting.Count);
        t.Clock.Advance(TimeSpan.FromMinutes(2));
        await cache.ResolveAsync(ListUrl);
        Assert.Equal(2, counting.Count);
        // validUntil is now 14 minutes away, so the next lifetime is the 10-minute ttl; at 24 minutes 4 minutes remain.
        t.Clock.Advance(TimeSpan.FromMinutes(10.5));
        await cache.ResolveAsync(ListUrl);
        Assert.Equal(3, counting.Count);
        t.Clock.Advance(TimeSpan.FromMinutes(3.6));
        await cache.ResolveAsync(ListUrl);
        Assert.Equal(4, counting.Count);
    }

    [Fact]
    public async Task Cli_creates_sets_and_gets_a_signed_list()
    {
        var dir = Directory.CreateTempSubdirectory("mcred-status-cli-").FullName;
        try
        {
            var key = Path.Combine(dir, "key.json");
            var listPath = Path.Combine(dir, "list.json");
            Assert.Equal(0, (await Run("keygen", "--out", key)).Code);
            Assert.Equal(0, (await Run("status", "create", "--length", "131072", "--purpose", "revocation", "--key", key, "--id", ListUrl, "--out", listPath)).Code);
            Assert.Equal(0, (await Run("status", "set", "--in", listPath, "--index", "42", "--value", "1", "--key", key, "--out", listPath)).Code);
            var get = await Run("status", "get", "--in", listPath, "--index", "42");
            Assert.Equal(0, get.Code);
            Assert.Equal(1, JsonNode.Parse(get.Out)!["status"]!.GetValue<int>());
            Assert.Equal(0, JsonNode.Parse((await Run("status", "get", "--in", listPath, "--index", "41")).Out)!["status"]!.GetValue<int>());
            var signed = (JsonObject)JsonNode.Parse(File.ReadAllText(listPath))!;
            Assert.True((await DataIntegrityProofs.VerifyAsync(signed)).Verified);
            var outOfRange = await Run("status", "get", "--in", listPath, "--index", "131072");
            // Refused with a message. (The host currently maps a CliException thrown inside an action to 1, not 2:
            // System.CommandLine's default exception handler catches it before Program.RunAsync does.)
            Assert.NotEqual(0, outOfRange.Code);
            Assert.Contains("--index must be in [0, 131072)", outOfRange.Err, StringComparison.Ordinal);
            var tooShort = await Run("status", "create", "--length", "10", "--purpose", "revocation", "--key", key, "--id", ListUrl);
            Assert.NotEqual(0, tooShort.Code);
            Assert.Contains("--length must be at least 131072", tooShort.Err, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static Task<(int Code, string Out, string Err)> Run(params string[] args) =>
        CliRunner.RunAsync(args);

    private static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var gz = new System.IO.Compression.GZipStream(ms, System.IO.Compression.CompressionLevel.Fastest))
        {
            gz.Write(data);
        }

        return ms.ToArray();
    }
}
