using System.Globalization;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Keys;

namespace MicroCredentials.Signing.Cli.Commands;

/// <summary>Argument parsing shared by the commands: every bad value is a usage error (exit 2) naming the option.</summary>
internal static class CliParsing
{
    public static DateTimeOffset? ParseTime(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var when)
            ? when
            : throw new CliException($"{option} '{text}' is not an ISO 8601 date-time");
    }

    public static Cryptosuite Suite(string? name, KeyAlgorithm algorithm)
    {
        var suite = name is null
            ? ReferenceEquals(algorithm, KeyAlgorithm.Ed25519) ? Cryptosuite.EddsaRdfc2022 : Cryptosuite.EcdsaRdfc2019
            : CryptosuiteRegistry.FindByName(name) ?? throw new CliException($"unknown suite '{name}'");
        return suite.CanSign && suite.Supports(algorithm) ? suite : throw new CliException($"{suite.Name} cannot sign with a {algorithm.Name} key");
    }

    /// <summary>Reads a Multikey key file; an unreadable or malformed file is a usage error naming the option and path.</summary>
    public static KeyFile ReadKey(string path, string option = "--key")
    {
        var json = CliConsole.ReadJsonObject(path, option, "a key file (a JSON object)");
        try
        {
            return KeyFile.Parse(json);
        }
        catch (FormatException ex)
        {
            throw CliConsole.Refused(path, option, "not a usable key file: " + ex.Message);
        }
    }
}

/// <summary>A clock stopped at one instant, for <c>--now</c>.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
}
