using System.Text.Json.Nodes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.JsonLd;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Tests.Support;

namespace MicroCredentials.Signing.Tests.DataIntegrity;

/// <summary>Shared fixtures: a loader with the conformance contexts, a fixed clock, key helpers.</summary>
internal static class DiSupport
{
    private static readonly Lazy<ProofCanonicalizer> CanonicalizerLazy = new(() => ProofCanonicalizer.Create(TestContexts.ConformanceLoader));

    /// <summary>The library's bundled contexts plus every context in ../shared/conformance/contexts (examples, citizenship).</summary>
    public static StaticDocumentLoader Loader => TestContexts.ConformanceLoader;

    public static ProofCanonicalizer Canonicalizer => CanonicalizerLazy.Value;

    /// <summary>A fixed "now" for deterministic date checks.</summary>
    public static DateTimeOffset Now { get; } = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public static TimeProvider Clock { get; } = new FakeTimeProvider(Now);

    /// <summary>Options for the W3C spec vectors, whose issuer is not the did:key controller.</summary>
    public static DataIntegrityVerificationOptions SpecVectorOptions { get; } = new()
    {
        Canonicalizer = CanonicalizerLazy.Value,
        TimeProvider = new FakeTimeProvider(Now),
        ExpectedPurpose = ProofPurpose.Assertion,
    };

    public static DataIntegrityVerificationOptions Options(IVerificationMethodResolver? resolver = null) => new()
    {
        Canonicalizer = CanonicalizerLazy.Value,
        TimeProvider = new FakeTimeProvider(Now),
        Resolver = resolver ?? DidKeyResolver.Instance,
    };

    public static ProofOptions SignOptions(DateTimeOffset? created = null) => new()
    {
        Canonicalizer = CanonicalizerLazy.Value,
        Created = created ?? new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero),
    };

    public static JsonObject ReadObject(string path) => (JsonObject)JsonNode.Parse(File.ReadAllText(path))!;

    /// <summary>A fixed Ed25519 key (RFC 8032 test 1 seed) so signatures are reproducible.</summary>
    public static KeyPair FixedEd25519() => TestKeys.Ed25519Rfc8032Test1();

    public static KeyPair FixedP256() => TestKeys.P256Rfc6979();

    public static KeyPairSigner DidKeySigner(KeyPair pair) => TestKeys.DidKeySigner(pair);

    /// <summary>A small VC 2.0 credential issued by the did:key of <paramref name="pair"/>.</summary>
    public static JsonObject Credential(KeyPair pair, string name = "Example Micro-credential") => new()
    {
        ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"),
        ["id"] = "urn:uuid:7c3c9a0e-4a63-4b2e-9a57-1f0e0b3c1a11",
        ["type"] = new JsonArray("VerifiableCredential", "ExampleDegreeCredential"),
        ["issuer"] = DidKey.FromPublicKey(pair.PublicKey),
        ["validFrom"] = "2025-01-01T00:00:00Z",
        ["credentialSubject"] = new JsonObject
        {
            ["id"] = "did:example:learner",
            ["degree"] = new JsonObject { ["type"] = "ExampleBachelorDegree", ["name"] = name },
        },
    };
}
