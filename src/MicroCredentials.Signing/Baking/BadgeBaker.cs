using System.Text.Json.Nodes;
using MicroCredentials.Signing.Json;

namespace MicroCredentials.Signing.Baking;

/// <summary>
/// Bakes an Open Badges 3.0 credential (JSON or compact JWS) into a PNG or SVG badge image and extracts it again,
/// following the OB 3.0 baking rules. The format is recognised from the image bytes.
/// Hostile images are refused with a <see cref="BakingException"/> whose code names the problem.
/// </summary>
public static class BadgeBaker
{
    /// <summary>Recognises the image format from its first bytes.</summary>
    /// <param name="image">The image bytes.</param>
    /// <returns>The format, or null when the bytes are neither PNG nor (apparently) SVG/XML.</returns>
    public static BadgeImageFormat? DetectFormat(ReadOnlySpan<byte> image)
    {
        if (PngBaking.HasSignature(image))
        {
            return BadgeImageFormat.Png;
        }

        if (image.StartsWith("\uFEFF"u8))
        {
            image = image[3..];
        }

        var start = image.IndexOfAnyExcept(" \t\r\n"u8);
        return start >= 0 && image[start] == (byte)'<' ? BadgeImageFormat.Svg : null;
    }

    /// <summary>Bakes a credential into a badge image, replacing any credential baked before.</summary>
    /// <param name="image">A PNG or SVG image.</param>
    /// <param name="credential">A JSON credential (object) or a compact JWS (VC-JWT).</param>
    /// <param name="limits">Bounds to enforce; <see cref="BakingLimits.Default"/> when null.</param>
    /// <returns>The baked image, in the same format.</returns>
    /// <exception cref="ArgumentException">The credential is neither a JSON object nor a compact JWS.</exception>
    /// <exception cref="BakingException">The image is refused.</exception>
    public static byte[] Bake(ReadOnlySpan<byte> image, string credential, BakingLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(credential);
        limits ??= BakingLimits.Default;
        limits.Validate(nameof(limits));
        var text = credential.Trim();
        var isJwt = Classify(text) ?? throw new ArgumentException("The credential must be a JSON object or a compact JWS.", nameof(credential));
        return DetectFormat(image) switch
        {
            BadgeImageFormat.Png => PngBaking.Bake(image, text, limits),
            BadgeImageFormat.Svg => SvgBaking.Bake(image, text, isJwt, limits),
            _ => throw new BakingException(BakingException.Malformed, "The image is neither PNG nor SVG."),
        };
    }

    /// <summary>Extracts the baked credential from a badge image.</summary>
    /// <param name="image">A PNG or SVG image.</param>
    /// <param name="limits">Bounds to enforce; <see cref="BakingLimits.Default"/> when null.</param>
    /// <returns>The baked text and whether it is a JWS. The text is not verified here.</returns>
    /// <exception cref="BakingException">The image is refused or holds no credential.</exception>
    public static BakedCredential Extract(ReadOnlySpan<byte> image, BakingLimits? limits = null)
    {
        limits ??= BakingLimits.Default;
        limits.Validate(nameof(limits));
        switch (DetectFormat(image))
        {
            case BadgeImageFormat.Png:
            {
                if (image.Length > limits.MaxImageBytes)
                {
                    throw new BakingException(BakingException.TooLarge, $"The image is {image.Length} bytes; the limit is {limits.MaxImageBytes}.");
                }

                var text = PngBaking.Extract(image, limits).Trim();
                var isJwt = Classify(text) ?? throw new BakingException(BakingException.Malformed, "The baked text is neither a JSON object nor a compact JWS.");
                return new BakedCredential(BadgeImageFormat.Png, text, isJwt);
            }

            case BadgeImageFormat.Svg:
            {
                var baked = SvgBaking.Extract(image, limits);
                var isJwt = Classify(baked.Text);
                if (isJwt is null || isJwt != baked.IsJwt)
                {
                    throw new BakingException(BakingException.Malformed, baked.IsJwt
                        ? "The verify attribute does not hold a compact JWS."
                        : "The openbadges:credential element holds neither a JSON object nor a compact JWS.");
                }

                return baked;
            }

            default:
                throw new BakingException(BakingException.Malformed, "The image is neither PNG nor SVG.");
        }
    }

    /// <summary>Extracts and tries the same as <see cref="Extract"/>, returning false with the error instead of throwing.</summary>
    /// <param name="image">A PNG or SVG image.</param>
    /// <param name="credential">The baked credential on success.</param>
    /// <param name="error">The refusal on failure.</param>
    /// <param name="limits">Bounds to enforce; <see cref="BakingLimits.Default"/> when null.</param>
    /// <returns>Whether a credential was extracted.</returns>
    public static bool TryExtract(ReadOnlySpan<byte> image, out BakedCredential? credential, out BakingException? error, BakingLimits? limits = null)
    {
        try
        {
            credential = Extract(image, limits);
            error = null;
            return true;
        }
        catch (BakingException ex)
        {
            credential = null;
            error = ex;
            return false;
        }
    }

    /// <summary>True for a compact JWS, false for a JSON object, null for anything else.</summary>
    internal static bool? Classify(string text)
    {
        if (text.StartsWith('{'))
        {
            // The verifier parses the credential again under its own limits; this only tells JSON from JWS.
            return SafeJson.TryParse(text).Value is JsonObject ? false : null;
        }

        var parts = text.Split('.');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[2].Length == 0)
        {
            return null;
        }

        foreach (var part in parts)
        {
            foreach (var c in part)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                {
                    return null;
                }
            }
        }

        return true;
    }
}
