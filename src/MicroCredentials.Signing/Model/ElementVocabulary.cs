namespace MicroCredentials.Signing.Model;

/// <summary>The string forms of the model's enumerations, shared by the elements JSON and the OB 3.0 extension terms.</summary>
internal static class ElementVocabulary
{
    public static string ToToken(SupervisionAndIdentityVerification value) => value switch
    {
        SupervisionAndIdentityVerification.UnsupervisedNoIdentityVerification => "unsupervised-no-identity-verification",
        SupervisionAndIdentityVerification.SupervisedNoIdentityVerification => "supervised-no-identity-verification",
        SupervisionAndIdentityVerification.SupervisedWithIdentityVerification => "supervised-with-identity-verification",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "undefined supervision value"),
    };

    public static SupervisionAndIdentityVerification? ParseSupervision(string? token) => token switch
    {
        "unsupervised-no-identity-verification" => SupervisionAndIdentityVerification.UnsupervisedNoIdentityVerification,
        "supervised-no-identity-verification" => SupervisionAndIdentityVerification.SupervisedNoIdentityVerification,
        "supervised-with-identity-verification" => SupervisionAndIdentityVerification.SupervisedWithIdentityVerification,
        _ => null,
    };

    public static string ToToken(QfEheaCycle value) => value switch
    {
        QfEheaCycle.ShortCycle => "short",
        QfEheaCycle.FirstCycle => "first",
        QfEheaCycle.SecondCycle => "second",
        QfEheaCycle.ThirdCycle => "third",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "undefined QF-EHEA cycle"),
    };

    public static QfEheaCycle? ParseQfEhea(string? token) => token switch
    {
        "short" => QfEheaCycle.ShortCycle,
        "first" => QfEheaCycle.FirstCycle,
        "second" => QfEheaCycle.SecondCycle,
        "third" => QfEheaCycle.ThirdCycle,
        _ => null,
    };

    public static string ToToken(IntegrationKind value) => value switch
    {
        IntegrationKind.StandAlone => "stand-alone",
        IntegrationKind.Stackable => "stackable",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "undefined integration kind"),
    };

    public static IntegrationKind? ParseIntegration(string? token) => token switch
    {
        "stand-alone" => IntegrationKind.StandAlone,
        "stackable" => IntegrationKind.Stackable,
        _ => null,
    };

    public static string ToToken(EqfLevelKind value) => value switch
    {
        EqfLevelKind.Awarded => "awarded",
        EqfLevelKind.Indicative => "indicative",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "undefined EQF level kind"),
    };

    public static EqfLevelKind? ParseEqfKind(string? token) => token switch
    {
        "awarded" => EqfLevelKind.Awarded,
        "indicative" => EqfLevelKind.Indicative,
        _ => null,
    };

    public static string ToToken(StackabilityRelation value) => value switch
    {
        StackabilityRelation.IsPartOf => "isPartOf",
        StackabilityRelation.HasPart => "hasPart",
        StackabilityRelation.CanBeCombinedWith => "canBeCombinedWith",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "undefined stackability relation"),
    };

    public static StackabilityRelation? ParseRelation(string? token) => token switch
    {
        "isPartOf" => StackabilityRelation.IsPartOf,
        "hasPart" => StackabilityRelation.HasPart,
        "canBeCombinedWith" => StackabilityRelation.CanBeCombinedWith,
        _ => null,
    };

    /// <summary>The one EU supervision-verification concept in the offline ELM material ("Unsupervised without ID Verification").</summary>
    public const string UnsupervisedNoIdVerificationUri = "http://data.europa.eu/snb/supervision-verification/c598449d64";

    public const string EqfBase = "http://data.europa.eu/snb/eqf/";
    public const string IscedFBase = "http://data.europa.eu/snb/isced-f/";
    public const string EscoPrefix = "http://data.europa.eu/esco/";
}
