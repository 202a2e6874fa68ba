namespace MicroCredentials.Signing.Primitives;

/// <summary>
/// Reads an HTTP body or a local file into memory, stopping as soon as it exceeds a bound: a Content-Length may lie or
/// be absent, and a file may grow between a size check and the read, so the bound is enforced on the bytes read.
/// </summary>
internal static class BoundedRead
{
    /// <summary>The body, or null when it is longer than <paramref name="maxBytes"/>; the caller reports that in its own terms.</summary>
    public static async Task<byte[]?> ReadAsync(HttpContent content, long maxBytes, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await ReadAsync(stream, maxBytes, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A local file's bytes, or null when it is longer than <paramref name="maxBytes"/>. Asynchronous all the way (the
    /// resolvers that call this are async), and it throws the usual <see cref="IOException"/>s for a missing file.
    /// </summary>
    public static async Task<byte[]?> ReadFileAsync(string path, long maxBytes, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            if (stream.CanSeek && stream.Length > maxBytes)
            {
                return null;
            }

            return await ReadAsync(stream, maxBytes, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<byte[]?> ReadAsync(Stream stream, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.ToArray();
            }

            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }
    }
}
