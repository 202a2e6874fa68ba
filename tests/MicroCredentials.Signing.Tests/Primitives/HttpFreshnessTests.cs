using System.Net.Http.Headers;
using MicroCredentials.Signing.Primitives;
using Xunit;

namespace MicroCredentials.Signing.Tests.Primitives;

/// <summary>RFC 9111 §4.2.1 freshness, shared by the status-list fetcher and the online fetcher.</summary>
public sealed class HttpFreshnessTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static HttpResponseMessage Response(string? cacheControl = null, string? expires = null, DateTimeOffset? date = null)
    {
        var r = new HttpResponseMessage { Content = new StringContent("{}") };
        if (cacheControl is not null)
        {
            r.Headers.CacheControl = CacheControlHeaderValue.Parse(cacheControl);
        }

        if (expires is not null)
        {
            r.Content.Headers.TryAddWithoutValidation("Expires", expires);
        }

        r.Headers.Date = date;
        return r;
    }

    [Fact]
    public void Nothing_said_is_null() => Assert.Null(HttpFreshness.Lifetime(Response(), Now));

    [Theory]
    [InlineData("no-store")]
    [InlineData("no-cache")]
    [InlineData("max-age=600, no-store")]
    public void No_store_and_no_cache_mean_not_at_all(string cc) =>
        Assert.Equal(TimeSpan.Zero, HttpFreshness.Lifetime(Response(cc, "Fri, 04 Dec 2026 13:00:00 GMT"), Now));

    [Fact]
    public void Max_age_wins_over_expires() =>
        Assert.Equal(TimeSpan.FromSeconds(60), HttpFreshness.Lifetime(Response("max-age=60", "Fri, 04 Dec 2026 13:00:00 GMT", Now), Now));

    [Fact]
    public void Expires_counts_from_the_servers_date_not_the_local_clock()
    {
        // The server's clock is an hour behind ours: Expires one hour after its Date is one hour of freshness.
        var serverDate = Now.AddHours(-1);
        Assert.Equal(TimeSpan.FromHours(1), HttpFreshness.Lifetime(Response(expires: "Fri, 04 Dec 2026 12:00:00 GMT", date: serverDate), Now));
    }

    [Fact]
    public void Expires_without_a_date_counts_from_the_callers_clock() =>
        Assert.Equal(TimeSpan.FromMinutes(30), HttpFreshness.Lifetime(Response(expires: "Fri, 04 Dec 2026 12:30:00 GMT"), Now));

    [Theory]
    [InlineData("Fri, 04 Dec 2026 11:00:00 GMT")]
    [InlineData("0")]
    [InlineData("not a date")]
    public void A_past_or_invalid_expires_is_already_stale(string expires) =>
        Assert.Equal(TimeSpan.Zero, HttpFreshness.Lifetime(Response(expires: expires), Now));
}
