using Microsoft.Extensions.Logging;

namespace MicroCredentials.Signing.Extensions;

/// <summary>
/// The event ids this package logs with (stable: alert on them). Fields are structured (credential id, issuer,
/// outcome, codes, list URL); keys and whole credentials are never logged.
/// </summary>
public static class MicroCredentialsLogEvents
{
    /// <summary>A credential verified (Information).</summary>
    public const int CredentialVerified = 7100;

    /// <summary>A credential did not verify (Warning): failed or indeterminate, with the codes.</summary>
    public const int CredentialNotVerified = 7101;

    /// <summary>A credential was issued (Information).</summary>
    public const int CredentialIssued = 7110;

    /// <summary>Issuing failed (Error).</summary>
    public const int IssuanceFailed = 7111;

    /// <summary>A status list was fetched to fill the shared cache (Debug).</summary>
    public const int StatusListFetched = 7120;

    /// <summary>A cached status list failed its proof check (poisoned or corrupted entry) and was dropped (Warning).</summary>
    public const int StatusListCacheEntryRejected = 7121;

    /// <summary>A status list was not put in the shared cache (no verified proof, or no lifetime) (Debug).</summary>
    public const int StatusListNotCached = 7122;

    /// <summary>The distributed (Redis) level failed; the cache runs on the in-process level and fetches (Warning).</summary>
    public const int DistributedCacheUnavailable = 7130;

    /// <summary>The distributed (Redis) level answers again (Information).</summary>
    public const int DistributedCacheRestored = 7131;
}

internal static partial class Log
{
    [LoggerMessage(EventId = MicroCredentialsLogEvents.CredentialVerified, Level = LogLevel.Information, Message = "Credential {CredentialId} of issuer {Issuer} verified ({InputFormat})")]
    public static partial void Verified(ILogger logger, string? credentialId, string? issuer, string inputFormat);

    [LoggerMessage(EventId = MicroCredentialsLogEvents.CredentialNotVerified, Level = LogLevel.Warning, Message = "Credential {CredentialId} of issuer {Issuer}: {Outcome} ({Codes})")]
    public static partial void NotVerified(ILogger logger, string? credentialId, string? issuer, string outcome, string codes);

    [LoggerMessage(EventId = MicroCredentialsLogEvents.CredentialIssued, Level = LogLevel.Information, Message = "Issuer {IssuerName} ({Issuer}) issued credential {CredentialId} with {Cryptosuite}; status {StatusEntry}")]
    public static partial void Issued(ILogger logger, string issuerName, string issuer, string? credentialId, string cryptosuite, string? statusEntry);

    [LoggerMessage(EventId = MicroCredentialsLogEvents.IssuanceFailed, Level = LogLevel.Error, Message = "Issuer {IssuerName} ({Issuer}) could not issue: {ErrorType}: {Reason}")]
    public static partial void IssueFailed(ILogger logger, string issuerName, string issuer, string errorType, string reason);

    [LoggerMessage(EventId = MicroCredentialsLogEvents.StatusListFetched, Level = LogLevel.Debug, Message = "Status list {ListUrl} fetched; cached for {Lifetime}")]
    public static partial void ListFetched(ILogger logger, string listUrl, TimeSpan lifetime);

    [LoggerMessage(EventId = MicroCredentialsLogEvents.StatusListCacheEntryRejected, Level = LogLevel.Warning, Message = "Cached status list {ListUrl} was rejected ({Reason}); dropped and fetched again")]
    public static partial void EntryRejected(ILogger logger, string listUrl, string reason);

    [LoggerMessage(EventId = MicroCredentialsLogEvents.StatusListNotCached, Level = LogLevel.Debug, Message = "Status list {ListUrl} not put in the shared cache: {Reason}")]
    public static partial void NotCached(ILogger logger, string listUrl, string reason);

    [LoggerMessage(EventId = MicroCredentialsLogEvents.DistributedCacheUnavailable, Level = LogLevel.Warning, Message = "The distributed status-list cache failed on {Operation} ({ErrorType}: {Reason}); running on the in-process cache and fetching for {RetryAfter}")]
    public static partial void DistributedDown(ILogger logger, string operation, string errorType, string reason, TimeSpan retryAfter);

    [LoggerMessage(EventId = MicroCredentialsLogEvents.DistributedCacheRestored, Level = LogLevel.Information, Message = "The distributed status-list cache answers again")]
    public static partial void DistributedRestored(ILogger logger);
}
