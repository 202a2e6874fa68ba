using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Issuance;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Verification;
using Xunit;

namespace MicroCredentials.Signing.Tests.Hostile;

/// <summary>
/// Fixed keys, a fixed clock and an OB 3.0 credential that passes every check of <see cref="CredentialVerifier"/>,
/// so each hostile test changes one thing and asserts the one code that change must produce.
/// </summary>
internal static class HostileFixture
{
    public const string StatusListUrl = "https://issuer.example/status/1";

    /// <summary>"Now" for every verifier built here: after <see cref="Created"/>, inside the validity window.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset Created = new(2026, 1, 15, 10, 0, 0, TimeSpan.Zero);

    public static TimeProvider Clock { get; } = new FakeTimeProvider(Now);

    /// <summary>RFC 8032 test 1 seed.</summary>
    public static KeyPair IssuerEd25519() => TestKeys.Ed25519Rfc8032Test1();

    /// <summary>RFC 6979 A.2.5.</summary>
    public static KeyPair IssuerP256() => TestKeys.P256Rfc6979();

    public static KeyPair AttackerEd25519() => TestKeys.AttackerEd25519();

    public static string Did(KeyPair pair) => TestKeys.DidKeyOf(pair);

    public static ISigner Signer(KeyPair pair) => TestKeys.DidKeySigner(pair);

    public static Cryptosuite SuiteFor(KeyPair pair) => ReferenceEquals(pair.Algorithm, KeyAlgorithm.Ed25519) ? Cryptosuite.EddsaRdfc2022 : Cryptosuite.EcdsaRdfc2019;

    /// <summary>An OB 3.0 OpenBadgeCredential (VC 2.0) issued by <paramref name="issuer"/>.</summary>
    public static JsonObject Credential(string issuer, string name = "Data Literacy", string description = "Completed the course.", string achievement = "Data Literacy", string subject = "did:example:learner-42") =>
        TestCredentials.OpenBadge(issuer, "urn:uuid:7f5c3b1e-2d3a-4a8e-9c11-2b8e0c9d4f01", subject, "Example University", name, achievement,
            validFrom: "2026-01-01T00:00:00Z", validUntil: "2030-01-01T00:00:00Z", achievementDescription: description);

    public static ProofOptions ProofOptions(DateTimeOffset? created = null) => new() { Created = created ?? Created };

    /// <summary>Signs with the suite of the key (eddsa-rdfc-2022 or ecdsa-rdfc-2019) through <see cref="CredentialIssuer"/>.</summary>
    public static Task<JsonObject> SignAsync(JsonObject credential, KeyPair pair, ProofOptions? options = null, Cryptosuite? suite = null) =>
        Issuer.SignAsync(credential, Signer(pair), suite ?? SuiteFor(pair), options ?? ProofOptions());

    public static async Task<JsonObject> SignedAsync(KeyPair pair, ProofOptions? options = null) =>
        await SignAsync(Credential(Did(pair)), pair, options);

    public static CredentialIssuer Issuer { get; } = new(new CredentialIssuerOptions { TimeProvider = Clock });

    /// <summary>An offline verifier on the fixed clock; <paramref name="options"/> may add resolvers or limits.</summary>
    public static CredentialVerifier Verifier(CredentialVerifierOptions? options = null) =>
        new((options ?? new CredentialVerifierOptions()) with { TimeProvider = Clock });

    public static Task<VerificationReport> VerifyAsync(JsonObject credential, CredentialVerifierOptions? options = null) =>
        Verifier(options).VerifyAsync(credential.ToJsonString());

    public static void AssertVerified(VerificationReport report) =>
        Assert.True(report.Verified, "expected verified, got: " + Describe(report));

    /// <summary>The report is not verified and carries a failed check of <paramref name="step"/> with <paramref name="code"/>.</summary>
    public static VerificationCheck AssertFails(VerificationReport report, string step, string code)
    {
        Assert.False(report.Verified, "a hostile input was reported as verified");
        var check = report.Checks.FirstOrDefault(c => c.Check == step && c.Code == code && c.Status == CheckStatus.Failed);
        Assert.True(check is not null, $"expected a failed {step} check with {code}, got: {Describe(report)}");
        Assert.DoesNotContain(report.Checks, c => c.Code == VerificationCodes.InternalError);
        return check;
    }

    public static string Describe(VerificationReport report) =>
        string.Join("; ", report.Checks.Where(c => c.Status is CheckStatus.Failed or CheckStatus.Warning).Select(c => $"{c.Status} {c.Check} {c.Code}: {c.Message}"));

    /// <summary>A multibase base64url gzip bitstring of <paramref name="bytes"/> zero bytes, bypassing the encoder's minimum.</summary>
    public static string EncodedZeros(int bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(new byte[bytes]);
        }

        return "u" + Convert.ToBase64String(output.ToArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>An unsigned BitstringStatusListCredential.</summary>
    public static JsonObject StatusList(string issuer, string encodedList, string url = StatusListUrl, string validUntil = "2027-01-01T00:00:00Z") => new()
    {
        ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2"),
        ["id"] = url,
        ["type"] = new JsonArray("VerifiableCredential", "BitstringStatusListCredential"),
        ["issuer"] = issuer,
        ["validFrom"] = "2026-01-01T00:00:00Z",
        ["validUntil"] = validUntil,
        ["credentialSubject"] = new JsonObject
        {
            ["id"] = url + "#list",
            ["type"] = "BitstringStatusList",
            ["statusPurpose"] = "revocation",
            ["encodedList"] = encodedList,
        },
    };

    /// <summary>Verifier options whose status resolver serves <paramref name="issuer"/>'s signed list at <see cref="StatusListUrl"/>, with entry <paramref name="revokedIndex"/> set.</summary>
    public static async Task<CredentialVerifierOptions> RevokedListOptionsAsync(KeyPair issuer, int revokedIndex = 123)
    {
        var bits = new MicroCredentials.Signing.Status.BitstringStatusList();
        bits.SetStatus(revokedIndex, 1);
        var list = await SignAsync(StatusList(Did(issuer), bits.Encode()), issuer);
        return new CredentialVerifierOptions { StatusListResolver = new MicroCredentials.Signing.Status.StaticStatusListResolver(new Dictionary<string, JsonObject> { [StatusListUrl] = list }) };
    }

    public static JsonObject StatusEntry(JsonNode index, string url = StatusListUrl) => new()
    {
        ["id"] = url + "#entry",
        ["type"] = "BitstringStatusListEntry",
        ["statusPurpose"] = "revocation",
        ["statusListIndex"] = index,
        ["statusListCredential"] = url,
    };

    /// <summary>
    /// A TCP listener on loopback that never answers; <see cref="AssertNoConnection"/> proves nothing connected
    /// (a connection attempt would be queued in the backlog by the time the verifier returned).
    /// </summary>
    internal sealed class LoopbackTrap : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

        public LoopbackTrap() => _listener.Start();

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public string Origin => $"http://127.0.0.1:{Port}";

        public void AssertNoConnection() => Assert.False(_listener.Pending(), "the verifier opened a connection to a URL it was not allowed to fetch");

        public void Dispose() => _listener.Stop();
    }
}
