using System.Buffers;
using System.Text.Json;

namespace MicroCredentials.Signing.Schemas.Validation;

/// <summary>
/// A <see cref="JsonDocument"/> parsed from a buffer rented from <see cref="ArrayPool{T}.Shared"/>. The document reads
/// the buffer in place, so both are released together; per validation this saves copying the credential's UTF-8 into
/// fresh, growing arrays.
/// </summary>
internal sealed class PooledJsonDocument : IBufferWriter<byte>, IDisposable
{
    private byte[] buffer;
    private int written;
    private JsonDocument? document;

    public PooledJsonDocument(int initialSize = 16 * 1024)
    {
        buffer = ArrayPool<byte>.Shared.Rent(initialSize);
    }

    public JsonElement RootElement => (document ?? throw new InvalidOperationException("not parsed yet")).RootElement;

    public void Parse(JsonDocumentOptions options) => document = JsonDocument.Parse(buffer.AsMemory(0, written), options);

    public void Advance(int count) => written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return buffer.AsMemory(written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return buffer.AsSpan(written);
    }

    public void Dispose()
    {
        document?.Dispose();
        document = null;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = [];
        }
    }

    private void Ensure(int sizeHint)
    {
        if (document is not null)
        {
            throw new InvalidOperationException("the document has been parsed; its buffer can no longer grow");
        }

        if (buffer.Length - written >= Math.Max(sizeHint, 1))
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, written + sizeHint));
        buffer.AsSpan(0, written).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = larger;
    }
}
