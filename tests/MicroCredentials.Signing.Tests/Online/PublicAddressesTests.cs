using System.Net;
using MicroCredentials.Signing.Online;
using Xunit;

namespace MicroCredentials.Signing.Tests.Online;

public sealed class PublicAddressesTests
{
    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.0.9", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("10.1.2.3", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("fc00::1", "private")]
    [InlineData("fd12:3456::1", "private")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("100.64.0.1", "CGNAT")]
    [InlineData("100.127.255.254", "CGNAT")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("239.255.255.250", "multicast")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("::", "unspecified")]
    [InlineData("255.255.255.255", "broadcast")]
    [InlineData("192.0.2.1", "documentation")]
    [InlineData("198.51.100.7", "documentation")]
    [InlineData("203.0.113.9", "documentation")]
    [InlineData("2001:db8::1", "documentation")]
    [InlineData("198.18.0.1", "benchmarking")]
    [InlineData("240.0.0.1", "reserved")]
    [InlineData("::ffff:127.0.0.1", "IPv4-mapped loopback")]
    [InlineData("::ffff:10.0.0.1", "IPv4-mapped private")]
    [InlineData("::ffff:169.254.169.254", "IPv4-mapped link-local")]
    [InlineData("::127.0.0.1", "IPv4-compatible")]
    [InlineData("::8.8.8.8", "IPv4-compatible")]
    [InlineData("64:ff9b::7f00:1", "NAT64 loopback")]
    [InlineData("64:ff9b::a00:1", "NAT64 private")]
    [InlineData("64:ff9b:1::a00:1", "local-use NAT64")]
    [InlineData("2002:7f00:1::1", "6to4 loopback")]
    [InlineData("2001:0:4136:e378::1", "special-purpose")]
    [InlineData("fec0::1", "site-local")]
    [InlineData("100::1", "not global unicast")]
    public void NonPublicAddressesAreRefusedWithTheirClass(string address, string reason)
    {
        var why = PublicAddresses.RefusalReason(IPAddress.Parse(address));
        Assert.NotNull(why);
        Assert.Contains(reason, why, StringComparison.Ordinal);
        Assert.False(PublicAddresses.IsPublic(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    public void PublicUnicastAddressesAreAllowed(string address) =>
        Assert.Null(PublicAddresses.RefusalReason(IPAddress.Parse(address)));

    [Fact]
    public void AScopedAddressIsRefused() =>
        Assert.NotNull(PublicAddresses.RefusalReason(new IPAddress(IPAddress.Parse("2001:4860:4860::8888").GetAddressBytes(), 3)));
}
