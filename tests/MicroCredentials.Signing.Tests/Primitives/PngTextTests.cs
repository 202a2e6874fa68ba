using System.Buffers.Binary;
using System.IO.Compression;
using MicroCredentials.Signing.Primitives;
using Xunit;

namespace MicroCredentials.Signing.Tests.Primitives;

public sealed class PngTextTests
{
    [Fact]
    public void The_image_is_a_valid_greyscale_png_whose_heading_pixels_are_the_font_glyphs()
    {
        var png = PngText.Render(["Data Literacy", "Awarded to Maria Rossi", "by Universita di Bologna", "2026-12-04"]);
        var (width, height, pixels) = Decode(png);

        Assert.Equal(PngText.Width, width);
        Assert.True(height > 100 && height < 600, $"height {height}");

        // Heading at scale 4 from the top-left margin (32 px): every pixel of 'D' is ink exactly where the glyph says.
        var glyph = PngText.GlyphOf('D');
        for (var row = 0; row < 7; row++)
        {
            for (var column = 0; column < 5; column++)
            {
                var ink = glyph[(row * 6) + column] == '#';
                var value = pixels[((32 + (row * 4) + 1) * width) + 32 + (column * 4) + 1];
                Assert.Equal(ink ? 0 : 255, value);
            }
        }
    }

    [Fact]
    public void More_lines_make_a_taller_image_and_hostile_input_is_bounded()
    {
        var (_, small, _) = Decode(PngText.Render(["Title", "one"]));
        var (_, larger, _) = Decode(PngText.Render(["Title", "one", "two", "three"]));
        Assert.True(larger > small);

        var huge = PngText.Render(["T", new string('x', 1_000_000), string.Join(' ', Enumerable.Repeat("word", 100_000))]);
        var (_, height, _) = Decode(huge);
        Assert.True(height < 32 * 2 + (PngText.MaxLines * 10 * 4), $"height {height}");
    }

    [Theory]
    [InlineData("Università di Bologna", "Universita di Bologna")]
    [InlineData("Straße – Ærøskøbing", "Strasse - AEroskobing")]
    [InlineData("Łódź, Đakovo", "Lodz, Dakovo")]
    [InlineData("日本", "??")]
    [InlineData("tab\there", "tab here")]
    [InlineData("😀!", "?!")]
    public void Text_outside_ascii_is_approximated(string text, string expected) =>
        Assert.Equal(expected, PngText.ToAscii(text));

    [Fact]
    public void Empty_and_non_ascii_lines_render()
    {
        Assert.NotEmpty(PngText.Render([]));
        Assert.NotEmpty(PngText.Render(["", "Ελληνικά", "😀"]));
    }

    private static (int Width, int Height, byte[] Pixels) Decode(byte[] png)
    {
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        int width = 0, height = 0;
        using var idat = new MemoryStream();
        var offset = 8;
        while (offset < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var type = System.Text.Encoding.ASCII.GetString(png, offset + 4, 4);
            var data = png.AsSpan(offset + 8, length);
            Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length)), Crc32.Compute(png.AsSpan(offset + 4, 4), data));
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                Assert.Equal([8, 0, 0, 0, 0], data[8..].ToArray());
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }

            offset += 12 + length;
        }

        idat.Position = 0;
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        var bytes = raw.ToArray();
        Assert.Equal((width + 1) * height, bytes.Length);
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            Assert.Equal(0, bytes[y * (width + 1)]);
            Array.Copy(bytes, (y * (width + 1)) + 1, pixels, y * width, width);
        }

        return (width, height, pixels);
    }
}
