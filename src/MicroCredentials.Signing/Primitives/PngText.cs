using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace MicroCredentials.Signing.Primitives;

/// <summary>
/// Renders a few lines of text as a grayscale PNG with a built-in 5×7 bitmap font. An EDC must embed a display image;
/// this draws one (title, learner, awarding body, date) without a graphics or font dependency, which a signing library
/// should not need. Characters outside printable ASCII are approximated (accents dropped, ligatures spelt out, others
/// become '?'), so the image is a faithful summary but not a typeset rendering: the credential's data is the record.
/// </summary>
internal static class PngText
{
    /// <summary>Image width in pixels (A4 portrait proportions are not needed; wallets scale the image).</summary>
    public const int Width = 800;

    /// <summary>At most this many text lines are drawn after wrapping, so hostile input cannot make a huge image.</summary>
    public const int MaxLines = 48;

    private const int GlyphWidth = 5;
    private const int GlyphHeight = 7;
    private const int Margin = 32;

    // One glyph per printable ASCII character (0x20 to 0x7E), seven rows of five pixels, '#' = ink.
    private static readonly string[] Glyphs =
    [
        "..... ..... ..... ..... ..... ..... .....", // space
        "..#.. ..#.. ..#.. ..#.. ..#.. ..... ..#..", // !
        ".#.#. .#.#. .#.#. ..... ..... ..... .....", // "
        ".#.#. .#.#. ##### .#.#. ##### .#.#. .#.#.", // #
        "..#.. .#### #.#.. .###. ..#.# ####. ..#..", // $
        "##... ##..# ...#. ..#.. .#... #..## ...##", // %
        ".##.. #..#. #.#.. .#... #.#.# #..#. .##.#", // &
        "..#.. ..#.. .#... ..... ..... ..... .....", // '
        "...#. ..#.. .#... .#... .#... ..#.. ...#.", // (
        ".#... ..#.. ...#. ...#. ...#. ..#.. .#...", // )
        "..... ..#.. #.#.# .###. #.#.# ..#.. .....", // *
        "..... ..#.. ..#.. ##### ..#.. ..#.. .....", // +
        "..... ..... ..... ..... .##.. ..#.. .#...", // ,
        "..... ..... ..... ##### ..... ..... .....", // -
        "..... ..... ..... ..... ..... .##.. .##..", // .
        "..... ....# ...#. ..#.. .#... #.... .....", // /
        ".###. #...# #..## #.#.# ##..# #...# .###.", // 0
        "..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.", // 1
        ".###. #...# ....# ...#. ..#.. .#... #####", // 2
        "##### ...#. ..#.. ...#. ....# #...# .###.", // 3
        "...#. ..##. .#.#. #..#. ##### ...#. ...#.", // 4
        "##### #.... ####. ....# ....# #...# .###.", // 5
        "..##. .#... #.... ####. #...# #...# .###.", // 6
        "##### ....# ...#. ..#.. .#... .#... .#...", // 7
        ".###. #...# #...# .###. #...# #...# .###.", // 8
        ".###. #...# #...# .#### ....# ...#. .##..", // 9
        "..... .##.. .##.. ..... .##.. .##.. .....", // :
        "..... .##.. .##.. ..... .##.. ..#.. .#...", // ;
        "...#. ..#.. .#... #.... .#... ..#.. ...#.", // <
        "..... ..... ##### ..... ##### ..... .....", // =
        ".#... ..#.. ...#. ....# ...#. ..#.. .#...", // >
        ".###. #...# ....# ...#. ..#.. ..... ..#..", // ?
        ".###. #...# ....# .##.# #.#.# #.#.# .###.", // @
        ".###. #...# #...# ##### #...# #...# #...#", // A
        "####. #...# #...# ####. #...# #...# ####.", // B
        ".###. #...# #.... #.... #.... #...# .###.", // C
        "###.. #..#. #...# #...# #...# #..#. ###..", // D
        "##### #.... #.... ####. #.... #.... #####", // E
        "##### #.... #.... ####. #.... #.... #....", // F
        ".###. #...# #.... #.### #...# #...# .####", // G
        "#...# #...# #...# ##### #...# #...# #...#", // H
        ".###. ..#.. ..#.. ..#.. ..#.. ..#.. .###.", // I
        "..### ...#. ...#. ...#. ...#. #..#. .##..", // J
        "#...# #..#. #.#.. ##... #.#.. #..#. #...#", // K
        "#.... #.... #.... #.... #.... #.... #####", // L
        "#...# ##.## #.#.# #.#.# #...# #...# #...#", // M
        "#...# #...# ##..# #.#.# #..## #...# #...#", // N
        ".###. #...# #...# #...# #...# #...# .###.", // O
        "####. #...# #...# ####. #.... #.... #....", // P
        ".###. #...# #...# #...# #.#.# #..#. .##.#", // Q
        "####. #...# #...# ####. #.#.. #..#. #...#", // R
        ".#### #.... #.... .###. ....# ....# ####.", // S
        "##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..", // T
        "#...# #...# #...# #...# #...# #...# .###.", // U
        "#...# #...# #...# #...# #...# .#.#. ..#..", // V
        "#...# #...# #...# #.#.# #.#.# #.#.# .#.#.", // W
        "#...# #...# .#.#. ..#.. .#.#. #...# #...#", // X
        "#...# #...# .#.#. ..#.. ..#.. ..#.. ..#..", // Y
        "##### ....# ...#. ..#.. .#... #.... #####", // Z
        ".###. .#... .#... .#... .#... .#... .###.", // [
        "..... #.... .#... ..#.. ...#. ....# .....", // \
        ".###. ...#. ...#. ...#. ...#. ...#. .###.", // ]
        "..#.. .#.#. #...# ..... ..... ..... .....", // ^
        "..... ..... ..... ..... ..... ..... #####", // _
        ".#... ..#.. ...#. ..... ..... ..... .....", // `
        "..... ..... .###. ....# .#### #...# .####", // a
        "#.... #.... #.##. ##..# #...# #...# ####.", // b
        "..... ..... .###. #.... #.... #...# .###.", // c
        "....# ....# .##.# #..## #...# #...# .####", // d
        "..... ..... .###. #...# ##### #.... .###.", // e
        "..##. .#..# .#... ###.. .#... .#... .#...", // f
        "..... .#### #...# #...# .#### ....# .###.", // g
        "#.... #.... #.##. ##..# #...# #...# #...#", // h
        "..#.. ..... .##.. ..#.. ..#.. ..#.. .###.", // i
        "...#. ..... ..##. ...#. ...#. #..#. .##..", // j
        "#.... #.... #..#. #.#.. ##... #.#.. #..#.", // k
        ".##.. ..#.. ..#.. ..#.. ..#.. ..#.. .###.", // l
        "..... ..... ##.#. #.#.# #.#.# #...# #...#", // m
        "..... ..... #.##. ##..# #...# #...# #...#", // n
        "..... ..... .###. #...# #...# #...# .###.", // o
        "..... ..... ####. #...# ####. #.... #....", // p
        "..... ..... .##.# #..## .#### ....# ....#", // q
        "..... ..... #.##. ##..# #.... #.... #....", // r
        "..... ..... .###. #.... .###. ....# ####.", // s
        ".#... .#... ###.. .#... .#... .#..# ..##.", // t
        "..... ..... #...# #...# #...# #..## .##.#", // u
        "..... ..... #...# #...# #...# .#.#. ..#..", // v
        "..... ..... #...# #...# #.#.# #.#.# .#.#.", // w
        "..... ..... #...# .#.#. ..#.. .#.#. #...#", // x
        "..... ..... #...# #...# .#### ....# .###.", // y
        "..... ..... ##### ...#. ..#.. .#... #####", // z
        "...#. ..#.. ..#.. .#... ..#.. ..#.. ...#.", // {
        "..#.. ..#.. ..#.. ..#.. ..#.. ..#.. ..#..", // |
        ".#... ..#.. ..#.. ...#. ..#.. ..#.. .#...", // }
        "..... ..... .#... #.#.# ...#. ..... .....", // ~
    ];

    /// <summary>
    /// Renders <paramref name="lines"/>: the first as a heading (larger), the rest as body text, each word-wrapped to
    /// the image width, with a frame.
    /// </summary>
    public static byte[] Render(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var layout = new List<(string Text, int Scale)>();
        for (var i = 0; i < lines.Count && layout.Count < MaxLines; i++)
        {
            var scale = i == 0 ? 4 : 3;
            foreach (var wrapped in Wrap(ToAscii(lines[i] ?? string.Empty), (Width - (2 * Margin)) / ((GlyphWidth + 1) * scale)))
            {
                if (layout.Count == MaxLines)
                {
                    break;
                }

                layout.Add((wrapped, scale));
            }

            if (i == 0 && layout.Count < MaxLines)
            {
                layout.Add((string.Empty, 2)); // space under the heading
            }
        }

        var height = 2 * Margin;
        foreach (var (_, scale) in layout)
        {
            height += (GlyphHeight + 3) * scale;
        }

        var pixels = new byte[Width * height];
        pixels.AsSpan().Fill(0xFF);
        DrawFrame(pixels, height);
        var y = Margin;
        foreach (var (text, scale) in layout)
        {
            var x = Margin;
            foreach (var c in text)
            {
                DrawGlyph(pixels, x, y, c, scale);
                x += (GlyphWidth + 1) * scale;
            }

            y += (GlyphHeight + 3) * scale;
        }

        return Encode(pixels, height);
    }

    /// <summary>The glyph rows for a printable ASCII character, for tests that read the image back.</summary>
    internal static string GlyphOf(char c) => Glyphs[c - 0x20];

    /// <summary>Reduces text to printable ASCII: decomposes accents away and spells out common letters that do not decompose.</summary>
    internal static string ToAscii(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (c is >= ' ' and <= '~')
            {
                builder.Append(c);
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                builder.Append(' ');
                continue;
            }

            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
                or UnicodeCategory.Format or UnicodeCategory.Control)
            {
                continue;
            }

            builder.Append(c switch
            {
                'ß' => "ss",
                'æ' => "ae",
                'Æ' => "AE",
                'œ' => "oe",
                'Œ' => "OE",
                'ø' => "o",
                'Ø' => "O",
                'đ' or 'ð' => "d",
                'Đ' or 'Ð' => "D",
                'ł' => "l",
                'Ł' => "L",
                'ı' => "i",
                'þ' => "th",
                'Þ' => "Th",
                '–' or '—' or '−' or '·' or '•' => "-",
                '‘' or '’' or '‚' => "'",
                '“' or '”' or '„' or '«' or '»' => "\"",
                '…' => "...",
                '€' => "EUR",
                _ => char.IsLowSurrogate(c) ? string.Empty : "?",
            });
        }

        return builder.ToString();
    }

    private static IEnumerable<string> Wrap(string text, int columns)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var line = new StringBuilder();
        foreach (var word in words)
        {
            var rest = word;
            while (rest.Length > 0)
            {
                var room = line.Length == 0 ? columns : columns - line.Length - 1;
                if (rest.Length <= room)
                {
                    if (line.Length > 0)
                    {
                        line.Append(' ');
                    }

                    line.Append(rest);
                    rest = string.Empty;
                }
                else if (line.Length > 0)
                {
                    yield return line.ToString();
                    line.Clear();
                }
                else
                {
                    // A word longer than a line is broken where it must be.
                    yield return rest[..columns];
                    rest = rest[columns..];
                }
            }
        }

        if (line.Length > 0 || words.Length == 0)
        {
            yield return line.ToString();
        }
    }

    private static void DrawGlyph(byte[] pixels, int x, int y, char c, int scale)
    {
        var glyph = Glyphs[c - 0x20];
        for (var row = 0; row < GlyphHeight; row++)
        {
            for (var column = 0; column < GlyphWidth; column++)
            {
                if (glyph[(row * (GlyphWidth + 1)) + column] != '#')
                {
                    continue;
                }

                for (var dy = 0; dy < scale; dy++)
                {
                    pixels.AsSpan(((y + (row * scale) + dy) * Width) + x + (column * scale), scale).Clear();
                }
            }
        }
    }

    private static void DrawFrame(byte[] pixels, int height)
    {
        const int inset = Margin / 2;
        const byte grey = 0x80;
        for (var x = inset; x < Width - inset; x++)
        {
            pixels[(inset * Width) + x] = grey;
            pixels[((height - inset - 1) * Width) + x] = grey;
        }

        for (var y = inset; y < height - inset; y++)
        {
            pixels[(y * Width) + inset] = grey;
            pixels[(y * Width) + Width - inset - 1] = grey;
        }
    }

    private static byte[] Encode(byte[] pixels, int height)
    {
        using var output = new MemoryStream();
        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth; colour type 0 (greyscale), deflate, no filter method, no interlace follow as zeros
        WriteChunk(output, "IHDR"u8, header);

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (var y = 0; y < height; y++)
            {
                zlib.WriteByte(0); // filter type None
                zlib.Write(pixels, y * Width, Width);
            }
        }

        WriteChunk(output, "IDAT"u8, compressed.ToArray());
        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Compute(type, data));
        output.Write(word);
    }
}
