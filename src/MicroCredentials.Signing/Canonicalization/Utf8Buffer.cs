using System.Buffers;
using System.Text;

namespace MicroCredentials.Signing.Canonicalization;

/// <summary>A growable UTF-8 byte buffer over <see cref="ArrayPool{T}"/>; <see cref="Dispose"/> returns the array.</summary>
internal sealed class Utf8Buffer : IDisposable
{
    private byte[] buffer;

    public Utf8Buffer(int initialCapacity)
    {
        buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 256));
    }

    public int Length { get; set; }

    public ReadOnlySpan<byte> Written => buffer.AsSpan(0, Length);

    public ReadOnlySpan<byte> Slice(int offset, int length) => buffer.AsSpan(offset, length);

    public void Append(byte b)
    {
        if (Length == buffer.Length)
        {
            Grow(1);
        }

        buffer[Length++] = b;
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (buffer.Length - Length < bytes.Length)
        {
            Grow(bytes.Length);
        }

        bytes.CopyTo(buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    /// <summary>Appends ASCII text (one byte per char; callers only pass ASCII).</summary>
    public void AppendAscii(string ascii)
    {
        if (buffer.Length - Length < ascii.Length)
        {
            Grow(ascii.Length);
        }

        var span = buffer.AsSpan(Length);
        for (var i = 0; i < ascii.Length; i++)
        {
            span[i] = (byte)ascii[i];
        }

        Length += ascii.Length;
    }

    /// <summary>Appends a non-negative integer in decimal.</summary>
    public void AppendDecimal(int value)
    {
        if (buffer.Length - Length < 11)
        {
            Grow(11);
        }

        value.TryFormat(buffer.AsSpan(Length), out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        Length += written;
    }

    public void AppendUtf8(ReadOnlySpan<char> chars)
    {
        var max = Encoding.UTF8.GetMaxByteCount(chars.Length);
        if (buffer.Length - Length < max)
        {
            Grow(max);
        }

        // Never replace an unpaired surrogate with U+FFFD: two different strings would then canonicalize to the same
        // bytes and one signature would cover both. RDF strings are Unicode scalar values, so refuse instead.
        if (System.Text.Unicode.Utf8.FromUtf16(chars, buffer.AsSpan(Length), out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done)
        {
            throw new CanonicalizationException(CanonicalizationException.InvalidQuad, "A term holds an unpaired UTF-16 surrogate, which is not a Unicode scalar value.");
        }

        Length += written;
    }

    public void Clear() => Length = 0;

    public void Dispose()
    {
        var b = buffer;
        buffer = [];
        Length = 0;
        if (b.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(b);
        }
    }

    private void Grow(int needed)
    {
        var next = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, Length + needed));
        buffer.AsSpan(0, Length).CopyTo(next);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        buffer = next;
    }
}
