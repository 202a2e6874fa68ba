using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.JsonLd;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Status;
using MicroCredentials.Signing.Verification;

namespace MicroCredentials.Signing.Benchmarks;

/// <summary>
/// How cost grows with the credential (issue 12 §4): sign, proof verification and the whole verifier on OB 3.0
/// credentials of about 15, 150, 1,500 and 15,000 quads (an achievement with many alignments, each a blank node of
/// five quads). Linear growth is the goal; RDFC-1.0 is n log n in the blank nodes here, since each is distinct.
/// </summary>
[MemoryDiagnoser]
public class CredentialSizeBenchmarks
{
    private KeyPair key = null!;
    private ISigner signer = null!;
    private JsonObject unsigned = null!;
    private JsonObject signed = null!;
    private byte[] signedBytes = [];
    private CredentialVerifier verifier = null!;
    private readonly ProofCanonicalizer canonicalizer = ProofCanonicalizer.Create(StaticDocumentLoader.Default);

    /// <summary>Alignments: 0 → ~15 quads, 27 → ~150, 297 → ~1,500, 2,997 → ~15,000.</summary>
    [Params(0, 27, 297, 2_997)]
    public int Alignments { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        key = KeyAlgorithm.Ed25519.GenerateKeyPair();
        signer = new KeyPairSigner(key, DidKey.VerificationMethodId(key.PublicKey));
        unsigned = Build(DidKey.FromPublicKey(key.PublicKey), Alignments);
        signed = DataIntegrityProofs.SignAsync(unsigned, signer, Cryptosuite.EddsaRdfc2022, new ProofOptions { Canonicalizer = canonicalizer }).GetAwaiter().GetResult();
        signedBytes = System.Text.Encoding.UTF8.GetBytes(signed.ToJsonString());
        verifier = new CredentialVerifier(new CredentialVerifierOptions { Schema = SchemaPolicy.Off });
        var report = verifier.VerifyAsync(signedBytes).GetAwaiter().GetResult();
        var quads = new JsonLdProcessor(StaticDocumentLoader.Default).ToRdfAsync(unsigned, new JsonLdOptions { SafeMode = true }).AsTask().GetAwaiter().GetResult().Count;
        Console.WriteLine($"// {Alignments} alignments: {quads} quads, {signedBytes.Length:N0} bytes, verified {report.Verified}");
        if (!report.Verified)
        {
            throw new InvalidOperationException("benchmark credential does not verify: " + string.Join(", ", report.Failures.Select(f => f.Code)));
        }
    }

    [GlobalCleanup]
    public void Cleanup() => key.Dispose();

    [Benchmark]
    public Task<JsonObject> Sign() => DataIntegrityProofs.SignAsync(unsigned, signer, Cryptosuite.EddsaRdfc2022, new ProofOptions { Canonicalizer = canonicalizer });

    [Benchmark]
    public Task<ProofSetVerificationResult> VerifyProof() => DataIntegrityProofs.VerifyAsync(signed, new DataIntegrityVerificationOptions { Canonicalizer = canonicalizer });

    [Benchmark(Description = "CredentialVerifier (no schema)")]
    public Task<VerificationReport> VerifyWhole() => verifier.VerifyAsync(signedBytes);

    internal static JsonObject Build(string issuer, int alignments)
    {
        var list = new JsonArray();
        for (var i = 0; i < alignments; i++)
        {
            list.Add(new JsonObject
            {
                ["type"] = new JsonArray("Alignment"),
                ["targetName"] = "Learning outcome " + i,
                ["targetUrl"] = "https://example.edu/outcomes/" + i,
                ["targetCode"] = "LO-" + i,
                ["targetType"] = "ext:LearningOutcome",
            });
        }

        var achievement = new JsonObject
        {
            ["id"] = "https://example.edu/achievements/1",
            ["type"] = new JsonArray("Achievement"),
            ["name"] = "Data Literacy",
            ["criteria"] = new JsonObject { ["narrative"] = "Pass the exam." },
        };
        if (alignments > 0)
        {
            achievement["alignment"] = list;
        }

        return new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"),
            ["id"] = "urn:uuid:7f5c3b1e-2d3a-4a8e-9c11-2b8e0c9d4f01",
            ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
            ["issuer"] = new JsonObject { ["id"] = issuer, ["type"] = new JsonArray("Profile"), ["name"] = "Example University" },
            ["validFrom"] = "2026-01-01T00:00:00Z",
            ["name"] = "Data Literacy",
            ["credentialSubject"] = new JsonObject { ["id"] = "did:example:learner", ["type"] = new JsonArray("AchievementSubject"), ["achievement"] = achievement },
        };
    }
}

/// <summary>
/// Status lists from the spec minimum (131,072 entries, 16 KiB) to 16 MiB decoded (134 million entries): decoding
/// (base64url + gunzip, bounded by <see cref="StatusListLimits"/>) and reading one entry.
/// </summary>
[MemoryDiagnoser]
public class StatusListSizeBenchmarks
{
    private string encoded = string.Empty;

    [Params(16 * 1024, 1024 * 1024, 16 * 1024 * 1024)]
    public int DecodedBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var list = new BitstringStatusList(DecodedBytes * 8);
        list.SetStatus(DecodedBytes * 8 - 1, 1);
        encoded = list.Encode();
        Console.WriteLine($"// {DecodedBytes:N0} decoded bytes: {encoded.Length:N0} encoded characters");
    }

    [Benchmark(Description = "decode + read the last entry")]
    public int DecodeAndRead() => BitstringStatusList.Decode(encoded).GetStatus(DecodedBytes * 8 - 1);
}

/// <summary>
/// Batch verification on 1, 2 and 4 threads with one shared <see cref="CredentialVerifier"/> (thread-safe): 64
/// rich credentials per operation. On the 2-core CI machine, 2 threads is the ceiling.
/// </summary>
public class ParallelVerifyBenchmarks
{
    private byte[][] credentials = [];
    private CredentialVerifier verifier = null!;

    [Params(1, 2, 4)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        using var key = KeyAlgorithm.Ed25519.GenerateKeyPair();
        var signer = new KeyPairSigner(key, DidKey.VerificationMethodId(key.PublicKey));
        var signed = DataIntegrityProofs.SignAsync(CredentialSizeBenchmarks.Build(DidKey.FromPublicKey(key.PublicKey), 27), signer, Cryptosuite.EddsaRdfc2022).GetAwaiter().GetResult();
        var bytes = System.Text.Encoding.UTF8.GetBytes(signed.ToJsonString());
        credentials = Enumerable.Repeat(bytes, 64).ToArray();
        verifier = new CredentialVerifier(new CredentialVerifierOptions { Schema = SchemaPolicy.Off });
    }

    [Benchmark(Description = "verify 64 credentials")]
    public Task VerifyBatch() => Parallel.ForEachAsync(credentials, new ParallelOptions { MaxDegreeOfParallelism = Threads }, async (c, ct) =>
    {
        if (!(await verifier.VerifyAsync(c, cancellationToken: ct).ConfigureAwait(false)).Verified)
        {
            throw new InvalidOperationException("a batch credential did not verify");
        }
    });
}
