using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Baking;
using MicroCredentials.Signing.Cli;
using MicroCredentials.Signing.Tests.Hostile;
using MicroCredentials.Signing.Tests.Support;
using MicroCredentials.Signing.Verification;
using Xunit;

namespace MicroCredentials.Signing.Tests.Baking;

/// <summary>
/// Issue 11 §6: an image that holds one credential where this library looks and another where some other reader
/// looks (a second text chunk of any type, bytes after IEND, a second SVG element) must be refused, never read.
/// Each attack is paired with the clean bake it is built from, which still extracts.
/// </summary>
public sealed class AmbiguousBakeTests
{
    private const string Victim = """{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential","OpenBadgeCredential"],"name":"A"}""";
    private const string Other = """{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential","OpenBadgeCredential"],"name":"B"}""";
    private const string Jwt = "eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2lnbmF0dXJl";
    private const string Ob3 = "https://purl.imsglobal.org/ob/v3p0";

    private static byte[] SamplePng() => File.ReadAllBytes(TestPaths.RepoFile("samples", "badges", "badge.png"));

    private static byte[] CleanPng() => BadgeBaker.Bake(SamplePng(), Victim);

    private static string Refused(byte[] image) => Assert.Throws<BakingException>(() => BadgeBaker.Extract(image)).Code;

    private static byte[] Chunk(string type, byte[] data) => PngChunks.Build(type, data);

    private static byte[] ITxt(string keyword, string text) =>
        [.. Encoding.Latin1.GetBytes(keyword), 0, 0, 0, 0, 0, .. Encoding.UTF8.GetBytes(text)];

    private static byte[] TExt(string keyword, string text) =>
        [.. Encoding.Latin1.GetBytes(keyword), 0, .. Encoding.Latin1.GetBytes(text)];

    private static byte[] ZTxt(string keyword, string text)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal))
        {
            zlib.Write(Encoding.Latin1.GetBytes(text));
        }

        return [.. Encoding.Latin1.GetBytes(keyword), 0, 0, .. compressed.ToArray()];
    }

    /// <summary><paramref name="png"/> with <paramref name="chunk"/> inserted right after IHDR (8 + 25 bytes in).</summary>
    private static byte[] Insert(byte[] png, byte[] chunk) => [.. png.AsSpan(0, 33), .. chunk, .. png.AsSpan(33)];

    public static TheoryData<string, string> SecondChunks() => new()
    {
        { "iTXt", "openbadgecredential" },
        { "tEXt", "openbadgecredential" },
        { "zTXt", "openbadgecredential" },
        { "iTXt", "openbadges" },
        { "tEXt", "openbadges" },
        { "zTXt", "openbadges" },
        { "tEXt", "OpenBadgeCredential" },
        { "tEXt", " openbadges " },
    };

    private static byte[] TextChunk(string type, string keyword, string text) => Chunk(type, type switch
    {
        "iTXt" => ITxt(keyword, text),
        "tEXt" => TExt(keyword, text),
        _ => ZTxt(keyword, text),
    });

    [Fact]
    public void ControlACleanBakeExtracts()
    {
        Assert.Equal(Victim, BadgeBaker.Extract(CleanPng()).Text);

        // Unrelated text chunks, of every type, are not credentials and do not make a bake ambiguous.
        var annotated = Insert(Insert(Insert(CleanPng(), TextChunk("tEXt", "Software", "x")), TextChunk("zTXt", "Comment", Other)), TextChunk("iTXt", "Description", Other));
        Assert.Equal(Victim, BadgeBaker.Extract(annotated).Text);
    }

    [Theory]
    [MemberData(nameof(SecondChunks))]
    public void ASecondCredentialChunkOfAnyTextTypeIsAmbiguous(string type, string keyword)
    {
        var chunk = TextChunk(type, keyword, Other);
        Assert.Equal(BakingException.Ambiguous, Refused(Insert(CleanPng(), chunk)));

        // Order does not matter: the second chunk after the real one is refused the same way.
        var baked = CleanPng();
        var iend = baked.Length - 12;
        Assert.Equal(BakingException.Ambiguous, Refused([.. baked.AsSpan(0, iend), .. chunk, .. baked.AsSpan(iend)]));
    }

    [Theory]
    [InlineData("tEXt", "openbadgecredential", BakingException.Malformed)]
    [InlineData("zTXt", "openbadgecredential", BakingException.Malformed)]
    [InlineData("iTXt", "OpenBadgeCredential", BakingException.Malformed)]
    [InlineData("tEXt", "openbadges", BakingException.NotFound)]
    public void ALoneCredentialOutsideACanonicalITxtChunkIsNotRead(string type, string keyword, string code)
    {
        // zTXt is refused without inflating it, so a compression bomb costs nothing.
        Assert.Equal(code, Refused(Insert(SamplePng(), TextChunk(type, keyword, Victim))));
    }

    [Fact]
    public void DataAfterIendIsRefused()
    {
        var baked = CleanPng();
        Assert.Equal(BakingException.TrailingData, Refused([.. baked, .. Encoding.UTF8.GetBytes(Other)]));
        Assert.Equal(BakingException.TrailingData, Refused([.. baked, .. TextChunk("iTXt", "openbadgecredential", Other)]));
        Assert.Equal(BakingException.TrailingData, Refused([.. baked, 0]));
    }

    [Fact]
    public void BakingReplacesEveryEarlierCredentialChunkAndDropsTrailingData()
    {
        // An image that was ambiguous before baking is not ambiguous after: the baker removes every bearer.
        var dirty = Insert(Insert(SamplePng(), TextChunk("tEXt", "openbadges", Other)), TextChunk("zTXt", "openbadgecredential", Other));
        var rebaked = BadgeBaker.Bake([.. dirty, .. "junk"u8], Victim);
        Assert.Equal(Victim, BadgeBaker.Extract(rebaked).Text);
        Assert.DoesNotContain("openbadges\0", Encoding.Latin1.GetString(rebaked), StringComparison.Ordinal);
    }

    private static byte[] Svg(string body, string namespaces = $"xmlns:openbadges=\"{Ob3}\"") =>
        Encoding.UTF8.GetBytes($"<svg xmlns=\"http://www.w3.org/2000/svg\" {namespaces}>{body}<circle r=\"1\"/></svg>");

    [Fact]
    public void ControlACleanSvgBakeExtracts()
    {
        Assert.Equal(Victim, BadgeBaker.Extract(Svg($"<openbadges:credential><![CDATA[{Victim}]]></openbadges:credential>")).Text);
        Assert.Equal(Jwt, BadgeBaker.Extract(Svg($"<openbadges:credential verify=\"{Jwt}\"/>")).Text);

        // An element in another namespace that merely shares the local name is not a credential.
        Assert.Equal(Victim, BadgeBaker.Extract(Svg($"<openbadges:credential><![CDATA[{Victim}]]></openbadges:credential><x:credential>{Other}</x:credential>", $"xmlns:openbadges=\"{Ob3}\" xmlns:x=\"urn:example:other\"")).Text);
    }

    [Theory]
    // A second element under a different prefix bound to the same namespace.
    [InlineData($"<openbadges:credential><![CDATA[{Victim}]]></openbadges:credential><ob:credential><![CDATA[{Other}]]></ob:credential>", $"xmlns:openbadges=\"{Ob3}\" xmlns:ob=\"{Ob3}\"")]
    // The same element nested in a group, where a first-child reader would not look but a document-wide one would.
    [InlineData($"<openbadges:credential><![CDATA[{Victim}]]></openbadges:credential><g><openbadges:credential verify=\"{Jwt}\"/></g>", $"xmlns:openbadges=\"{Ob3}\"")]
    // An Open Badges 2.0 assertion next to the 3.0 credential.
    [InlineData($"<openbadges:credential><![CDATA[{Victim}]]></openbadges:credential><ob2:assertion verify=\"{Jwt}\"/>", $"xmlns:openbadges=\"{Ob3}\" xmlns:ob2=\"http://openbadges.org\"")]
    // A second openbadges:assertion element under the conventional prefix rebound elsewhere, which a reader matching
    // the qualified name would take.
    [InlineData($"<ob:credential><![CDATA[{Victim}]]></ob:credential><g xmlns:openbadges=\"urn:example:decoy\"><openbadges:assertion verify=\"{Jwt}\"/></g>", $"xmlns:ob=\"{Ob3}\"")]
    // Two openbadges:assertion elements.
    [InlineData($"<openbadges:assertion verify=\"{Jwt}\"/><openbadges:assertion verify=\"{Jwt}\"/>", "xmlns:openbadges=\"http://openbadges.org\"")]
    // One element, two credentials: the verify attribute and the content.
    [InlineData($"<openbadges:credential verify=\"{Jwt}\"><![CDATA[{Other}]]></openbadges:credential>", $"xmlns:openbadges=\"{Ob3}\"")]
    // One element, two verify attributes (one prefixed).
    [InlineData($"<openbadges:credential verify=\"{Jwt}\" openbadges:verify=\"{Jwt}\"/>", $"xmlns:openbadges=\"{Ob3}\"")]
    public void SvgsSayingTwoThingsAreAmbiguous(string body, string namespaces)
    {
        Assert.Equal(BakingException.Ambiguous, Refused(Svg(body, namespaces)));
    }

    [Fact]
    public void ALoneOb2AssertionInAnSvgIsNotRead()
    {
        Assert.Equal(BakingException.NotFound, Refused(Svg($"<openbadges:assertion verify=\"{Jwt}\"/>", "xmlns:openbadges=\"http://openbadges.org\"")));
    }

    [Fact]
    public void SvgBakingReplacesEveryEarlierCredentialElement()
    {
        var dirty = Svg($"<ob2:assertion verify=\"{Jwt}\"/><g><ob:credential><![CDATA[{Other}]]></ob:credential></g>", $"xmlns:ob2=\"http://openbadges.org\" xmlns:ob=\"{Ob3}\"");
        Assert.Equal(Victim, BadgeBaker.Extract(BadgeBaker.Bake(dirty, Victim)).Text);
    }

    [Fact]
    public async Task TheVerifierRefusesASignedCredentialBakedNextToAnother()
    {
        var signed = await HostileFixture.SignedAsync(HostileFixture.IssuerEd25519());
        var baked = BadgeBaker.Bake(SamplePng(), signed.ToJsonString());
        HostileFixture.AssertVerified(await HostileFixture.Verifier().VerifyAsync(baked));

        var report = await HostileFixture.Verifier().VerifyAsync(Insert(baked, TextChunk("tEXt", "openbadgecredential", Other)));
        HostileFixture.AssertFails(report, VerificationSteps.Parsing, BakingException.Ambiguous);
        Assert.Null(report.Credential);

        var trailing = await HostileFixture.Verifier().VerifyAsync((byte[])[.. baked, .. Encoding.UTF8.GetBytes(Other)]);
        HostileFixture.AssertFails(trailing, VerificationSteps.Parsing, BakingException.TrailingData);
    }

    [Fact]
    public async Task TheCliReportsTheCodeWithTheBakeErrorExitCode()
    {
        var dir = Directory.CreateTempSubdirectory("mcred-ambiguous-").FullName;
        try
        {
            var clean = Path.Combine(dir, "clean.png");
            var ambiguous = Path.Combine(dir, "ambiguous.png");
            File.WriteAllBytes(clean, CleanPng());
            File.WriteAllBytes(ambiguous, Insert(CleanPng(), TextChunk("zTXt", "openbadges", Other)));

            var ok = await Run("extract", "--in", clean);
            Assert.Equal(ExitCodes.Success, ok.Exit);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Victim), JsonNode.Parse(ok.Out)));

            var extract = await Run("extract", "--in", ambiguous);
            Assert.Equal(ExitCodes.Usage, extract.Exit);
            Assert.Equal("", extract.Out);
            Assert.Contains(BakingException.Ambiguous, extract.Err, StringComparison.Ordinal);

            // verify treats an unreadable bake like any other bake error: exit 2, the code in the report.
            var verify = await Run("verify", "--in", ambiguous);
            Assert.Equal(ExitCodes.Usage, verify.Exit);
            Assert.Contains(BakingException.Ambiguous, verify.Out + verify.Err, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static Task<(int Exit, string Out, string Err)> Run(params string[] args) =>
        CliRunner.RunAsync(args);
}
