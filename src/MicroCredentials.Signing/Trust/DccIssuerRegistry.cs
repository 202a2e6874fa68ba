using System.Collections.Frozen;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Json;
using MicroCredentials.Signing.Primitives;

namespace MicroCredentials.Signing.Trust;

/// <summary>
/// A registry in the Digital Credentials Consortium's known-issuer format: a JSON object whose <c>registry</c> member
/// (older files) or <c>entries</c> member (the issuer-registry-client's) maps each issuer DID to
/// <c>{ "name", "url", "location" }</c>, beside an optional <c>meta</c>. Loaded once and held in memory; thread-safe.
/// </summary>
public sealed class DccIssuerRegistry : IIssuerRegistry
{
    // A registry is a list of institutions, not a data set: these bounds fit every published DCC registry many times.
    private static readonly JsonInputLimits Limits = JsonInputLimits.Default with { MaxPropertiesPerObject = 100_000 };

    private readonly FrozenDictionary<string, IssuerRegistryEntry> _entries;

    private DccIssuerRegistry(string name, FrozenDictionary<string, IssuerRegistryEntry> entries)
    {
        Name = name;
        _entries = entries;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>How many issuers the registry lists.</summary>
    public int Count => _entries.Count;

    /// <summary>
    /// Reads a registry from its UTF-8 JSON. Throws <see cref="IssuerRegistryException"/> with
    /// <see cref="IssuerRegistryErrorCodes.Invalid"/>, naming the offending member, when it is not in the format.
    /// </summary>
    public static DccIssuerRegistry Parse(string name, ReadOnlySpan<byte> utf8Json)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        JsonNode? root;
        try
        {
            root = SafeJson.Parse(utf8Json, Limits);
        }
        catch (JsonInputException ex)
        {
            throw new IssuerRegistryException(IssuerRegistryErrorCodes.Invalid, $"registry '{name}': {ex.Message} ({ex.Code} at {ex.JsonPath ?? "$"})", ex);
        }

        if (root is not JsonObject document)
        {
            throw Invalid(name, "$", "the registry must be a JSON object");
        }

        var (member, map) = (document["registry"], document["entries"]) switch
        {
            (JsonObject r, null) => ("registry", r),
            (null, JsonObject e) => ("entries", e),
            (not null, not null) => throw Invalid(name, "$", "the registry has both 'registry' and 'entries'; which one is meant is ambiguous"),
            _ => throw Invalid(name, "$", "the registry has no 'registry' (or 'entries') object mapping issuer ids to entries"),
        };

        var entries = new Dictionary<string, IssuerRegistryEntry>(map.Count, StringComparer.Ordinal);
        foreach (var (issuerId, value) in map)
        {
            var path = $"$.{member}['{issuerId}']";
            if (!Uri.TryCreate(issuerId, UriKind.Absolute, out _))
            {
                throw Invalid(name, path, "an issuer id must be an absolute URI (a DID or a URL)");
            }

            if (value is not JsonObject entry)
            {
                throw Invalid(name, path, "an entry must be an object with a 'name'");
            }

            var entryName = Text(entry, "name", name, path)
                ?? throw Invalid(name, path + ".name", "an entry must have a non-empty 'name'");
            entries[issuerId] = new IssuerRegistryEntry(name, issuerId, entryName, Text(entry, "url", name, path), Text(entry, "location", name, path));
        }

        return new DccIssuerRegistry(name, entries.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>
    /// Reads a registry from a file. A missing or unreadable file is <see cref="IssuerRegistryErrorCodes.Unavailable"/>;
    /// a file in the wrong format is <see cref="IssuerRegistryErrorCodes.Invalid"/>.
    /// </summary>
    public static async Task<DccIssuerRegistry> LoadAsync(string name, string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        byte[] bytes;
        try
        {
            bytes = await BoundedRead.ReadFileAsync(path, Limits.MaxBytes, cancellationToken).ConfigureAwait(false)
                ?? throw new IssuerRegistryException(IssuerRegistryErrorCodes.Invalid, $"registry '{name}': the file is larger than the limit of {Limits.MaxBytes} bytes");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IssuerRegistryException(IssuerRegistryErrorCodes.Unavailable, $"registry '{name}': cannot read '{path}': {ex.Message}", ex);
        }

        return Parse(name, bytes);
    }

    /// <inheritdoc/>
    public ValueTask<IssuerRegistryEntry?> FindAsync(string issuerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(issuerId);
        return ValueTask.FromResult(_entries.TryGetValue(issuerId, out var entry) ? entry : null);
    }

    private static string? Text(JsonObject entry, string member, string registry, string path) => entry[member] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => string.IsNullOrWhiteSpace(s) ? null : s,
        _ => throw Invalid(registry, $"{path}.{member}", $"'{member}' must be a string"),
    };

    private static IssuerRegistryException Invalid(string registry, string path, string message) =>
        new(IssuerRegistryErrorCodes.Invalid, $"registry '{registry}' at {path}: {message}");
}
