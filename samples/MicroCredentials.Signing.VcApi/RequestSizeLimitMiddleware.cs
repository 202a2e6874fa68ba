using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace MicroCredentials.Signing.VcApi;

/// <summary>
/// Caps request bodies at <see cref="VcApiOptions.MaxRequestBodyBytes"/>: a declared <c>Content-Length</c> above the
/// cap is answered 413 at once; otherwise the server's own limit is lowered (Kestrel stops reading and the JSON
/// binder reports 413), and where the server has none (test hosts), the body is read through a counting stream.
/// </summary>
public sealed class RequestSizeLimitMiddleware(RequestDelegate next, IOptions<VcApiOptions> options)
{
    /// <summary>Runs the middleware.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var limit = options.Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, Problems.RequestTooLarge, $"the body is {context.Request.ContentLength} bytes; at most {limit} are accepted")
                .ExecuteAsync(context);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }
        else
        {
            context.Request.Body = new LimitedStream(context.Request.Body, limit);
        }

        return next(context);
    }

    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            _read += read;
            if (_read > limit)
            {
                throw new BadHttpRequestException($"the body is larger than {limit} bytes", StatusCodes.Status413PayloadTooLarge);
            }

            return read;
        }
    }
}
