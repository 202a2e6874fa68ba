using System.IO.Compression;
using MicroCredentials.Signing.Primitives;

namespace MicroCredentials.Signing.Status;

/// <summary>
/// A Bitstring Status List (W3C Bitstring Status List v1.0): <see cref="Length"/> entries of
/// <see cref="StatusSize"/> bits each. Bit 0 is the most significant bit of byte 0, and an entry's
/// bits are read most significant first. Not thread-safe: callers that share an instance synchronise.
/// </summary>
public sealed class BitstringStatusList
{
    /// <summary>The spec's minimum number of entries (131,072: 16 KiB of one-bit entries), for herd privacy.</summary>
    public const int MinimumEntries = 131_072;

    /// <summary>The largest supported <see cref="StatusSize"/>, in bits.</summary>
    public const int MaxStatusSize = 8;

    private readonly byte[] _bits;

    /// <summary>Creates a list with every entry 0.</summary>
    /// <param name="length">Number of entries; at least <see cref="MinimumEntries"/>.</param>
    /// <param name="statusSize">Bits per entry, 1 to <see cref="MaxStatusSize"/>.</param>
    public BitstringStatusList(int length = MinimumEntries, int statusSize = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, MinimumEntries);
        ArgumentOutOfRangeException.ThrowIfLessThan(statusSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusSize, MaxStatusSize);
        if ((long)length * statusSize > int.MaxValue - 7L)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "length × statusSize must fit in 2^31 bits");
        }

        Length = length;
        StatusSize = statusSize;
        _bits = new byte[(int)(((long)length * statusSize + 7) / 8)];
    }

    private BitstringStatusList(byte[] bits, int statusSize)
    {
        _bits = bits;
        StatusSize = statusSize;
        Length = (int)((long)bits.Length * 8 / statusSize);
    }

    /// <summary>Number of entries.</summary>
    public int Length { get; }

    /// <summary>Bits per entry.</summary>
    public int StatusSize { get; }

    /// <summary>The raw bitstring (bit 0 = most significant bit of byte 0).</summary>
    public ReadOnlySpan<byte> Bits => _bits;

    /// <summary>Reads the status value of entry <paramref name="index"/>.</summary>
    public int GetStatus(int index)
    {
        CheckIndex(index);
        var value = 0;
        var first = (long)index * StatusSize;
        for (var i = 0; i < StatusSize; i++)
        {
            var bit = first + i;
            value = (value << 1) | ((_bits[(int)(bit >> 3)] >> (7 - (int)(bit & 7))) & 1);
        }

        return value;
    }

    /// <summary>Sets the status value of entry <paramref name="index"/>; it must fit in <see cref="StatusSize"/> bits.</summary>
    public void SetStatus(int index, int value)
    {
        CheckIndex(index);
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, (1 << StatusSize) - 1);
        var first = (long)index * StatusSize;
        for (var i = 0; i < StatusSize; i++)
        {
            var bit = first + i;
            var mask = (byte)(1 << (7 - (int)(bit & 7)));
            var on = ((value >> (StatusSize - 1 - i)) & 1) != 0;
            ref var b = ref _bits[(int)(bit >> 3)];
            b = on ? (byte)(b | mask) : (byte)(b & ~mask);
        }
    }

    /// <summary>The indices whose status is not 0, in ascending order.</summary>
    public IEnumerable<int> NonZeroIndices()
    {
        for (var i = 0; i < Length; i++)
        {
            // Skip whole zero bytes quickly for one-bit lists, which is the common case.
            if (StatusSize == 1 && (i & 7) == 0 && _bits[i >> 3] == 0)
            {
                i += 7;
                continue;
            }

            if (GetStatus(i) != 0)
            {
                yield return i;
            }
        }
    }

    /// <summary>Encodes the list as the spec's <c>encodedList</c>: multibase <c>u</c> + base64url (no padding) of the GZIP bitstring.</summary>
    public string Encode()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(_bits, 0, _bits.Length);
        }

        return "u" + Base64UrlEncoding.Encode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>
    /// Decodes an untrusted <c>encodedList</c>. Decompression is bounded by <paramref name="limits"/>
    /// and stops as soon as the output passes <see cref="StatusListLimits.MaxDecodedBytes"/>.
    /// </summary>
    /// <exception cref="StatusListException">Code <see cref="StatusErrorCodes.DecodeError"/> or <see cref="StatusErrorCodes.TooLarge"/>.</exception>
    public static BitstringStatusList Decode(string encodedList, int statusSize = 1, StatusListLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(encodedList);
        ArgumentOutOfRangeException.ThrowIfLessThan(statusSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusSize, MaxStatusSize);
        limits ??= StatusListLimits.Default;
        if (encodedList.Length > limits.MaxEncodedChars)
        {
            throw new StatusListException(StatusErrorCodes.TooLarge, $"encodedList has {encodedList.Length} characters; the limit is {limits.MaxEncodedChars}");
        }

        if (encodedList.Length < 2 || encodedList[0] != 'u')
        {
            throw new StatusListException(StatusErrorCodes.DecodeError, "encodedList must be multibase base64url: it must start with 'u'");
        }

        if (!Base64UrlEncoding.TryDecode(encodedList.AsSpan(1), out var compressed))
        {
            throw new StatusListException(StatusErrorCodes.DecodeError, "encodedList is not base64url without padding");
        }

        var bits = Inflate(compressed, limits.MaxDecodedBytes);
        if (bits.Length == 0)
        {
            throw new StatusListException(StatusErrorCodes.DecodeError, "encodedList decompresses to an empty bitstring");
        }

        if ((long)bits.Length * 8 / statusSize == 0)
        {
            throw new StatusListException(StatusErrorCodes.DecodeError, "the bitstring is shorter than one entry");
        }

        return new BitstringStatusList(bits, statusSize);
    }

    internal static byte[] Inflate(byte[] compressed, int maxDecodedBytes)
    {
        // A fixed chunk buffer and an output capped at maxDecodedBytes + 1 byte: a bomb costs at most the cap.
        var chunk = new byte[64 * 1024];
        using var output = new MemoryStream();
        try
        {
            using var input = new MemoryStream(compressed, writable: false);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            while (true)
            {
                var want = (int)Math.Min(chunk.Length, (long)maxDecodedBytes + 1 - output.Length);
                var read = gzip.Read(chunk, 0, want);
                if (read == 0)
                {
                    break;
                }

                output.Write(chunk, 0, read);
                if (output.Length > maxDecodedBytes)
                {
                    throw new StatusListException(StatusErrorCodes.TooLarge, $"encodedList decompresses to more than {maxDecodedBytes} bytes");
                }
            }
        }
        catch (InvalidDataException ex)
        {
            throw new StatusListException(StatusErrorCodes.DecodeError, "encodedList is not valid GZIP data: " + ex.Message, ex);
        }

        return output.ToArray();
    }

    private void CheckIndex(int index)
    {
        if ((uint)index >= (uint)Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"index must be in [0, {Length})");
        }
    }
}
