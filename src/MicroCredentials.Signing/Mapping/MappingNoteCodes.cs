namespace MicroCredentials.Signing.Mapping;

/// <summary>The stable codes of <see cref="MappingNote"/>: how a credential was read (source shapes, assumptions, ignored values).</summary>
public static class MappingNoteCodes
{
    /// <summary>The achievement type is not MicroCredential; the credential is read as another kind of achievement.</summary>
    public const string AchievementTypeOther = "ACHIEVEMENT_TYPE_OTHER";

    /// <summary>The credential has no <c>credentialSubject.achievement</c>: not an OB 3.0 AchievementCredential.</summary>
    public const string AchievementMissing = "ACHIEVEMENT_MISSING";

    /// <summary>A free string of the issuer was read as an EU vocabulary concept (the message names it).</summary>
    public const string ConceptResolved = "CONCEPT_RESOLVED";

    /// <summary>A free string of the issuer names no concept of the element's EU vocabulary; it stays free text.</summary>
    public const string ConceptUnresolved = "CONCEPT_UNRESOLVED";

    /// <summary>The edubadges/eduCredentials context is invalid JSON-LD, so the document cannot be expanded or Data-Integrity-signed as published; it is read as plain JSON.</summary>
    public const string ContextNotSignable = "CONTEXT_NOT_SIGNABLE";

    /// <summary><c>creditsAvailable</c> carries no unit; it was read as ECTS.</summary>
    public const string CreditsUnitAssumed = "CREDITS_UNIT_ASSUMED";

    /// <summary>The credit unit is not ECTS, so the credits are ignored.</summary>
    public const string CreditsUnitUnknown = "CREDITS_UNIT_UNKNOWN";

    /// <summary>The EDC has no learning achievement claim to read the micro-credential from.</summary>
    public const string EdcClaimMissing = "EDC_CLAIM_MISSING";

    /// <summary>The EDC was read from the payload of a JAdES seal (the seal itself is verified separately).</summary>
    public const string EdcJadesPayload = "EDC_JADES_PAYLOAD";

    /// <summary>The document uses ELM terms without being an ELM 3 credential (converter output): read as far as it goes.</summary>
    public const string EdcNotElm = "EDC_NOT_ELM";

    /// <summary>The sealed or wrapped EDC's payload could not be decoded.</summary>
    public const string EdcPayloadUnreadable = "EDC_PAYLOAD_UNREADABLE";

    /// <summary>The EDC was read from the Europass upload wrapper.</summary>
    public const string EdcUploadWrapper = "EDC_UPLOAD_WRAPPER";

    /// <summary>The EDC is VC 2.0-shaped, while the EDC application profile defines VC 1.1-shaped credentials.</summary>
    public const string EdcVc2Shape = "EDC_VC2_SHAPE";

    /// <summary>The EQF level is given by a URI outside the EU's EQF vocabulary.</summary>
    public const string EqfNonEuUri = "EQF_NON_EU_URI";

    /// <summary>The learner's e-mail address is not salted and hashed (<c>sha256$</c>), so it is not imported.</summary>
    public const string LearnerEmailUnhashed = "LEARNER_EMAIL_UNHASHED";

    /// <summary>Only a criteria narrative is present; it is not taken as explicit learning outcomes.</summary>
    public const string LearningOutcomesCriteriaOnly = "LEARNING_OUTCOMES_CRITERIA_ONLY";

    /// <summary>The credential does not claim to be a micro-credential, so it is not judged against Annex I (information).</summary>
    public const string MicroCredentialNotClaimed = "MICRO_CREDENTIAL_NOT_CLAIMED";

    /// <summary>An element was read from an edubadges-specific property.</summary>
    public const string SourceEdubadges = "SOURCE_EDUBADGES";

    /// <summary>A learning outcome uses the SURF / 1EdTech proposal shape (nested <c>relations</c>), whose terms JSON-LD drops.</summary>
    public const string SourceLoProposal = "SOURCE_LO_PROPOSAL";

    /// <summary>The edubadges supervision type and its identity-check flag disagree; the weaker reading (no identity verification) is kept.</summary>
    public const string SupervisionConflict = "SUPERVISION_CONFLICT";

    /// <summary>A value of a closed set (a QF-EHEA cycle, a kind of integration) is not one of its members and was ignored.</summary>
    public const string ValueUnknown = "VALUE_UNKNOWN";
}
