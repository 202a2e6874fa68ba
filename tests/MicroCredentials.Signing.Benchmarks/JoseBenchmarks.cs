using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using MicroCredentials.Signing.Baking;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Jose;
using MicroCredentials.Signing.Json;
using MicroCredentials.Signing.Keys;

namespace MicroCredentials.Signing.Benchmarks;

/// <summary>Safe JSON parsing against the unchecked BCL parser, VC-JWT verification per algorithm, and PNG extraction.</summary>
[MemoryDiagnoser]
public class JoseBenchmarks
{
    private byte[] _credentialUtf8 = [];
    private string _edJwt = "";
    private string _esJwt = "";
    private string _rsJwt = "";
    private IJwtKeyResolver _rsaResolver = StaticJwtKeyResolver.Empty;
    private byte[] _bakedPng = [];
    private PublicKey? _edKey;
    private byte[] _edInput = [];
    private byte[] _edSignature = [];

    [GlobalSetup]
    public void Setup()
    {
        var subjects = new JsonArray();
        for (var i = 0; i < 40; i++)
        {
            subjects.Add(new JsonObject { ["id"] = $"https://example.edu/achievements/{i}", ["type"] = new JsonArray("Achievement"), ["name"] = $"Learning outcome {i}", ["description"] = new string('x', 120), ["credits"] = 1.5 });
        }

        using var ed = KeyAlgorithm.Ed25519.ImportKeyPair(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        using var es = KeyAlgorithm.P256.ImportKeyPair(Enumerable.Range(7, 32).Select(i => (byte)i).ToArray());
        using var rsa = RsaSigningKey.Generate();
        JsonObject Credential(string issuer) => new()
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"),
            ["id"] = "urn:uuid:0b8f0a5c-6f6e-4d07-9d1c-6a3c3f4b5e61",
            ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
            ["issuer"] = new JsonObject { ["id"] = issuer, ["type"] = new JsonArray("Profile"), ["name"] = "Example University" },
            ["validFrom"] = "2025-01-01T00:00:00Z",
            ["credentialSubject"] = new JsonObject { ["id"] = "did:example:learner", ["type"] = new JsonArray("AchievementSubject"), ["achievement"] = subjects.DeepClone() },
        };

        _credentialUtf8 = Encoding.UTF8.GetBytes(Credential("https://example.edu/issuers/1").ToJsonString());
        _edJwt = VcJwt.IssueAsync(Credential(DidKey.FromPublicKey(ed.PublicKey)), new KeyPairSigner(ed, DidKey.VerificationMethodId(ed.PublicKey))).AsTask().GetAwaiter().GetResult();
        _esJwt = VcJwt.IssueAsync(Credential(DidKey.FromPublicKey(es.PublicKey)), new KeyPairSigner(es, DidKey.VerificationMethodId(es.PublicKey))).AsTask().GetAwaiter().GetResult();
        const string issuer = "https://example.edu/issuers/1";
        _rsJwt = VcJwt.IssueAsync(Credential(issuer), rsa.CreateSigner(issuer + "#rsa")).AsTask().GetAwaiter().GetResult();
        _rsaResolver = new StaticJwtKeyResolver([(issuer, issuer + "#rsa", rsa.PublicKey)]);
        _bakedPng = BadgeBaker.Bake(File.ReadAllBytes(FindSample()), _edJwt);
        _edKey = ed.PublicKey;
        _edInput = Encoding.ASCII.GetBytes(_edJwt[.._edJwt.LastIndexOf('.')]);
        _edSignature = ed.Sign(_edInput);
    }

    [Benchmark(Baseline = true)]
    public JsonNode? BclJsonNodeParse() => JsonNode.Parse(_credentialUtf8);

    [Benchmark]
    public JsonNode? SafeJsonParse() => SafeJson.Parse(_credentialUtf8);

    [Benchmark]
    public bool VerifyEdDsa() => VcJwt.VerifyAsync(_edJwt, StaticJwtKeyResolver.Empty).AsTask().GetAwaiter().GetResult().Verified;

    /// <summary>The signature check alone, to separate cryptography from token handling.</summary>
    [Benchmark]
    public bool RawEd25519Verify() => _edKey!.Verify(_edInput, _edSignature);

    [Benchmark]
    public PublicKey ProbeDidKey() => DidKey.ParsePublicKey(DidKey.VerificationMethodId(_edKey!));

    [Benchmark]
    public bool VerifyEs256() => VcJwt.VerifyAsync(_esJwt, StaticJwtKeyResolver.Empty).AsTask().GetAwaiter().GetResult().Verified;

    [Benchmark]
    public bool VerifyRs256() => VcJwt.VerifyAsync(_rsJwt, _rsaResolver).AsTask().GetAwaiter().GetResult().Verified;

    [Benchmark]
    public BakedCredential ExtractPng() => BadgeBaker.Extract(_bakedPng);

    private static string FindSample()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "samples", "badges", "badge.png")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("samples/badges/badge.png not found"), "samples", "badges", "badge.png");
    }
}
