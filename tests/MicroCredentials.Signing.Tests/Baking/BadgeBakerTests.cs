using System.Buffers.Binary;
using System.Text;
using CsCheck;
using MicroCredentials.Signing.Baking;
using MicroCredentials.Signing.Tests.Support;
using Xunit;
using MicroCredentials.Signing.Primitives;

namespace MicroCredentials.Signing.Tests.Baking;

public class BadgeBakerTests
{
    private const string Credential = """{"@context":["https://www.w3.org/ns/credentials/v2","https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],"type":["VerifiableCredential","OpenBadgeCredential"],"name":"Ünïcode ]]> badge"}""";
    private const string Jwt = "eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2lnbmF0dXJl";

    private static byte[] SamplePng() => File.ReadAllBytes(TestPaths.RepoFile("samples", "badges", "badge.png"));

    private static byte[] SampleSvg() => File.ReadAllBytes(TestPaths.RepoFile("samples", "badges", "badge.svg"));

    private static BakingException Refused(byte[] image, BakingLimits? limits = null) =>
        Assert.Throws<BakingException>(() => BadgeBaker.Extract(image, limits));

    private static List<(string Type, byte[] Data)> Chunks(byte[] png)
    {
        var list = new List<(string, byte[])>();
        for (var offset = 8; offset < png.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset));
            list.Add((Encoding.ASCII.GetString(png, offset + 4, 4), png.AsSpan(offset + 8, length).ToArray()));
            offset += length + 12;
        }

        return list;
    }

    private static byte[] Chunk(string type, byte[] data, bool goodCrc = true)
    {
        var typeBytes = Encoding.ASCII.GetBytes(type);
        var buffer = new byte[data.Length + 12];
        BinaryPrimitives.WriteUInt32BigEndian(buffer, (uint)data.Length);
        typeBytes.CopyTo(buffer, 4);
        data.CopyTo(buffer, 8);
        var crc = Crc32.Compute(typeBytes, data) ^ (goodCrc ? 0u : 1u);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(data.Length + 8), crc);
        return buffer;
    }

    /// <summary>The sample PNG with extra chunks inserted after IHDR.</summary>
    private static byte[] PngWith(params byte[][] extra)
    {
        var chunks = Chunks(SamplePng());
        var output = new List<byte>(SamplePng().AsSpan(0, 8).ToArray());
        output.AddRange(Chunk(chunks[0].Type, chunks[0].Data));
        foreach (var e in extra)
        {
            output.AddRange(e);
        }

        foreach (var (type, data) in chunks.Skip(1))
        {
            output.AddRange(Chunk(type, data));
        }

        return output.ToArray();
    }

    private static byte[] ITxt(string keyword, string text, byte compression = 0) =>
        [.. Encoding.ASCII.GetBytes(keyword), 0, compression, 0, 0, 0, .. Encoding.UTF8.GetBytes(text)];

    [Fact]
    public void Crc32MatchesTheStandardCheckValue()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
        Assert.Equal(0xAE426082u, Crc32.Compute("IEND"u8)); // every PNG ends with this CRC
    }

    [Fact]
    public void PngRoundTripPutsOneUncompressedITxtChunkBeforeIend()
    {
        var baked = BadgeBaker.Bake(SamplePng(), Credential);
        var chunks = Chunks(baked);
        Assert.Equal("IEND", chunks[^1].Type);
        Assert.Equal("iTXt", chunks[^2].Type);
        Assert.Equal(ITxt("openbadgecredential", Credential), chunks[^2].Data);

        var extracted = BadgeBaker.Extract(baked);
        Assert.Equal(new BakedCredential(BadgeImageFormat.Png, Credential, IsJwt: false), extracted);
        // The image data is untouched.
        Assert.Equal(Chunks(SamplePng()).Select(c => c.Data), chunks.Where(c => c.Type != "iTXt").Select(c => c.Data));
    }

    [Fact]
    public void RebakingAPngReplacesTheCredential()
    {
        var twice = BadgeBaker.Bake(BadgeBaker.Bake(SamplePng(), Credential), Jwt);
        Assert.Single(Chunks(twice), c => c.Type == "iTXt");
        Assert.Equal(new BakedCredential(BadgeImageFormat.Png, Jwt, IsJwt: true), BadgeBaker.Extract(twice));
    }

    [Fact]
    public void AnUnbakedImageHasNoCredential()
    {
        Assert.Equal(BakingException.NotFound, Refused(SamplePng()).Code);
        Assert.Equal(BakingException.NotFound, Refused(PngWith(Chunk("iTXt", ITxt("openbadges", Credential)))).Code);
        Assert.Equal(BakingException.NotFound, Refused(SampleSvg()).Code);
    }

    [Fact]
    public void PngWithAHugeITxtLengthFieldIsRefusedBeforeReading()
    {
        var header = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(header, 0x7FFFFFF0);
        "iTXt"u8.CopyTo(header.AsSpan(4));
        var png = PngWith(header);
        Assert.Equal(BakingException.ChunkTooLarge, Refused(png).Code);
        // Within the iTXt limit but past the end of the file: truncated.
        BinaryPrimitives.WriteUInt32BigEndian(header, 1000);
        Assert.Equal(BakingException.Malformed, Refused(PngWith(header)).Code);
    }

    [Fact]
    public void PngWithALargeButTruthfulITxtChunkIsRefused()
    {
        var limits = new BakingLimits { MaxCredentialBytes = 100 };
        var png = PngWith(Chunk("iTXt", ITxt("openbadgecredential", new string('x', 200))));
        Assert.Equal(BakingException.ChunkTooLarge, Refused(png, limits).Code);
        Assert.Equal(BakingException.ChunkTooLarge, Assert.Throws<BakingException>(() => BadgeBaker.Bake(SamplePng(), Jwt + new string('A', 200), limits)).Code);
    }

    [Fact]
    public void PngWithThousandsOfChunksIsRefused()
    {
        var tiny = Chunk("tEXt", "a\0b"u8.ToArray());
        var png = PngWith(Enumerable.Repeat(tiny, 10_000).ToArray());
        Assert.Equal(BakingException.TooManyChunks, Refused(png).Code);
        Assert.Equal(BakingException.TooManyChunks, Refused(PngWith(tiny, tiny, tiny), new BakingLimits { MaxChunkCount = 4 }).Code);
    }

    [Fact]
    public void TruncatedPngsAreMalformed()
    {
        var baked = BadgeBaker.Bake(SamplePng(), Credential);
        foreach (var cut in new[] { 4, 8, 20, 33, baked.Length - 20, baked.Length - 1 })
        {
            Assert.Equal(BakingException.Malformed, Refused(baked[..cut]).Code);
        }
    }

    [Fact]
    public void ACorruptedChunkFailsItsCrc()
    {
        var baked = BadgeBaker.Bake(SamplePng(), Credential);
        var index = Encoding.UTF8.GetString(baked).IndexOf("OpenBadgeCredential", StringComparison.Ordinal);
        baked[index] ^= 0x20;
        Assert.Equal(BakingException.CrcMismatch, Refused(baked).Code);
        Assert.Equal(BakingException.CrcMismatch, Refused(PngWith(Chunk("iTXt", ITxt("openbadgecredential", Credential), goodCrc: false))).Code);
    }

    [Fact]
    public void TwoBakedCredentialsAreAmbiguous()
    {
        var chunk = Chunk("iTXt", ITxt("openbadgecredential", Credential));
        Assert.Equal(BakingException.Ambiguous, Refused(PngWith(chunk, chunk)).Code);
    }

    [Fact]
    public void CompressedOrGarbledCredentialChunksAreMalformed()
    {
        Assert.Equal(BakingException.Malformed, Refused(PngWith(Chunk("iTXt", ITxt("openbadgecredential", Credential, compression: 1)))).Code);
        Assert.Equal(BakingException.Malformed, Refused(PngWith(Chunk("iTXt", ITxt("openbadgecredential", "not a credential")))).Code);
        Assert.Equal(BakingException.Malformed, Refused([0x89, 0x50, 0x4E, 0x47]).Code);
    }

    [Fact]
    public void OversizedImagesAreRefused()
    {
        var limits = new BakingLimits { MaxImageBytes = 100 };
        Assert.Equal(BakingException.TooLarge, Refused(SamplePng(), limits).Code);
        Assert.Equal(BakingException.TooLarge, Refused(SampleSvg(), limits).Code);
    }

    [Fact]
    public void SvgRoundTripHoldsJsonInCdataAndJwtInVerify()
    {
        var baked = BadgeBaker.Bake(SampleSvg(), Credential);
        var text = Encoding.UTF8.GetString(baked);
        Assert.Contains("xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\"", text, StringComparison.Ordinal);
        Assert.Contains("<openbadges:credential><![CDATA[", text, StringComparison.Ordinal);
        Assert.Equal(new BakedCredential(BadgeImageFormat.Svg, Credential, IsJwt: false), BadgeBaker.Extract(baked));

        var jwt = BadgeBaker.Bake(baked, Jwt);
        var jwtText = Encoding.UTF8.GetString(jwt);
        Assert.Contains($"<openbadges:credential verify=\"{Jwt}\" />", jwtText, StringComparison.Ordinal);
        Assert.DoesNotContain("CDATA", jwtText, StringComparison.Ordinal);
        Assert.Equal(new BakedCredential(BadgeImageFormat.Svg, Jwt, IsJwt: true), BadgeBaker.Extract(jwt));
    }

    [Fact]
    public void SvgWithAnExternalEntityIsRefused()
    {
        var svg = """
            <?xml version="1.0"?>
            <!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential>&xxe;</openbadges:credential></svg>
            """;
        Assert.Equal(BakingException.DtdProhibited, Refused(Encoding.UTF8.GetBytes(svg)).Code);
        Assert.Equal(BakingException.DtdProhibited, Assert.Throws<BakingException>(() => BadgeBaker.Bake(Encoding.UTF8.GetBytes(svg), Credential)).Code);
    }

    [Fact]
    public void SvgWithBillionLaughsIsRefused()
    {
        var dtd = new StringBuilder("<!DOCTYPE svg [<!ENTITY lol0 \"lol\">");
        for (var i = 1; i < 10; i++)
        {
            dtd.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">");
        }

        dtd.Append("]>");
        var svg = dtd + "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\"><openbadges:credential>&lol9;</openbadges:credential></svg>";
        Assert.Equal(BakingException.DtdProhibited, Refused(Encoding.UTF8.GetBytes(svg)).Code);
    }

    [Fact]
    public void SvgWithTooManyElementsIsRefused()
    {
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\">" + string.Concat(Enumerable.Repeat("<g/>", 5_000)) + "</svg>";
        Assert.Equal(BakingException.TooManyChunks, Refused(Encoding.UTF8.GetBytes(svg)).Code);
        Assert.Equal(BakingException.TooManyChunks, Assert.Throws<BakingException>(() => BadgeBaker.Bake(Encoding.UTF8.GetBytes(svg), Credential)).Code);
    }

    [Fact]
    public void MalformedSvgsAreRefused()
    {
        Assert.Equal(BakingException.Malformed, Refused("<svg><g></svg>"u8.ToArray()).Code);
        var two = """<svg xmlns:o="https://purl.imsglobal.org/ob/v3p0"><o:credential verify="a.b.c"/><o:credential verify="a.b.c"/></svg>""";
        Assert.Equal(BakingException.Ambiguous, Refused(Encoding.UTF8.GetBytes(two)).Code);
        var markup = """<svg xmlns:o="https://purl.imsglobal.org/ob/v3p0"><o:credential><x/></o:credential></svg>""";
        Assert.Equal(BakingException.Malformed, Refused(Encoding.UTF8.GetBytes(markup)).Code);
        Assert.Equal(BakingException.Malformed, Refused("GIF89a"u8.ToArray()).Code);
    }

    [Fact]
    public void BakingRefusesTextThatIsNotACredential()
    {
        Assert.Throws<ArgumentException>(() => BadgeBaker.Bake(SamplePng(), "hello"));
        Assert.Throws<ArgumentException>(() => BadgeBaker.Bake(SamplePng(), "{\"a\":1,\"a\":2}"));
        Assert.Throws<ArgumentNullException>(() => BadgeBaker.Bake(SamplePng(), null!));
    }

    [Fact]
    public void TryExtractReportsTheCode()
    {
        Assert.False(BadgeBaker.TryExtract(SamplePng(), out var none, out var error));
        Assert.Null(none);
        Assert.Equal(BakingException.NotFound, error!.Code);
        Assert.True(BadgeBaker.TryExtract(BadgeBaker.Bake(SamplePng(), Jwt), out var found, out var noError));
        Assert.Equal(Jwt, found!.Text);
        Assert.Null(noError);
    }

    [Fact]
    public void RandomCorruptionOfABakedPngOnlyEverYieldsABakingException()
    {
        var baked = BadgeBaker.Bake(SamplePng(), Credential);
        Gen.Select(Gen.Int[0, baked.Length - 1], Gen.Byte, Gen.Int[0, baked.Length]).Sample(t =>
        {
            var (position, value, cut) = t;
            var image = baked.ToArray();
            image[position] = value;
            image = image[..Math.Max(cut, 1)];
            try
            {
                var extracted = BadgeBaker.Extract(image);
                // Only a change outside the credential chunk's covered bytes can leave it readable, and then intact.
                Assert.Equal(Credential, extracted.Text);
            }
            catch (BakingException ex)
            {
                Assert.StartsWith("BAKING_", ex.Code, StringComparison.Ordinal);
            }
        }, iter: 2_000);
    }

    [Fact]
    public void RandomCorruptionOfABakedSvgOnlyEverYieldsABakingException()
    {
        var baked = BadgeBaker.Bake(SampleSvg(), Credential);
        Gen.Select(Gen.Int[0, baked.Length - 1], Gen.Byte).Sample(t =>
        {
            var image = baked.ToArray();
            image[t.Item1] = t.Item2;
            try
            {
                Assert.NotNull(BadgeBaker.Extract(image).Text);
            }
            catch (BakingException ex)
            {
                Assert.StartsWith("BAKING_", ex.Code, StringComparison.Ordinal);
            }
        }, iter: 1_000);
    }
}
