using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.Tests.DataIntegrity;

/// <summary>
/// Credentials signed by real platforms (../shared/conformance/in-the-wild): the 89 DCC fixtures, the MIT Learn
/// templates, the Open Badge Factory credential, plus the known-bad ones. The README's signature column is the
/// expectation; the checked-in expected-failures list names the ones that must fail and with which code.
/// </summary>
public partial class InTheWildTests
{
    private static readonly Lazy<IVerificationMethodResolver> Resolver = new(() =>
    {
        var dids = TestPaths.ConformanceFile("in-the-wild", "dcc-vc-test-fixtures", "dids");
        var documents = Directory.GetDirectories(dids).Select(d =>
        {
            var doc = DiSupport.ReadObject(Path.Combine(d, "did.json"));
            return new KeyValuePair<string, JsonObject>((string)doc["id"]!, doc);
        });
        return new CompositeVerificationMethodResolver(new StaticControllerDocumentResolver(documents), DidKeyResolver.Instance);
    });

    private static readonly Lazy<JsonObject> ExpectedFailures = new(() =>
        DiSupport.ReadObject(Path.Combine(AppContext.BaseDirectory, "TestData", "DataIntegrity", "in-the-wild-expected-failures.json")));

    public static TheoryData<string> Credentials()
    {
        var data = new TheoryData<string>();
        foreach (var path in CredentialPaths())
        {
            data.Add(path);
        }

        return data;
    }

    private static List<string> CredentialPaths()
    {
        var readme = File.ReadAllText(TestPaths.ConformanceFile("in-the-wild", "README.md"));
        var data = new List<string>();
        string? section = null;
        foreach (var line in readme.Split('\n'))
        {
            var heading = SectionRegex().Match(line);
            if (heading.Success)
            {
                section = heading.Groups[1].Value;
                continue;
            }

            var row = RowRegex().Match(line);
            if (section is null || !row.Success)
            {
                continue;
            }

            var cells = line.Split('|');
            var signature = cells.Length > 7 ? cells[7] : string.Empty;
            if (signature.Contains('=', StringComparison.Ordinal))
            {
                data.Add(section + "/" + row.Groups[1].Value);
            }
        }

        return data;
    }

    [Fact]
    public void TheReadmeListsEveryDccFixtureAndTheOtherSignedCredentials()
    {
        var all = CredentialPaths();
        Assert.Equal(89, all.Count(p => p.StartsWith("dcc-vc-test-fixtures/", StringComparison.Ordinal)));
        Assert.Equal(3, all.Count(p => p.StartsWith("dcc-mit-learn-obv3-template/", StringComparison.Ordinal)));
        Assert.Contains("obf-openbadgefactory/obf-cloudnativebergen-test-badge-2025-11-08.json", all);
        foreach (var (path, _) in ExpectedFailures.Value)
        {
            Assert.True(path.StartsWith('_') || all.Contains(path), path);
        }
    }

    [Theory]
    [MemberData(nameof(Credentials))]
    public async Task ProofVerifiesExactlyWhenExpected(string path)
    {
        var document = DiSupport.ReadObject(TestPaths.ConformanceFile(["in-the-wild", .. path.Split('/')]));
        var result = await DataIntegrityProofs.VerifyAsync(document, DiSupport.Options(Resolver.Value) with { Canonicalizer = ProofCanonicalizer.Default });
        if (ExpectedFailures.Value[path] is JsonObject expected)
        {
            Assert.False(result.Verified);
            Assert.Contains(result.Proofs, p => p.ErrorCode == (string)expected["code"]!);
        }
        else
        {
            Assert.True(result.Verified, string.Join("; ", result.Proofs.Select(p => $"{p.Cryptosuite}: {p.ErrorCode} {p.Message}")));
        }
    }

    [Theory]
    [MemberData(nameof(Credentials))]
    public async Task TamperedSubjectFails(string path)
    {
        var document = DiSupport.ReadObject(TestPaths.ConformanceFile(["in-the-wild", .. path.Split('/')]));
        var subject = document["credentialSubject"] switch
        {
            JsonArray a => a[0] as JsonObject,
            JsonObject o => o,
            _ => null,
        };
        Assert.NotNull(subject);
        subject["id"] = "did:example:someone-else";
        var result = await DataIntegrityProofs.VerifyAsync(document, DiSupport.Options(Resolver.Value) with { Canonicalizer = ProofCanonicalizer.Default });
        Assert.False(result.Verified);
        Assert.All(result.Proofs, p => Assert.False(p.Verified));
    }

    [GeneratedRegex(@"^### `([^`/]+)/`")]
    private static partial Regex SectionRegex();

    [GeneratedRegex(@"^\| `([^`]+\.json)` \|")]
    private static partial Regex RowRegex();
}
