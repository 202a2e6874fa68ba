using System.Text.Json.Nodes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Status;

namespace MicroCredentials.Signing.Tests.Status;

/// <summary>Counts fetches of an inner resolver.</summary>
internal sealed class CountingResolver(IStatusListResolver inner) : IStatusListResolver
{
    private int _count;

    public int Count => _count;

    public Task<StatusListDocument> ResolveAsync(string url, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _count);
        return inner.ResolveAsync(url, cancellationToken);
    }
}

/// <summary>An issuer with a did:key Ed25519 key that signs real status lists and credentials.</summary>
internal sealed class TestIssuer : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public TestIssuer()
    {
        Key = KeyFile.Generate(KeyAlgorithm.Ed25519);
        Did = DidKey.FromPublicKey(Key.KeyPair.PublicKey);
        Store = new InMemoryStatusListStore();
        Issuer = new StatusListIssuer(Store, Clock);
    }

    public KeyFile Key { get; }

    public string Did { get; }

    /// <summary>A clock the tests move by hand (<see cref="FakeTimeProvider.Advance"/>), starting at <see cref="Now"/>.</summary>
    public FakeTimeProvider Clock { get; } = new(Now);

    public InMemoryStatusListStore Store { get; }

    public StatusListIssuer Issuer { get; }

    public ISigner Signer => Key.CreateSigner();

    public StatusListCredentialOptions ListOptions => new() { Issuer = Did, ValidFrom = Now.AddDays(-1) };

    public Task<JsonObject> SignAsync(JsonObject document) =>
        DataIntegrityProofs.SignAsync(document, Signer, Cryptosuite.EddsaRdfc2022, new ProofOptions { Created = Now.AddDays(-1) });

    public Task<JsonObject> PublishAsync(string listUrl, StatusListCredentialOptions? options = null) =>
        Issuer.PublishAsync(listUrl, options ?? ListOptions, StatusListProofs.Signer(Signer, Cryptosuite.EddsaRdfc2022, new ProofOptions { Created = Now.AddDays(-1) }));

    public static StatusListProofVerifier Verifier(TimeProvider clock) =>
        StatusListProofs.Verifier(new DataIntegrityVerificationOptions { TimeProvider = clock });

    public JsonObject Credential() => new()
    {
        ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2"),
        ["id"] = "urn:uuid:" + Guid.NewGuid(),
        ["type"] = new JsonArray("VerifiableCredential"),
        ["issuer"] = Did,
        ["validFrom"] = "2026-01-01T00:00:00Z",
        ["credentialSubject"] = new JsonObject { ["id"] = "did:example:learner" },
    };

    public void Dispose() => Key.Dispose();
}
