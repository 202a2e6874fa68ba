namespace MicroCredentials.Signing.Canonicalization;

/// <summary>The hash function RDFC-1.0 uses for its internal hashes (and that <see cref="Rdfc10.Hash"/> applies).</summary>
public enum RdfcHashAlgorithm
{
    /// <summary>SHA-256, the RDFC-1.0 default.</summary>
    Sha256 = 0,

    /// <summary>SHA-384 (used by ecdsa-rdfc-2019 with P-384).</summary>
    Sha384 = 1,
}

/// <summary>
/// Options and work limits for <see cref="Rdfc10.Canonicalize"/>. The limits bound the worst case of
/// the Hash N-Degree Quads algorithm, which is exponential on crafted ("poison") graphs.
/// </summary>
public sealed record RdfcOptions
{
    /// <summary>The default options: SHA-256 and limits that accept every approved W3C test and any realistic credential.</summary>
    public static RdfcOptions Default { get; } = new();

    /// <summary>The internal hash algorithm. Default <see cref="RdfcHashAlgorithm.Sha256"/>.</summary>
    public RdfcHashAlgorithm HashAlgorithm { get; init; } = RdfcHashAlgorithm.Sha256;

    /// <summary>
    /// The most Hash N-Degree Quads invocations (including recursive ones) a single canonicalization may make.
    /// Most real datasets need none. Default 2,000.
    /// </summary>
    public int MaxHashNDegreeQuadsCalls { get; init; } = 2_000;

    /// <summary>
    /// The most permutations of related blank nodes examined in total across all Hash N-Degree Quads calls.
    /// Default 100,000.
    /// </summary>
    public long MaxPermutations { get; init; } = 100_000;

    /// <summary>The most distinct blank nodes accepted. Default 20,000.</summary>
    public int MaxBlankNodes { get; init; } = 20_000;

    /// <summary>
    /// Serialize literals as rdf-canonize 3.x did (escaping only <c>"</c>, <c>\</c>, LF and CR, writing other C0
    /// controls and DEL raw), which deployed stacks (DCC's, DIDKit's) signed with. Verification only: nothing is ever
    /// signed in this form. Still an injective encoding of the same dataset, so it commits to the same statements.
    /// </summary>
    internal bool LegacyLiteralEscaping { get; init; }

    /// <summary>The most quads accepted (before duplicates are removed). Default 200,000.</summary>
    public int MaxQuads { get; init; } = 200_000;
}
