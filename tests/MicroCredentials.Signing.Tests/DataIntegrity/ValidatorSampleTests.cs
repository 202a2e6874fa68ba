using System.Text.Json.Nodes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.Tests.DataIntegrity;

/// <summary>The 1EdTech OB 3.0 validator samples whose expectation concerns the proof.</summary>
public class ValidatorSampleTests
{
    private static readonly Lazy<JsonObject> Expectations = new(() =>
        DiSupport.ReadObject(Path.Combine(AppContext.BaseDirectory, "TestData", "DataIntegrity", "ob-validator-proof-expectations.json")));

    private static readonly Lazy<IVerificationMethodResolver> Resolver = new(BuildResolver);

    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var (name, _) in Expectations.Value)
        {
            if (!name.StartsWith('_'))
            {
                data.Add(name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task ProofOutcomeMatchesTheExpectation(string sample)
    {
        var expected = (JsonObject)Expectations.Value[sample]!;
        var validatorExpectations = DiSupport.ReadObject(TestPaths.ConformanceFile("openbadges-3.0", "validator-samples", "expectations.json"));
        Assert.NotNull(validatorExpectations[sample]);

        var document = DiSupport.ReadObject(SamplePath(sample));
        var result = await DataIntegrityProofs.VerifyAsync(document, DiSupport.Options(Resolver.Value) with { Canonicalizer = ProofCanonicalizer.Default });
        Assert.True((bool)expected["verified"]! == result.Verified, string.Join("; ", result.Proofs.Select(p => $"{p.ErrorCode} {p.Message}")));
        if (expected["code"] is { } code)
        {
            var codes = result.Proofs.Select(p => p.ErrorCode).Append(result.ErrorCode);
            Assert.Contains((string)code!, codes);
        }

        if (expected["verifiedIndex"] is { } index)
        {
            Assert.True(result.Proofs[(int)index].Verified);
        }
    }

    [Fact]
    public async Task TamperedValidSampleFails()
    {
        var document = DiSupport.ReadObject(SamplePath("ob30/simple.json"));
        document["name"] = (string)document["name"]! + ".";
        var result = await DataIntegrityProofs.VerifyAsync(document, DiSupport.Options(Resolver.Value) with { Canonicalizer = ProofCanonicalizer.Default });
        Assert.False(result.Verified);
    }

    private static string SamplePath(string sample) => TestPaths.ConformanceFile(["openbadges-3.0", "validator-samples", .. sample.Split('/')]);

    /// <summary>
    /// did:key, plus one issuer profile per HTTPS issuer listing every key the samples name in a fragment
    /// (what the issuer would publish; the validator derives the key from the fragment instead).
    /// </summary>
    private static IVerificationMethodResolver BuildResolver()
    {
        var profiles = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (name, _) in Expectations.Value)
        {
            if (name.StartsWith('_'))
            {
                continue;
            }

            var document = DiSupport.ReadObject(SamplePath(name));
            var proofs = document["proof"] switch
            {
                JsonArray a => a.OfType<JsonObject>().ToList(),
                JsonObject o => [o],
                _ => [],
            };
            foreach (var proof in proofs)
            {
                var method = (string?)proof["verificationMethod"];
                if (method is null || !method.StartsWith("https://", StringComparison.Ordinal) || !method.Contains('#', StringComparison.Ordinal))
                {
                    continue;
                }

                var controller = method[..method.IndexOf('#', StringComparison.Ordinal)];
                if (!profiles.TryGetValue(controller, out var profile))
                {
                    profile = new JsonObject { ["id"] = controller, ["verificationMethod"] = new JsonArray(), ["assertionMethod"] = new JsonArray() };
                    profiles[controller] = profile;
                }

                if (((JsonArray)profile["assertionMethod"]!).Any(m => (string?)m == method))
                {
                    continue;
                }

                ((JsonArray)profile["verificationMethod"]!).Add(new JsonObject
                {
                    ["id"] = method,
                    ["type"] = "Multikey",
                    ["controller"] = controller,
                    ["publicKeyMultibase"] = method[(method.IndexOf('#', StringComparison.Ordinal) + 1)..],
                });
                ((JsonArray)profile["assertionMethod"]!).Add(method);
            }
        }

        return new CompositeVerificationMethodResolver(new StaticControllerDocumentResolver(profiles), DidKeyResolver.Instance);
    }
}
