using System.Text.Json.Nodes;

namespace MicroCredentials.Signing.Trust;

/// <summary>Whether the configured registries know the issuer.</summary>
public enum IssuerTrustStatus
{
    /// <summary>At least one registry lists the issuer.</summary>
    Known,

    /// <summary>Every registry answered and none lists the issuer.</summary>
    Unknown,

    /// <summary>No registry lists the issuer and at least one could not answer.</summary>
    Unavailable,

    /// <summary>Not looked up: the proof did not verify, so the issuer named in the credential is not established.</summary>
    NotEvaluated,
}

/// <summary>
/// The trust signal of a report: which configured registries list the issuer. It is reported beside the outcome and
/// never changes it; an authentic credential from an unlisted issuer is still authentic.
/// </summary>
public sealed record IssuerTrust
{
    internal IssuerTrust(IssuerTrustStatus status, string? issuerId, IReadOnlyList<IssuerRegistryEntry> entries, IReadOnlyList<string> consulted, IReadOnlyList<string> errors)
    {
        Status = status;
        IssuerId = issuerId;
        Entries = entries;
        Registries = consulted;
        Errors = errors;
    }

    /// <summary>The answer.</summary>
    public IssuerTrustStatus Status { get; }

    /// <summary>The issuer looked up (the one the proof is bound to), or null when not evaluated.</summary>
    public string? IssuerId { get; }

    /// <summary>The registries' entries for the issuer, in the order the registries were configured (most authoritative first).</summary>
    public IReadOnlyList<IssuerRegistryEntry> Entries { get; }

    /// <summary>The names of the registries consulted, in order.</summary>
    public IReadOnlyList<string> Registries { get; }

    /// <summary>Why a registry could not answer (code and message), one per failed registry.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>One line a person can read, e.g. <c>issuer: known as "MIT" in registry DCC Member Registry</c>.</summary>
    public string Message => Status switch
    {
        IssuerTrustStatus.Known => $"issuer: known as \"{Entries[0].Name}\" in registry {Entries[0].Registry}"
            + (Entries.Count > 1 ? $" (also listed in {string.Join(", ", Entries.Skip(1).Select(e => e.Registry))})" : string.Empty),
        IssuerTrustStatus.Unknown => $"issuer: not in any configured registry ({string.Join(", ", Registries)})",
        IssuerTrustStatus.Unavailable => $"issuer: not found in the registries that answered; {string.Join("; ", Errors)}",
        _ => "issuer: not looked up in the registries, because the proof did not verify",
    };

    /// <summary>The trust section of a report's JSON.</summary>
    public JsonObject ToJson()
    {
        var entries = new JsonArray();
        foreach (var e in Entries)
        {
            entries.Add((JsonNode)new JsonObject { ["registry"] = e.Registry, ["name"] = e.Name, ["url"] = e.Url, ["location"] = e.Location });
        }

        var json = new JsonObject
        {
            ["status"] = Status switch
            {
                IssuerTrustStatus.Known => "known",
                IssuerTrustStatus.Unknown => "unknown",
                IssuerTrustStatus.Unavailable => "unavailable",
                _ => "not-evaluated",
            },
            ["issuer"] = IssuerId,
            ["message"] = Message,
            ["entries"] = entries,
            ["registries"] = new JsonArray([.. Registries.Select(r => (JsonNode?)JsonValue.Create(r))]),
        };
        if (Errors.Count > 0)
        {
            json["errors"] = new JsonArray([.. Errors.Select(r => (JsonNode?)JsonValue.Create(r))]);
        }

        return json;
    }

    /// <summary>Asks every registry about the issuer; a registry that throws is reported, never a pass or a fail.</summary>
    internal static async Task<IssuerTrust> LookUpAsync(IReadOnlyList<IIssuerRegistry> registries, string issuerId, CancellationToken ct)
    {
        var entries = new List<IssuerRegistryEntry>();
        var errors = new List<string>();
        var names = new List<string>(registries.Count);
        foreach (var registry in registries)
        {
            ct.ThrowIfCancellationRequested();
            names.Add(registry.Name);
            try
            {
                if (await registry.FindAsync(issuerId, ct).ConfigureAwait(false) is { } entry)
                {
                    entries.Add(entry);
                }
            }
            catch (IssuerRegistryException ex)
            {
                errors.Add($"{registry.Name}: {ex.Code}: {ex.Message}");
            }
        }

        var status = entries.Count > 0 ? IssuerTrustStatus.Known : errors.Count > 0 ? IssuerTrustStatus.Unavailable : IssuerTrustStatus.Unknown;
        return new IssuerTrust(status, issuerId, entries, names, errors);
    }

    internal static IssuerTrust NotEvaluated(IReadOnlyList<IIssuerRegistry> registries) =>
        new(IssuerTrustStatus.NotEvaluated, null, [], [.. registries.Select(r => r.Name)], []);
}
