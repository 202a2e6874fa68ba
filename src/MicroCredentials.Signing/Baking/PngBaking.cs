using System.Buffers.Binary;
using System.Text;
using MicroCredentials.Signing.Primitives;

namespace MicroCredentials.Signing.Baking;

/// <summary>
/// PNG baking: one <c>iTXt</c> chunk, keyword <c>openbadgecredential</c>, uncompressed, empty language tag and
/// translated keyword, placed before <c>IEND</c>. Chunk lengths are checked against the limits before any
/// allocation, and every chunk's CRC is checked. An image any other reader could read differently (a second
/// credential-bearing text chunk of any type or badge version, bytes after <c>IEND</c>) is refused, not read.
/// </summary>
internal static class PngBaking
{
    internal const string Keyword = "openbadgecredential";

    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public static bool HasSignature(ReadOnlySpan<byte> image) => image.StartsWith(Signature);

    public static string Extract(ReadOnlySpan<byte> png, BakingLimits limits)
    {
        var chunks = ReadChunks(png, limits);
        var last = chunks[^1];
        if (last.DataOffset + last.Length + 4 != png.Length)
        {
            // Readers that scan the whole file, or look past IEND, would find a second credential here.
            throw new BakingException(BakingException.TrailingData, "The PNG has data after its IEND chunk.");
        }

        // Every text chunk some reader could take for a badge is collected before any is parsed, so an image
        // saying two things is refused as ambiguous whatever order the chunks come in.
        Chunk? bearer = null;
        foreach (var chunk in chunks)
        {
            if (!IsCredentialBearing(chunk, png))
            {
                continue;
            }

            if (bearer is { } first)
            {
                throw new BakingException(BakingException.Ambiguous, $"The PNG holds more than one credential-bearing text chunk ({Describe(first, png)} and {Describe(chunk, png)}).");
            }

            bearer = chunk;
        }

        if (bearer is not { } found)
        {
            throw new BakingException(BakingException.NotFound, "The PNG holds no openbadgecredential iTXt chunk.");
        }

        var keyword = KeywordOf(found, png);
        if (found.Type == "iTXt" && keyword.SequenceEqual("openbadgecredential"u8))
        {
            return ReadBadgeText(png.Slice(found.DataOffset, found.Length))!;
        }

        if (Normalize(keyword) == "openbadges")
        {
            throw new BakingException(BakingException.NotFound, $"The PNG holds an Open Badges 2.0 assertion ({Describe(found, png)}), not an Open Badges 3.0 credential.");
        }

        // zTXt is never decompressed: an Open Badges 3.0 bake is uncompressed, and inflating would need its own bound.
        throw new BakingException(BakingException.Malformed, $"The credential is baked as {Describe(found, png)}; Open Badges 3.0 bakes it in an uncompressed iTXt chunk keyed openbadgecredential.");
    }

    public static byte[] Bake(ReadOnlySpan<byte> png, string credentialText, BakingLimits limits)
    {
        var text = Encoding.UTF8.GetBytes(credentialText);
        var keyword = Encoding.ASCII.GetBytes(Keyword);
        // keyword, NUL, compression flag, compression method, empty language tag + NUL, empty translated keyword + NUL
        var dataLength = keyword.Length + 5 + text.Length;
        if (dataLength > limits.MaxCredentialBytes)
        {
            throw new BakingException(BakingException.ChunkTooLarge, $"The credential needs a {dataLength}-byte chunk; the limit is {limits.MaxCredentialBytes}.");
        }

        var chunks = ReadChunks(png, limits);
        using var output = new MemoryStream(png.Length + dataLength + 12);
        output.Write(Signature);
        foreach (var chunk in chunks)
        {
            if (chunk.Type == "iTXt")
            {
                ReadBadgeText(png.Slice(chunk.DataOffset, chunk.Length)); // refuses an iTXt chunk without a keyword
            }

            if (IsCredentialBearing(chunk, png))
            {
                continue; // every earlier bake, of any version or chunk type, is replaced by the new credential
            }

            if (chunk.Type == "IEND")
            {
                var data = new byte[dataLength];
                keyword.CopyTo(data, 0);
                text.CopyTo(data, keyword.Length + 5);
                WriteChunk(output, "iTXt"u8, data);
            }

            output.Write(png.Slice(chunk.DataOffset - 8, chunk.Length + 12));
        }

        var baked = output.ToArray();
        if (baked.Length > limits.MaxImageBytes)
        {
            throw new BakingException(BakingException.TooLarge, $"The baked image would be {baked.Length} bytes; the limit is {limits.MaxImageBytes}.");
        }

        return baked;
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(buffer, (uint)data.Length);
        output.Write(buffer);
        output.Write(type);
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(buffer, Crc32.Compute(type, data));
        output.Write(buffer);
    }

    /// <summary>Returns the chunk text when this iTXt chunk is an Open Badges 3.0 credential, else null.</summary>
    private static string? ReadBadgeText(ReadOnlySpan<byte> data)
    {
        var nul = data.IndexOf((byte)0);
        if (nul < 1 || nul > 79)
        {
            throw new BakingException(BakingException.Malformed, "An iTXt chunk has no valid keyword.");
        }

        if (!data[..nul].SequenceEqual("openbadgecredential"u8))
        {
            return null;
        }

        var rest = data[(nul + 1)..];
        if (rest.Length < 2)
        {
            throw new BakingException(BakingException.Malformed, "The openbadgecredential chunk is truncated.");
        }

        if (rest[0] != 0)
        {
            throw new BakingException(BakingException.Malformed, "The openbadgecredential chunk is compressed; Open Badges 3.0 bakes it uncompressed.");
        }

        rest = rest[2..];
        for (var skip = 0; skip < 2; skip++)
        {
            var end = rest.IndexOf((byte)0);
            if (end < 0)
            {
                throw new BakingException(BakingException.Malformed, "The openbadgecredential chunk is truncated.");
            }

            rest = rest[(end + 1)..];
        }

        try
        {
            return StrictUtf8.GetString(rest);
        }
        catch (DecoderFallbackException ex)
        {
            throw new BakingException(BakingException.Malformed, "The openbadgecredential text is not UTF-8.", ex);
        }
    }

    private static bool IsTextChunk(string type) => type is "iTXt" or "tEXt" or "zTXt";

    /// <summary>
    /// True for a text chunk that any badge reader might take for a baked credential: keyword
    /// <c>openbadgecredential</c> (OB 3.0) or <c>openbadges</c> (OB 2.0), compared the way a lenient reader would,
    /// ignoring ASCII case and surrounding spaces.
    /// </summary>
    private static bool IsCredentialBearing(Chunk chunk, ReadOnlySpan<byte> png) =>
        IsTextChunk(chunk.Type) && Normalize(KeywordOf(chunk, png)) is "openbadgecredential" or "openbadges";

    /// <summary>The bytes before the first NUL; the whole chunk when there is none, which matches no keyword.</summary>
    private static ReadOnlySpan<byte> KeywordOf(Chunk chunk, ReadOnlySpan<byte> png)
    {
        var data = png.Slice(chunk.DataOffset, chunk.Length);
        var nul = data.IndexOf((byte)0);
        return nul < 0 ? data : data[..nul];
    }

    private static string? Normalize(ReadOnlySpan<byte> keyword)
    {
        keyword = keyword.Trim((byte)' ');
        return keyword.Length is 0 or > 79 ? null : Encoding.Latin1.GetString(keyword).ToLowerInvariant();
    }

    private static string Describe(Chunk chunk, ReadOnlySpan<byte> png) =>
        $"a {chunk.Type} chunk keyed '{Encoding.Latin1.GetString(KeywordOf(chunk, png))}'";

    private static List<Chunk> ReadChunks(ReadOnlySpan<byte> png, BakingLimits limits)
    {
        if (png.Length > limits.MaxImageBytes)
        {
            throw new BakingException(BakingException.TooLarge, $"The image is {png.Length} bytes; the limit is {limits.MaxImageBytes}.");
        }

        if (!HasSignature(png))
        {
            throw new BakingException(BakingException.Malformed, "Not a PNG image (bad signature).");
        }

        var chunks = new List<Chunk>();
        var offset = Signature.Length;
        while (true)
        {
            if (chunks.Count >= limits.MaxChunkCount)
            {
                throw new BakingException(BakingException.TooManyChunks, $"The PNG has more than {limits.MaxChunkCount} chunks.");
            }

            if (png.Length - offset < 12)
            {
                throw new BakingException(BakingException.Malformed, "The PNG ends inside a chunk header (no IEND).");
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(png.Slice(offset, 4));
            var typeBytes = png.Slice(offset + 4, 4);
            foreach (var b in typeBytes)
            {
                if (!char.IsAsciiLetter((char)b))
                {
                    throw new BakingException(BakingException.Malformed, "A PNG chunk has an invalid type.");
                }
            }

            var type = Encoding.ASCII.GetString(typeBytes);
            if (type == "iTXt" && length > (uint)limits.MaxCredentialBytes)
            {
                throw new BakingException(BakingException.ChunkTooLarge, $"An iTXt chunk declares {length} bytes; the limit is {limits.MaxCredentialBytes}.");
            }

            if (length > int.MaxValue || length > (uint)(png.Length - offset - 12))
            {
                throw new BakingException(BakingException.Malformed, $"The {type} chunk declares {length} bytes but the file ends first.");
            }

            var dataOffset = offset + 8;
            var data = png.Slice(dataOffset, (int)length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.Slice(dataOffset + (int)length, 4));
            if (crc != Crc32.Compute(typeBytes, data))
            {
                throw new BakingException(BakingException.CrcMismatch, $"The {type} chunk at offset {offset} has a wrong CRC.");
            }

            chunks.Add(new Chunk(type, dataOffset, (int)length));
            offset = dataOffset + (int)length + 4;
            if (type == "IEND")
            {
                return chunks;
            }

            if (chunks.Count == 1 && type != "IHDR")
            {
                throw new BakingException(BakingException.Malformed, "The PNG does not start with IHDR.");
            }
        }
    }

    private readonly record struct Chunk(string Type, int DataOffset, int Length);
}
