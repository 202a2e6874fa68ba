using MicroCredentials.Signing.Model;

namespace MicroCredentials.Signing.Mapping;

/// <summary>Something worth telling about how a credential was read (a source shape, an assumption, an ignored value).</summary>
/// <param name="Path">JSON path in the credential (e.g. <c>$.credentialSubject.achievement.ECTS</c>).</param>
/// <param name="Code">A stable code (e.g. <c>CREDITS_UNIT_ASSUMED</c>).</param>
/// <param name="Message">A human-readable explanation.</param>
public sealed record MappingNote(string Path, string Code, string Message);

/// <summary>The outcome of <see cref="OpenBadgesMapper.FromCredential"/>.</summary>
public sealed class CredentialReadResult
{
    internal CredentialReadResult(MicroCredential elements, string? credentialId, string? achievementId,
        IReadOnlyList<ValidationProblem> problems, IReadOnlyList<MappingNote> notes, bool claimsMicroCredential = true)
    {
        ClaimsMicroCredential = claimsMicroCredential;
        Elements = elements;
        CredentialId = credentialId;
        AchievementId = achievementId;
        Problems = problems;
        Notes = notes;
        // A blank mandatory part (e.g. qualityAssurance.description) means its element is missing; optional elements never count.
        AbsentAnnexIElements = MicroCredentialValidator.MandatoryElements
            .Where(element => problems.Any(p => p.Code == MicroCredentialValidator.Codes.ElementMissing && TopLevel(p.Path) == element))
            .ToList();
        MissingElements = claimsMicroCredential ? AbsentAnnexIElements : [];
    }

    // The mandatory elements absent, whether or not the credential claims to be a micro-credential.
    internal IReadOnlyList<string> AbsentAnnexIElements { get; }

    private static string TopLevel(string path)
    {
        var end = path.IndexOfAny(['.', '[']);
        return end < 0 ? path : path[..end];
    }

    /// <summary>The elements found.</summary>
    public MicroCredential Elements { get; }

    /// <summary>The credential's id, when present.</summary>
    public string? CredentialId { get; }

    /// <summary>The achievement's id, when present.</summary>
    public string? AchievementId { get; }

    /// <summary>
    /// Whether the credential claims to be an EU micro-credential: our extension context, an
    /// <c>achievementType</c> of <c>MicroCredential</c>, or a micro-credential <c>credentialSchema</c> (edubadges).
    /// A badge that claims none is not judged against Annex I: <see cref="MissingElements"/> is empty and
    /// <see cref="Notes"/> says so (code <c>MICRO_CREDENTIAL_NOT_CLAIMED</c>, information).
    /// </summary>
    public bool ClaimsMicroCredential { get; }

    /// <summary>
    /// Completeness report: the mandatory Annex I elements (elements-JSON paths such as <c>qualityAssurance</c>) that
    /// a credential claiming to be a micro-credential does not carry; empty when it does not claim to be one. A
    /// verifier shows these as a warning.
    /// </summary>
    public IReadOnlyList<string> MissingElements { get; }

    /// <summary>
    /// True when the credential claims to be an EU micro-credential and every mandatory Annex I element is present
    /// (the level is mandatory only where applicable).
    /// </summary>
    public bool IsComplete => ClaimsMicroCredential && MissingElements.Count == 0;

    /// <summary>Every validation problem of <see cref="Elements"/>, including the missing elements.</summary>
    public IReadOnlyList<ValidationProblem> Problems { get; }

    /// <summary>Notes about the source shapes recognised, assumptions made and values ignored.</summary>
    public IReadOnlyList<MappingNote> Notes { get; }

    /// <summary>
    /// The translations missing for the languages the caller asked for (<see cref="WithRequiredLanguages"/>); empty
    /// unless asked. Code <see cref="MicroCredentialValidator.Codes.TranslationMissing"/>.
    /// </summary>
    public IReadOnlyList<ValidationProblem> MissingTranslations { get; private init; } = [];

    /// <summary>
    /// This report with <see cref="MissingTranslations"/> computed for <paramref name="languages"/> (BCP 47 tags):
    /// every title, description, learning outcome text and awarding-body name without a version in one of them.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="languages"/> is null.</exception>
    public CredentialReadResult WithRequiredLanguages(IEnumerable<string> languages)
    {
        ArgumentNullException.ThrowIfNull(languages);
        return new CredentialReadResult(Elements, CredentialId, AchievementId, Problems, Notes, ClaimsMicroCredential)
        {
            MissingTranslations = MicroCredentialValidator.MissingTranslations(Elements, languages),
        };
    }
}
