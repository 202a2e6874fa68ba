using System.Net;
using System.Net.Sockets;

namespace MicroCredentials.Signing.Online;

/// <summary>
/// Decides whether an IP address is a public unicast address that online resolution may connect to. Everything else
/// (loopback, private, link-local, CGNAT, multicast, unspecified, broadcast, documentation, benchmark and other
/// special-purpose ranges, and IPv6 forms that embed such an IPv4 address) is refused, so that a credential cannot make
/// a verifier reach into the network it runs in.
/// </summary>
internal static class PublicAddresses
{
    /// <summary>Why <paramref name="address"/> may not be contacted, or null when it is a public unicast address.</summary>
    public static string? RefusalReason(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return V4(address.GetAddressBytes());
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return "not an IP address";
        }

        // A scoped address only means something on one interface of this machine.
        if (address.ScopeId != 0)
        {
            return "scoped IPv6 address";
        }

        var b = address.GetAddressBytes();
        if (b.AsSpan(0, 15).IndexOfAnyExcept((byte)0) < 0)
        {
            return b[15] switch { 0 => "unspecified", 1 => "loopback", _ => "IPv4-compatible IPv6 (deprecated)" };
        }

        // Forms that carry an IPv4 address are judged by that address: the packets end up there.
        if (b.AsSpan(0, 10).IndexOfAnyExcept((byte)0) < 0 && b[10] == 0xff && b[11] == 0xff)
        {
            return Embedded("IPv4-mapped", b.AsSpan(12, 4));
        }

        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0)
        {
            return "IPv4-compatible IPv6 (deprecated)";
        }

        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b)
        {
            // 64:ff9b::/96 is the well-known NAT64 prefix; 64:ff9b:1::/48 is for local use only.
            return b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0 ? Embedded("NAT64", b.AsSpan(12, 4)) : "local-use NAT64";
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return Embedded("6to4", b.AsSpan(2, 4));
        }

        if (b[0] == 0xff)
        {
            return "multicast";
        }

        if ((b[0] & 0xfe) == 0xfc)
        {
            return "private (unique local)";
        }

        if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
        {
            return "link-local";
        }

        if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0)
        {
            return "site-local (deprecated)";
        }

        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)
        {
            return "documentation";
        }

        // 2001::/23 holds Teredo (whose embedded IPv4 is obfuscated), benchmarking and ORCHID.
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] < 0x02)
        {
            return "special-purpose (2001::/23)";
        }

        // Only 2000::/3 is allocated as global unicast; the rest is reserved or special.
        return (b[0] & 0xe0) == 0x20 ? null : "not global unicast";
    }

    /// <summary>Whether <paramref name="address"/> is a public unicast address.</summary>
    public static bool IsPublic(IPAddress address) => RefusalReason(address) is null;

    private static string? Embedded(string form, ReadOnlySpan<byte> v4) =>
        V4(v4) is { } reason ? $"{form} {reason}" : null;

    private static string? V4(ReadOnlySpan<byte> b) => (b[0], b[1], b[2], b[3]) switch
    {
        (255, 255, 255, 255) => "broadcast",
        (0, _, _, _) => "unspecified (this network)",
        (10, _, _, _) => "private",
        (100, >= 64 and < 128, _, _) => "shared address space (CGNAT)",
        (127, _, _, _) => "loopback",
        (169, 254, _, _) => "link-local",
        (172, >= 16 and < 32, _, _) => "private",
        (192, 0, 0, _) => "IETF protocol assignment",
        (192, 0, 2, _) => "documentation",
        (192, 88, 99, _) => "6to4 relay anycast",
        (192, 168, _, _) => "private",
        (198, 18 or 19, _, _) => "benchmarking",
        (198, 51, 100, _) => "documentation",
        (203, 0, 113, _) => "documentation",
        ( >= 224 and < 240, _, _, _) => "multicast",
        ( >= 240, _, _, _) => "reserved",
        _ => null,
    };
}
