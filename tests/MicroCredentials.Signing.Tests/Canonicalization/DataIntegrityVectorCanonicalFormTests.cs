using System.Text.Json.Nodes;
using MicroCredentials.Signing.Canonicalization;
using MicroCredentials.Signing.Json;
using MicroCredentials.Signing.Rdf;
using MicroCredentials.Signing.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.Tests.Canonicalization;

/// <summary>
/// The canonical forms and hashes in the vc-di-eddsa / vc-di-ecdsa vectors: RDFC files are fixed points of
/// RDFC-1.0 and hash to the published values; JCS files equal our canonicalization of the vector inputs.
/// </summary>
public sealed class DataIntegrityVectorCanonicalFormTests
{
    public static TheoryData<string> RdfcFolders() => Folders("rdfc");

    public static TheoryData<string> JcsFolders() => Folders("jcs");

    [Theory]
    [MemberData(nameof(RdfcFolders))]
    public void Rdfc_canonical_forms_are_fixed_points_and_hash_as_published(string folder)
    {
        var dir = TestPaths.ConformanceFile(folder.Split('/'));
        var algorithm = folder.Contains("p384", StringComparison.Ordinal) ? RdfcHashAlgorithm.Sha384 : RdfcHashAlgorithm.Sha256;
        var checkedFiles = 0;
        foreach (var (canonPrefix, hashPrefix) in new[] { ("canonDoc", "docHash"), ("proofCanon", "proofHash") })
        {
            var canonFile = Directory.GetFiles(dir, canonPrefix + "*.txt").Single();
            var canon = File.ReadAllText(canonFile);
            Assert.Equal(canon, Rdfc10.Canonicalize(NQuads.Parse(canon), new RdfcOptions { HashAlgorithm = algorithm }).NQuads);
            var hashFile = Directory.GetFiles(dir, hashPrefix + "*.txt").Single();
            Assert.Equal(File.ReadAllText(hashFile).Trim(), Convert.ToHexString(Rdfc10.Hash(canon, algorithm)).ToLowerInvariant());
            checkedFiles++;
        }

        Assert.Equal(2, checkedFiles);
    }

    [Theory]
    [MemberData(nameof(JcsFolders))]
    public void Jcs_canonical_forms_match(string folder)
    {
        var dir = TestPaths.ConformanceFile(folder.Split('/'));
        var proofConfig = JsonNode.Parse(File.ReadAllText(Directory.GetFiles(dir, "proofConfig*.json").Single()));
        var proofCanon = File.ReadAllText(Directory.GetFiles(dir, "proofCanon*.txt").Single());
        Assert.Equal(proofCanon, JsonCanonicalizer.Canonicalize(proofConfig));

        var unsigned = JsonNode.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(dir)!, "unsigned.json")));
        var canonDoc = File.ReadAllText(Directory.GetFiles(dir, "canonDoc*.txt").Single());
        Assert.Equal(canonDoc, JsonCanonicalizer.Canonicalize(unsigned));
    }

    private static TheoryData<string> Folders(string kind)
    {
        var data = new TheoryData<string>();
        foreach (var suite in new[] { "vc-di-eddsa", "vc-di-ecdsa" })
        {
            var root = TestPaths.ConformanceFile(suite, "TestVectors");
            foreach (var dir in Directory.GetDirectories(root, "*", SearchOption.AllDirectories))
            {
                var name = Path.GetRelativePath(TestPaths.Conformance, dir).Replace('\\', '/');
                if (name.Contains(kind, StringComparison.Ordinal) && !name.Contains("ecdsa-sd", StringComparison.Ordinal)
                    && Directory.GetFiles(dir, "canonDoc*.txt").Length == 1)
                {
                    data.Add(name);
                }
            }
        }

        return data;
    }
}
