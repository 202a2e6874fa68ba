namespace MicroCredentials.Signing.Baking;

/// <summary>The image formats Open Badges 3.0 bakes into.</summary>
public enum BadgeImageFormat
{
    /// <summary>PNG: an <c>iTXt</c> chunk with keyword <c>openbadgecredential</c>.</summary>
    Png = 1,

    /// <summary>SVG: an <c>openbadges:credential</c> element.</summary>
    Svg = 2,
}

/// <summary>A credential found in a badge image: its text, and whether it is a compact JWS or a JSON credential.</summary>
/// <param name="Format">The image format it came from.</param>
/// <param name="Text">The baked text: a JSON credential or a compact JWS (VC-JWT).</param>
/// <param name="IsJwt">True when <see cref="Text"/> is a compact JWS rather than JSON.</param>
public sealed record BakedCredential(BadgeImageFormat Format, string Text, bool IsJwt);
