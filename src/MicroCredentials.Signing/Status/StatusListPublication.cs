using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Primitives;

namespace MicroCredentials.Signing.Status;

/// <summary>One signed status list credential ready to serve, with what an HTTP server or a CDN needs to cache it.</summary>
/// <param name="ListUrl">The URL the list is served at (its <c>id</c>).</param>
/// <param name="Content">The signed <c>BitstringStatusListCredential</c> as UTF-8 JSON bytes.</param>
/// <param name="ETag">A strong entity tag of <paramref name="Content"/> (quoted SHA-256, base64url), for conditional GETs.</param>
/// <param name="TimeToLive">The list's <c>ttl</c>, for <c>Cache-Control: max-age</c>; null when the list gives none.</param>
/// <param name="ValidUntil">The list's <c>validUntil</c>, when it has one: never serve it past then.</param>
public sealed record PublishedStatusList(string ListUrl, ReadOnlyMemory<byte> Content, string ETag, TimeSpan? TimeToLive, DateTimeOffset? ValidUntil)
{
    /// <summary>The media type to serve the content with.</summary>
    public const string MediaType = "application/vc+ld+json";

    /// <summary>Builds the published form of a signed list credential.</summary>
    public static PublishedStatusList From(JsonObject signedListCredential, StatusListCredentialOptions options)
    {
        ArgumentNullException.ThrowIfNull(signedListCredential);
        ArgumentNullException.ThrowIfNull(options);
        var url = (signedListCredential["id"] as JsonValue)?.ToString()
            ?? throw new ArgumentException("the status list credential has no id", nameof(signedListCredential));
        var bytes = Encoding.UTF8.GetBytes(signedListCredential.ToJsonString());
        var etag = "\"" + Base64UrlEncoding.Encode(SHA256.HashData(bytes)) + "\"";
        return new PublishedStatusList(url, bytes, etag, options.TimeToLive, options.ValidUntil);
    }
}

/// <summary>
/// Where signed status lists go once re-encoded and re-signed: a folder behind a static site or CDN
/// (<see cref="FolderStatusListPublisher"/>), an HTTP endpoint's store, an object store. Implementations make a
/// publication atomic (a reader sees the old list or the new one, never a mix) and are safe for concurrent use.
/// </summary>
public interface IStatusListPublisher
{
    /// <summary>Publishes (replaces) one list.</summary>
    Task PublishAsync(PublishedStatusList list, CancellationToken cancellationToken = default);
}

/// <summary>
/// Writes each list to a file under a root folder, at the path of its URL (<c>https://host/status/3</c> →
/// <c>ROOT/status/3</c>, or <c>ROOT/status/3.json</c> with <see cref="FileExtension"/>), plus a sidecar
/// <c>.etag</c> file; each write goes to a temporary file and is renamed over the old one, so a static server never
/// serves half a list. URLs whose path would leave the root are refused.
/// </summary>
public sealed class FolderStatusListPublisher : IStatusListPublisher
{
    private readonly string _root;

    /// <summary>Publishes under <paramref name="rootFolder"/> (created when missing).</summary>
    public FolderStatusListPublisher(string rootFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootFolder);
        _root = Path.GetFullPath(rootFolder);
        Directory.CreateDirectory(_root);
    }

    /// <summary>Appended to every file name (for example <c>.json</c>, for servers that pick the media type by extension); empty by default.</summary>
    public string FileExtension { get; init; } = string.Empty;

    /// <summary>The file a list URL is written to.</summary>
    /// <exception cref="ArgumentException">The URL is not absolute, has no path, or its path leaves the root.</exception>
    public string PathOf(string listUrl)
    {
        ArgumentNullException.ThrowIfNull(listUrl);
        if (!Uri.TryCreate(listUrl, UriKind.Absolute, out var uri))
        {
            throw new ArgumentException($"'{listUrl}' is not an absolute URL", nameof(listUrl));
        }

        var relative = Uri.UnescapeDataString(uri.AbsolutePath).TrimStart('/');
        if (relative.Length == 0 || relative.EndsWith('/') || relative.Split('/').Any(s => s is "" or "." or ".." || s.Contains('\\', StringComparison.Ordinal)))
        {
            throw new ArgumentException($"'{listUrl}' has no usable file path", nameof(listUrl));
        }

        var full = Path.GetFullPath(Path.Combine(_root, relative + FileExtension));
        if (!full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{listUrl}' would be written outside the publication folder", nameof(listUrl));
        }

        return full;
    }

    /// <inheritdoc/>
    public async Task PublishAsync(PublishedStatusList list, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(list);
        var path = PathOf(list.ListUrl);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await WriteAtomicallyAsync(path, list.Content, cancellationToken).ConfigureAwait(false);
        await WriteAtomicallyAsync(path + ".etag", Encoding.ASCII.GetBytes(list.ETag), cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteAtomicallyAsync(string path, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
            {
                await stream.WriteAsync(content, ct).ConfigureAwait(false);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}

/// <summary>
/// Status changes followed by publication: remembers which lists a revocation or suspension touched, and
/// <see cref="PublishChangedAsync"/> re-encodes, re-signs and hands each of them to the publisher once, however many
/// of its entries changed. Thread-safe.
/// </summary>
public sealed class StatusListRepublisher
{
    private readonly StatusListIssuer _issuer;
    private readonly IStatusListPublisher _publisher;
    private readonly object _gate = new();
    private HashSet<string> _changed = new(StringComparer.Ordinal);

    /// <summary>Publishes the lists of <paramref name="issuer"/>'s store through <paramref name="publisher"/>.</summary>
    public StatusListRepublisher(StatusListIssuer issuer, IStatusListPublisher publisher)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(publisher);
        _issuer = issuer;
        _publisher = publisher;
    }

    /// <summary>The lists changed since the last publication.</summary>
    public IReadOnlyCollection<string> Changed
    {
        get
        {
            lock (_gate)
            {
                return _changed.ToArray();
            }
        }
    }

    /// <summary>Sets an index's status in the store and marks its list for publication.</summary>
    public async Task SetStatusAsync(string listUrl, int index, int status, CancellationToken cancellationToken = default)
    {
        await _issuer.SetStatusAsync(listUrl, index, status, cancellationToken).ConfigureAwait(false);
        MarkChanged(listUrl);
    }

    /// <summary>Marks a list for publication (its status changed through another path).</summary>
    public void MarkChanged(string listUrl)
    {
        ArgumentNullException.ThrowIfNull(listUrl);
        lock (_gate)
        {
            _changed.Add(listUrl);
        }
    }

    /// <summary>
    /// Re-encodes and re-signs every changed list from the store's current bits and publishes it; returns what was
    /// published. A list that fails stays marked, so the next call retries it; the first failure is rethrown after
    /// the other lists were published.
    /// </summary>
    public async Task<IReadOnlyList<PublishedStatusList>> PublishChangedAsync(Func<string, StatusListCredentialOptions> options, StatusListCredentialSigner signer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(signer);
        HashSet<string> batch;
        lock (_gate)
        {
            batch = _changed;
            _changed = new HashSet<string>(StringComparer.Ordinal);
        }

        var published = new List<PublishedStatusList>(batch.Count);
        Exception? first = null;
        var pending = new Queue<string>(batch.Order(StringComparer.Ordinal));
        while (pending.TryDequeue(out var url))
        {
            try
            {
                var listOptions = options(url);
                var signed = await _issuer.PublishAsync(url, listOptions, signer, cancellationToken).ConfigureAwait(false);
                var list = PublishedStatusList.From(signed, listOptions);
                await _publisher.PublishAsync(list, cancellationToken).ConfigureAwait(false);
                published.Add(list);
            }
            catch (Exception ex)
            {
                MarkChanged(url);
                if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
                {
                    // Nothing further is published; what is left stays marked for the next call.
                    foreach (var rest in pending)
                    {
                        MarkChanged(rest);
                    }

                    throw;
                }

                first ??= ex;
            }
        }

        if (first is not null)
        {
            throw first;
        }

        return published;
    }
}
