using MicroCredentials.Signing.JsonLd;

namespace MicroCredentials.Signing.Verification;

/// <summary>The reference spellings a verifier compares a credential's JSON surface with, one per VC data model.</summary>
/// <remarks>
/// Each is built from the bundled copies of the contexts that define terms a verifier reads (never from a caller's
/// loader), once, and is immutable afterwards. The data model's own base context decides which: a VC 2.0 credential may
/// define <c>issuanceDate</c> for itself (2.0 has no such term), a VC 1.1 credential may not.
/// </remarks>
internal static class SurfaceVocabularies
{
    private const string Vc1 = "https://www.w3.org/2018/credentials/v1";
    private const string Vc2 = "https://www.w3.org/ns/credentials/v2";

    private static readonly string[] Shared =
    [
        "https://w3id.org/security/multikey/v1",
        "https://w3id.org/security/jwk/v1",
        "https://www.w3.org/ns/credentials/status/v1",
        "https://w3id.org/vc/status-list/2021/v1",
        "https://w3id.org/security/suites/ed25519-2020/v1",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
        "https://w3id.org/mcred/v1",
    ];

    private static readonly Lazy<SurfaceVocabulary> V2 = new(() => Build([Vc2, "https://w3id.org/security/data-integrity/v2", .. Shared]));

    private static readonly Lazy<SurfaceVocabulary> V1 = new(() => Build(
    [
        Vc1,
        "https://w3id.org/security/data-integrity/v1",
        "https://w3id.org/security/data-integrity/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
        .. Shared,
    ]));

    /// <summary>The vocabulary for a document whose first context is <paramref name="baseContext"/> (VC 2.0 unless it is VC 1.1).</summary>
    public static SurfaceVocabulary For(string? baseContext) => baseContext == Vc1 ? V1.Value : V2.Value;

    private static SurfaceVocabulary Build(string[] urls) => new JsonLdProcessor(StaticDocumentLoader.Default).BuildSurfaceVocabulary(urls);
}
