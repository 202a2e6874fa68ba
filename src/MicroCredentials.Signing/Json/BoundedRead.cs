namespace MicroCredentials.Signing.Json;

/// <summary>Reads an HTTP body into memory, stopping as soon as it exceeds a bound (a Content-Length may lie or be absent).</summary>
internal static class BoundedRead
{
    /// <summary>The body, or null when it is longer than <paramref name="maxBytes"/>; the caller reports that in its own terms.</summary>
    public static async Task<byte[]?> ReadAsync(HttpContent content, long maxBytes, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
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
}
