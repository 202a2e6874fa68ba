using System.Text.Json.Nodes;
using MicroCredentials.Signing.Canonicalization;
using MicroCredentials.Signing.Json;
using MicroCredentials.Signing.JsonLd;
using MicroCredentials.Signing.Rdf;
using MicroCredentials.Signing.Tests.Support;
using MicroCredentials.Signing.Verification;
using MicroCredentials.Signing.Verification.Checks;
using Xunit;

namespace MicroCredentials.Signing.Tests.Verification;

/// <summary>
/// Issue 12 §2: the proof check canonicalizes the RDF the context check's expansion produced instead of expanding the
/// credential again. That is only sound if the two are the same dataset for every real credential: checked here on
/// every signed credential of the conformance and real-world corpora.
/// </summary>
public sealed class OnePassTests
{
    [Fact]
    public async Task The_context_checks_expansion_minus_the_proof_is_the_dataset_the_proof_covers()
    {
        var processor = new JsonLdProcessor(StaticDocumentLoader.Default);
        var check = new ContextCheck(processor);
        var compared = 0;
        var roots = new[] { TestPaths.ConformanceFile("in-the-wild"), TestPaths.ConformanceFile("openbadges-3.0"), TestPaths.ConformanceFile("vc-di-eddsa"), TestPaths.ConformanceFile("vc-di-ecdsa") };
        foreach (var file in roots.SelectMany(r => Directory.EnumerateFiles(r, "*.json*", SearchOption.AllDirectories)))
        {
            var parsed = SafeJson.TryParse(File.ReadAllBytes(file));
            if (!parsed.Success || parsed.Value is not JsonObject document || document["proof"] is null || !document.ContainsKey("@context"))
            {
                continue;
            }

            IReadOnlyList<Quad> separately;
            try
            {
                separately = await processor.ToRdfAsync(document, new JsonLdOptions { SafeMode = true }, "proof", CancellationToken.None);
            }
            catch (JsonLdException)
            {
                continue;
            }

            var run = new VerificationRun();
            await check.CheckAsync(document, CheckJson.Strings(document["type"]), run.Checks, CancellationToken.None, run);
            if (run.DocumentQuads is null)
            {
                // Only when the context check itself refused the document (e.g. a proof that is not valid JSON-LD); the
                // proof check then expands on its own, and the credential is refused either way.
                Assert.Contains(run.Checks, c => c.Status == CheckStatus.Failed);
                continue;
            }

            Assert.Equal(Rdfc10.Canonicalize(separately).NQuads, Rdfc10.Canonicalize(run.DocumentQuads!.Value).NQuads);
            compared++;
        }

        Assert.True(compared >= 60, $"only {compared} signed documents compared");
    }
}
