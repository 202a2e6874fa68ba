using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Rdf;
using MicroCredentials.Signing.Canonicalization;
using MicroCredentials.Signing.Json;
using MicroCredentials.Signing.JsonLd;
using Xunit;

namespace MicroCredentials.Signing.Tests.Hostile;

/// <summary>
/// JSON-LD context tricks that would let an attacker change what a signed credential means, each refused with its
/// JSON-LD error code (safe mode, the static loader a verifier uses), or shown to change the canonical form.
/// </summary>
public sealed class HostileJsonLdTests
{
    private static readonly JsonLdOptions Safe = new() { SafeMode = true };

    private static JsonNode Doc(string json) => SafeJson.Parse(json)!;

    private static string Credential(string contexts, string subject) => $$"""
        {"@context":[{{contexts}}],"type":["VerifiableCredential","OpenBadgeCredential"],
         "issuer":{"id":"did:example:issuer","type":["Profile"]},"validFrom":"2024-01-01T00:00:00Z",
         "credentialSubject":{{subject}}}
        """;

    private const string Vc2Ob = "\"https://www.w3.org/ns/credentials/v2\",\"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json\"";

    private const string Subject = """{"id":"did:example:learner","type":["AchievementSubject"],"achievement":{"id":"urn:example:a","type":["Achievement"],"name":"Badge","criteria":{"narrative":"n"}}}""";

    private static async Task<JsonLdException> RefusedAsync(string json, IDocumentLoader? loader = null)
    {
        var processor = new JsonLdProcessor(loader ?? StaticDocumentLoader.Default);
        return await Assert.ThrowsAsync<JsonLdException>(async () => await processor.ToRdfAsync(Doc(json), Safe));
    }

    private static async Task<string> CanonicalAsync(string json)
    {
        var quads = await new JsonLdProcessor(StaticDocumentLoader.Default).ToRdfAsync(Doc(json), Safe);
        return Rdfc10.Canonicalize(quads).NQuads;
    }

    [Fact]
    public async Task The_baseline_credential_is_accepted()
    {
        var quads = await new JsonLdProcessor(StaticDocumentLoader.Default).ToRdfAsync(Doc(Credential(Vc2Ob, Subject)), Safe);
        Assert.Contains(quads, q => q.Subject == RdfTerm.Iri("did:example:learner"));
    }

    [Fact]
    public async Task A_later_context_redefining_a_protected_term_is_refused()
    {
        var json = Credential(Vc2Ob + ",{\"VerifiableCredential\":\"https://evil.example/NotACredential\"}", Subject);
        Assert.Equal("protected term redefinition", (await RefusedAsync(json)).Code);
    }

    [Fact]
    public async Task A_later_context_defining_issuer_is_overridden_by_the_credentials_protected_type_scoped_definition()
    {
        // VC 2.0 defines issuer inside the VerifiableCredential type-scoped context, which applies after the
        // document's own contexts: the extra definition is legal JSON-LD (no error), but it cannot change the meaning.
        var json = Credential(Vc2Ob + ",{\"issuer\":\"https://evil.example/issuer\"}", Subject);
        var quads = await new JsonLdProcessor(StaticDocumentLoader.Default).ToRdfAsync(Doc(json), Safe);
        Assert.Contains(quads, q => q.Predicate == RdfTerm.Iri("https://www.w3.org/2018/credentials#issuer"));
        Assert.DoesNotContain(quads, q => q.Predicate.Value.StartsWith("https://evil.example/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_context_injected_inside_credentialSubject_cannot_redefine_a_protected_term()
    {
        var subject = """{"@context":{"name":"https://evil.example/name"},"id":"did:example:learner","name":"Mallory"}""";
        Assert.Equal("protected term redefinition", (await RefusedAsync(Credential(Vc2Ob, subject))).Code);
    }

    [Fact]
    public async Task A_null_context_injected_inside_credentialSubject_cannot_clear_protected_terms()
    {
        var subject = """{"@context":null,"id":"did:example:learner","name":"Mallory"}""";
        Assert.Equal("invalid context nullification", (await RefusedAsync(Credential(Vc2Ob, subject))).Code);
    }

    [Fact]
    public async Task An_unknown_remote_context_is_refused_without_any_connection()
    {
        // A real listener on loopback: if the processor tried to fetch the context, the accept loop would count it.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var connections = 0;
        using var stop = new CancellationTokenSource();
        var acceptLoop = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    using var client = await listener.AcceptTcpClientAsync(stop.Token);
                    Interlocked.Increment(ref connections);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        var url = $"http://127.0.0.1:{port}/ctx";
        var json = Credential($"\"https://www.w3.org/ns/credentials/v2\",\"{url}\"", Subject);
        var ex = await RefusedAsync(json);
        Assert.Equal("loading remote context failed", ex.Code);
        Assert.Contains(url, ex.Message, StringComparison.Ordinal);

        // A connection the processor opened would already be queued or accepted by now.
        Assert.False(listener.Pending());
        await stop.CancelAsync();
        await acceptLoop;
        Assert.Equal(0, Volatile.Read(ref connections));
    }

    [Fact]
    public async Task A_context_that_maps_a_term_to_another_IRI_changes_the_canonical_form()
    {
        // Same JSON body, different meaning: the canonical N-Quads (what the signature covers) must differ, so a
        // signature made under one context cannot verify under the other.
        const string Body = """ "@id":"https://example.org/thing","name":"Alice","score":"10" """;
        var honest = await CanonicalAsync($$"""{"@context":{"name":"https://schema.org/name","score":"https://schema.org/ratingValue"},{{Body}}}""");
        var swapped = await CanonicalAsync($$"""{"@context":{"name":"https://schema.org/ratingValue","score":"https://schema.org/name"},{{Body}}}""");
        Assert.NotEqual(honest, swapped);
        Assert.Contains("<https://schema.org/name> \"Alice\"", honest, StringComparison.Ordinal);
        Assert.Contains("<https://schema.org/name> \"10\"", swapped, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_context_that_includes_itself_is_refused()
    {
        const string Url = "https://contexts.example/loop";
        var loader = StaticDocumentLoader.Default.With(Url, $$"""{"@context":["{{Url}}",{"x":"https://example.org/x"}]}""");
        var ex = await RefusedAsync($$"""{"@context":"{{Url}}","x":"1"}""", loader);
        Assert.Equal("context overflow", ex.Code);
    }

    [Fact]
    public async Task An_undefined_term_is_refused_in_safe_mode_instead_of_silently_dropped()
    {
        // Without safe mode the property would vanish from the canonical form, unsigned but still displayed.
        var subject = """{"id":"did:example:learner","type":["AchievementSubject"],"unsignedClaim":"anything"}""";
        var ex = await RefusedAsync(Credential("\"https://www.w3.org/2018/credentials/v1\",\"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json\"", subject));
        Assert.Equal(JsonLdErrorCodes.SafeModeDroppedProperty, ex.Code);
    }
}
