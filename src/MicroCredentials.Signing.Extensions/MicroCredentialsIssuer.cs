using System.Globalization;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Issuance;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Model;
using MicroCredentials.Signing.Status;
using Microsoft.Extensions.Logging;
using MicroCredentials.Signing.Dids;

namespace MicroCredentials.Signing.Extensions;

/// <summary>
/// One named issuer of the host: its signer, suite and status list over the shared <see cref="CredentialIssuer"/>
/// machinery, with logging (<see cref="MicroCredentialsLogEvents.CredentialIssued"/>). Status changes mark the list,
/// and <see cref="PublishChangedListsAsync"/> re-signs and publishes each changed list once. Thread-safe.
/// </summary>
public sealed class MicroCredentialsIssuer
{
    private readonly CredentialIssuer _issuer;
    private readonly StatusListIssuer? _statusLists;
    private readonly StatusListRepublisher? _republisher;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _listGate = new(1, 1);
    private volatile bool _listReady;

    internal MicroCredentialsIssuer(string name, IssuerSettings settings, ISigner signer, Cryptosuite suite, StatusListIssuer? statusLists, IStatusListPublisher? publisher, TimeProvider time, ILogger logger)
    {
        Name = name;
        Settings = settings;
        Signer = signer;
        Cryptosuite = suite;
        _statusLists = statusLists;
        _time = time;
        _logger = logger;
        _issuer = new CredentialIssuer(new CredentialIssuerOptions { TimeProvider = time, StatusLists = statusLists });
        _republisher = statusLists is not null && publisher is not null ? new StatusListRepublisher(statusLists, publisher) : null;
    }

    /// <summary>The issuer's name in configuration.</summary>
    public string Name { get; }

    /// <summary>Its settings, as validated at start-up.</summary>
    public IssuerSettings Settings { get; }

    /// <summary>Its signer.</summary>
    public ISigner Signer { get; }

    /// <summary>Its cryptosuite.</summary>
    public Cryptosuite Cryptosuite { get; }

    /// <summary>The issuer id (the controller of the signer's verification method).</summary>
    public string IssuerId => CredentialIssuer.ControllerOf(Signer.VerificationMethodId);

    /// <summary>The status list new credentials get an entry of, or null.</summary>
    public string? StatusListUrl => Settings.StatusListUrl;

    /// <summary>Lists whose status changed since they were last published.</summary>
    public IReadOnlyCollection<string> ChangedLists => _republisher?.Changed ?? [];

    /// <summary>
    /// Issues a credential: the issuer's suite and status list apply unless <paramref name="options"/> names others.
    /// The first awarding body must be <see cref="IssuerId"/>. The status list is created in the store on first use.
    /// </summary>
    public async Task<JsonObject> IssueAsync(MicroCredential elements, IssueOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(elements);
        options ??= new IssueOptions { Cryptosuite = Cryptosuite, StatusListUrl = StatusListUrl };
        try
        {
            if (options.StatusListUrl is not null && options.StatusListUrl == StatusListUrl)
            {
                await EnsureListAsync(cancellationToken).ConfigureAwait(false);
            }

            var credential = await _issuer.IssueAsync(elements, Signer, options, cancellationToken).ConfigureAwait(false);
            var status = credential["credentialStatus"] switch
            {
                JsonObject o => (o["id"] as JsonValue)?.ToString(),
                JsonArray a => string.Join(" ", a.OfType<JsonObject>().Select(o => (o["id"] as JsonValue)?.ToString())),
                _ => null,
            };
            Log.Issued(_logger, Name, IssuerId, (credential["id"] as JsonValue)?.ToString(), options.Cryptosuite.Name, status);
            return credential;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.IssueFailed(_logger, Name, IssuerId, ex.GetType().Name, ex.Message);
            throw;
        }
    }

    /// <summary>Sets the status a credential's <c>BitstringStatusListEntry</c> points at (1 revokes or suspends, 0 clears) and marks its list changed.</summary>
    /// <exception cref="InvalidOperationException">No status store is configured.</exception>
    public async Task SetStatusAsync(JsonObject statusEntry, int status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statusEntry);
        var lists = _statusLists ?? throw new InvalidOperationException($"issuer '{Name}' has no status store (UseStatusStore)");
        var url = (statusEntry["statusListCredential"] as JsonValue)?.ToString()
            ?? throw new ArgumentException("the entry has no statusListCredential", nameof(statusEntry));
        if (!int.TryParse((statusEntry["statusListIndex"] as JsonValue)?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            throw new ArgumentException("the entry has no valid statusListIndex", nameof(statusEntry));
        }

        if (_republisher is not null)
        {
            await _republisher.SetStatusAsync(url, index, status, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await lists.SetStatusAsync(url, index, status, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The signed status list credential of <paramref name="listUrl"/> (default: the issuer's list), from the store's current bits.</summary>
    public Task<JsonObject> BuildStatusListAsync(string? listUrl = null, CancellationToken cancellationToken = default)
    {
        var url = listUrl ?? StatusListUrl ?? throw new InvalidOperationException($"issuer '{Name}' has no status list");
        return _issuer.PublishStatusListAsync(url, Signer, Cryptosuite, ListOptions(), cancellationToken);
    }

    /// <summary>Re-encodes, re-signs and publishes every list changed since the last call (needs <c>UseStatusListPublisher</c>).</summary>
    /// <exception cref="InvalidOperationException">No publisher or no status store is configured.</exception>
    public Task<IReadOnlyList<PublishedStatusList>> PublishChangedListsAsync(CancellationToken cancellationToken = default)
    {
        var republisher = _republisher ?? throw new InvalidOperationException($"issuer '{Name}' has no status store and publisher (UseStatusStore, UseStatusListPublisher)");
        return republisher.PublishChangedAsync(_ => ListOptions(), (unsigned, ct) => _issuer.SignAsync(unsigned, Signer, Cryptosuite, null, ct), cancellationToken);
    }

    private StatusListCredentialOptions ListOptions() => new()
    {
        Issuer = IssuerId,
        ValidFrom = _time.GetUtcNow(),
        TimeToLive = Settings.StatusListTimeToLive,
    };

    private async Task EnsureListAsync(CancellationToken ct)
    {
        if (_listReady)
        {
            return;
        }

        var lists = _statusLists ?? throw new InvalidOperationException($"issuer '{Name}' has a status list but no status store (UseStatusStore)");
        await _listGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (!_listReady)
            {
                await lists.EnsureListAsync(new StatusListDefinition(StatusListUrl!, Settings.StatusPurpose, Settings.StatusListLength), ct).ConfigureAwait(false);
                _listReady = true;
            }
        }
        finally
        {
            _listGate.Release();
        }
    }
}

/// <summary>The host's issuers by name (the named <see cref="IssuerSettings"/>). Registered as a singleton.</summary>
public sealed class MicroCredentialsIssuers : IDisposable
{
    private readonly Dictionary<string, Lazy<MicroCredentialsIssuer>> _issuers;
    private readonly List<KeyFile> _keys = [];

    internal MicroCredentialsIssuers(IEnumerable<string> names, Func<string, List<KeyFile>, MicroCredentialsIssuer> create)
    {
        _issuers = names.Distinct(StringComparer.Ordinal).ToDictionary(n => n, n => new Lazy<MicroCredentialsIssuer>(() => create(n, _keys)), StringComparer.Ordinal);
    }

    /// <summary>The configured issuer names.</summary>
    public IReadOnlyCollection<string> Names => _issuers.Keys;

    /// <summary>The issuer named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No issuer has that name.</exception>
    public MicroCredentialsIssuer Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _issuers.TryGetValue(name, out var issuer)
            ? issuer.Value
            : throw new KeyNotFoundException($"no issuer named '{name}' (configured: {string.Join(", ", _issuers.Keys)})");
    }

    /// <summary>Disposes the keys loaded from key files.</summary>
    public void Dispose()
    {
        lock (_keys)
        {
            foreach (var key in _keys)
            {
                key.Dispose();
            }

            _keys.Clear();
        }
    }
}
