using System.Text.Json.Nodes;

namespace MicroCredentials.Signing.JsonLd;

/// <summary>Dereferences remote contexts (and documents) for the JSON-LD processor.</summary>
public interface IDocumentLoader
{
    /// <summary>
    /// Loads <paramref name="url"/>. Implementations throw <see cref="JsonLdException"/> with code
    /// <c>loading remote context failed</c> or <c>loading document failed</c> when they cannot or may not serve it.
    /// </summary>
    ValueTask<RemoteDocument> LoadDocumentAsync(string url, CancellationToken cancellationToken);
}

/// <summary>A document returned by an <see cref="IDocumentLoader"/>.</summary>
/// <param name="DocumentUrl">The final URL of the document (after any redirect).</param>
/// <param name="Document">The parsed JSON. The processor treats it as read-only.</param>
/// <param name="ContextUrl">A context URL from an HTTP <c>Link</c> header, if any.</param>
public sealed record RemoteDocument(string DocumentUrl, JsonNode? Document, string? ContextUrl = null);
