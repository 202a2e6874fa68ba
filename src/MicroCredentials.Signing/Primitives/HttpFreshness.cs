namespace MicroCredentials.Signing.Primitives;

/// <summary>
/// How long a fetched response may be reused, by the HTTP caching rules (RFC 9111 §4.2.1): <c>no-store</c> and
/// <c>no-cache</c> mean not at all; <c>max-age</c> wins over <c>Expires</c>; <c>Expires</c> counts from the response's
/// own <c>Date</c> (or the caller's clock when the server sent none), so a skewed server clock does not stretch it; a
/// date in the past or an unparsable one means already stale. Null when the response says nothing.
/// </summary>
internal static class HttpFreshness
{
    public static TimeSpan? Lifetime(HttpResponseMessage response, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        var cc = response.Headers.CacheControl;
        if (cc is not null && (cc.NoStore || cc.NoCache))
        {
            return TimeSpan.Zero;
        }

        if (cc?.MaxAge is { } maxAge)
        {
            return maxAge < TimeSpan.Zero ? TimeSpan.Zero : maxAge;
        }

        if (response.Content.Headers.Contains("Expires"))
        {
            // An invalid Expires (for example "0") means already expired (RFC 9111 §5.3).
            if (response.Content.Headers.Expires is not { } expires)
            {
                return TimeSpan.Zero;
            }

            var date = response.Headers.Date ?? now;
            var life = expires - date;
            return life > TimeSpan.Zero ? life : TimeSpan.Zero;
        }

        return null;
    }
}
