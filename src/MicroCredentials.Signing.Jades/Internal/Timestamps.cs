using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tsp;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace MicroCredentials.Signing.Jades.Internal;

/// <summary>An RFC 3161 timestamp token read from a JAdES <c>tstTokens[].val</c>.</summary>
internal sealed class Timestamp
{
    private Timestamp(TimeStampToken token, byte[] der)
    {
        Token = token;
        Der = der;
        GenTime = new DateTimeOffset(DateTime.SpecifyKind(token.TimeStampInfo.GenTime, DateTimeKind.Utc));
    }

    public TimeStampToken Token { get; }

    public byte[] Der { get; }

    public DateTimeOffset GenTime { get; }

    public BcCertificate? SignerCertificate { get; private set; }

    /// <summary>Reads a token; null (with the reason) when it is not a timestamp token.</summary>
    public static Timestamp? TryRead(byte[] der, out string error)
    {
        error = "";
        try
        {
            return new Timestamp(new TimeStampToken(new CmsSignedData(der)), der);
        }
        catch (Exception ex) when (ex is CmsException or TspException or ArgumentException or IOException or InvalidCastException or InvalidOperationException or NullReferenceException)
        {
            error = ex.Message;
            return null;
        }
    }

    /// <summary>The message imprint equals the digest (with the token's own hash algorithm) of <paramref name="input"/>.</summary>
    public bool ImprintMatches(byte[] input)
    {
        try
        {
            var digest = DigestUtilities.CalculateDigest(Token.TimeStampInfo.MessageImprintAlgOid, input);
            return Org.BouncyCastle.Utilities.Arrays.FixedTimeEquals(digest, Token.TimeStampInfo.GetMessageImprintDigest());
        }
        catch (SecurityUtilityException)
        {
            return false;
        }
    }

    /// <summary>Finds the TSA certificate (in the token, else in <paramref name="pool"/>) and verifies the CMS signature with it.</summary>
    public bool VerifySignature(CertPool pool)
    {
        var candidates = Token.GetCertificates().EnumerateMatches(null).Concat(pool.All);
        foreach (var cert in candidates)
        {
            if (!Token.SignerID.Match(cert))
            {
                continue;
            }

            try
            {
                var signer = Token.ToCmsSignedData().GetSignerInfos().GetSigners().First();
                if (signer.Verify(cert))
                {
                    SignerCertificate = cert;
                    return true;
                }
            }
            catch (Exception ex) when (ex is CmsException or ArgumentException or InvalidOperationException or SecurityUtilityException)
            {
                // not this certificate
            }
        }

        return false;
    }

    public IEnumerable<BcCertificate> EmbeddedCertificates => Token.GetCertificates().EnumerateMatches(null);
}
