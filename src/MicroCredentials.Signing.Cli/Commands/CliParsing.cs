using System.Globalization;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.JsonLd;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Primitives;

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

        return XsdDateTime.TryParse(text, out var when, XsdDateTimeForm.DateOrDateTime)
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

    /// <summary>
    /// Reads a map <c>{"&lt;id or URL&gt;": "&lt;path relative to the map&gt;"}</c> and every file it names, through the
    /// one file reader, eagerly: a map naming an unusable file is unusable input (exit 2), found before any work.
    /// </summary>
    public static Dictionary<string, JsonObject> ReadMap(string mapPath, string option)
    {
        var map = CliConsole.ReadJsonObject(mapPath, option, "a JSON object mapping ids to file paths");
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(mapPath)) ?? ".";
        var documents = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (id, value) in map)
        {
            if (value is not JsonValue v || !v.TryGetValue<string>(out var relative) || relative.Length == 0)
            {
                throw CliConsole.Refused(mapPath, option, $"the entry for '{id}' must be a file path string");
            }

            documents[id] = CliConsole.ReadJsonObject(Path.Combine(baseDir, relative), $"{option} entry '{id}'");
        }

        return documents;
    }

    /// <summary>
    /// The bundled contexts plus those of <c>--context-map</c> (null: the bundled ones only). An entry for a bundled
    /// URL is refused rather than preferred, so a map can add vocabulary but never change the meaning of OB or VC terms.
    /// </summary>
    public static StaticDocumentLoader ContextLoader(string? mapPath, string option = "--context-map")
    {
        if (mapPath is null)
        {
            return StaticDocumentLoader.Default;
        }

        var documents = ReadMap(mapPath, option);
        foreach (var url in documents.Keys)
        {
            if (StaticDocumentLoader.Default.Urls.Contains(url, StringComparer.Ordinal))
            {
                throw CliConsole.Refused(mapPath, option, $"the entry for '{url}' redefines a context bundled with mcred; remove it (the bundled copy is always used)");
            }
        }

        return StaticDocumentLoader.Default.WithAdditional(documents.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)d.Value)));
    }

    /// <summary>The Data Integrity suite a command signs with (sign, issue, present); none given means the key type's rdfc suite.</summary>
    public static System.CommandLine.Option<string?> SuiteOption()
    {
        var suite = new System.CommandLine.Option<string?>("--suite") { Description = "eddsa-rdfc-2022 | eddsa-jcs-2022 | ecdsa-rdfc-2019 | ecdsa-jcs-2019 (default: the rdfc suite of the key type)" };
        suite.AcceptOnlyFromAmong("eddsa-rdfc-2022", "eddsa-jcs-2022", "ecdsa-rdfc-2019", "ecdsa-jcs-2019");
        return suite;
    }

    /// <summary>The <c>--context-map</c> option, the same on every command that processes JSON-LD.</summary>
    public static System.CommandLine.Option<string?> ContextMapOption() => new("--context-map")
    {
        Description = "JSON map {\"<context URL>\": \"<path relative to the map>\"} of extra JSON-LD contexts, used offline; a bundled context cannot be redefined",
    };

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
