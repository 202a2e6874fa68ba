using System.Text.Json.Nodes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Keys;

namespace MicroCredentials.Signing.Presentations;

/// <summary>Options for a presentation's <c>authentication</c> proof.</summary>
public sealed record PresentationProofOptions
{
    /// <summary>The verifier's challenge, echoed in the proof so it cannot be replayed elsewhere.</summary>
    public required string Challenge { get; init; }

    /// <summary>The verifier's domain (optional but recommended).</summary>
    public string? Domain { get; init; }

    /// <summary>The cryptosuite; <c>eddsa-rdfc-2022</c> by default.</summary>
    public Cryptosuite Cryptosuite { get; init; } = Cryptosuite.EddsaRdfc2022;

    /// <summary>The proof's <c>created</c>; now when null.</summary>
    public DateTimeOffset? Created { get; init; }

    /// <summary>How the presentation is canonicalized (bundled contexts by default).</summary>
    public ProofCanonicalizer? Canonicalizer { get; init; }
}

/// <summary>Creates Verifiable Presentations that carry Open Badges credentials to a verifier.</summary>
public static class VerifiablePresentations
{
    /// <summary>The VC 2.0 base context.</summary>
    public const string CredentialsV2Context = "https://www.w3.org/ns/credentials/v2";

    /// <summary>
    /// Wraps <paramref name="credentials"/> (signed JSON credentials, or compact VC-JWT strings as
    /// <c>EnvelopedVerifiableCredential</c>s) in an unsigned VC 2.0 presentation held by <paramref name="holder"/>.
    /// </summary>
    public static JsonObject Create(string holder, IEnumerable<JsonNode> credentials, string? id = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(holder);
        ArgumentNullException.ThrowIfNull(credentials);
        var list = new JsonArray();
        foreach (var credential in credentials)
        {
            list.Add(credential switch
            {
                JsonObject o => o.DeepClone(),
                JsonValue v when v.TryGetValue<string>(out var jwt) => new JsonObject
                {
                    ["@context"] = CredentialsV2Context,
                    ["id"] = "data:application/vc+jwt," + jwt,
                    ["type"] = "EnvelopedVerifiableCredential",
                },
                _ => throw new ArgumentException("each credential must be a JSON object or a compact JWT string", nameof(credentials)),
            });
        }

        return new JsonObject
        {
            ["@context"] = new JsonArray(CredentialsV2Context),
            ["id"] = id ?? "urn:uuid:" + Guid.NewGuid().ToString("D"),
            ["type"] = new JsonArray("VerifiablePresentation"),
            ["holder"] = holder,
            ["verifiableCredential"] = list,
        };
    }

    /// <summary>Adds the holder's <c>authentication</c> proof, bound to the verifier's challenge and domain.</summary>
    public static Task<JsonObject> SignAsync(JsonObject presentation, ISigner holderSigner, PresentationProofOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(presentation);
        ArgumentNullException.ThrowIfNull(holderSigner);
        ArgumentNullException.ThrowIfNull(options);
        return DataIntegrityProofs.SignAsync(presentation, holderSigner, options.Cryptosuite, new ProofOptions
        {
            Purpose = ProofPurpose.Authentication(options.Challenge, options.Domain),
            Created = options.Created,
            Canonicalizer = options.Canonicalizer,
        }, cancellationToken);
    }
}
