using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MicroCredentials.Signing.Keys;

namespace MicroCredentials.Signing.Jades;

/// <summary>
/// An <see cref="ISigner"/> over a seal certificate's software key (PKCS#12 or PEM): ECDSA P-256/P-384 sign as the
/// <see cref="ISigner"/> contract says (IEEE P1363, ES256/ES384); RSA keys sign RSASSA-PKCS1-v1_5 with SHA-256 (RS256).
/// An HSM or KMS signer implements <see cref="ISigner"/> the same way and is paired with its certificate in
/// <see cref="JadesSealer.SealAsync"/>.
/// </summary>
public sealed class X509Signer : ISigner, IDisposable
{
    private readonly RSA? _rsa;
    private readonly ECDsa? _ecdsa;

    private X509Signer(X509Certificate2 certificate, IReadOnlyList<X509Certificate2> chain)
    {
        Certificate = certificate;
        Chain = chain;
        _rsa = certificate.GetRSAPrivateKey();
        _ecdsa = _rsa is null ? certificate.GetECDsaPrivateKey() : null;
        if (_rsa is null && _ecdsa is null)
        {
            throw new ArgumentException("the certificate has no RSA or ECDSA private key", nameof(certificate));
        }

        if (_rsa is not null && _rsa.KeySize < 2048)
        {
            throw new ArgumentException("RSA seal keys must have at least 2048 bits", nameof(certificate));
        }

        Algorithm = _rsa is not null ? KeyAlgorithm.Rsa
            : _ecdsa!.KeySize switch
            {
                256 => KeyAlgorithm.P256,
                384 => KeyAlgorithm.P384,
                _ => throw new ArgumentException("ECDSA seal keys must be P-256 or P-384", nameof(certificate)),
            };
        VerificationMethodId = "x5t#S256:" + Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256)).ToLowerInvariant();
    }

    /// <summary>The seal certificate (with its private key).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The other certificates of the PKCS#12 or PEM file (issuing CAs), for <c>xVals</c>.</summary>
    public IReadOnlyList<X509Certificate2> Chain { get; }

    /// <inheritdoc/>
    public string VerificationMethodId { get; }

    /// <inheritdoc/>
    public KeyAlgorithm Algorithm { get; }

    /// <summary>Loads the certificate with a private key (and the other certificates) from a PKCS#12 file.</summary>
    /// <exception cref="CryptographicException">Not PKCS#12, or a wrong password.</exception>
    /// <exception cref="ArgumentException">No certificate with a usable private key.</exception>
    public static X509Signer FromPkcs12(byte[] pkcs12, string? password)
    {
        ArgumentNullException.ThrowIfNull(pkcs12);
        var all = X509CertificateLoader.LoadPkcs12Collection(pkcs12, password, X509KeyStorageFlags.EphemeralKeySet);
        var leaf = all.FirstOrDefault(c => c.HasPrivateKey) ?? throw new ArgumentException("the PKCS#12 file has no certificate with a private key", nameof(pkcs12));
        return new X509Signer(leaf, [.. all.Where(c => !ReferenceEquals(c, leaf))]);
    }

    /// <summary>Loads a certificate (PEM, the first one is the seal certificate, others are its chain) and its PKCS#8 PEM private key.</summary>
    public static X509Signer FromPem(string certificatesPem, string privateKeyPem)
    {
        ArgumentNullException.ThrowIfNull(certificatesPem);
        ArgumentNullException.ThrowIfNull(privateKeyPem);
        var certs = new X509Certificate2Collection();
        certs.ImportFromPem(certificatesPem);
        if (certs.Count == 0)
        {
            throw new ArgumentException("no PEM certificate", nameof(certificatesPem));
        }

        X509Certificate2 withKey;
        try
        {
            withKey = X509Certificate2.CreateFromPem(certs[0].ExportCertificatePem(), privateKeyPem);
        }
        catch (CryptographicException ex)
        {
            throw new ArgumentException("the PEM private key does not match the certificate: " + ex.Message, nameof(privateKeyPem));
        }

        return new X509Signer(withKey, [.. certs.Skip(1)]);
    }

    /// <inheritdoc/>
    public ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var signature = _rsa is not null
            ? _rsa.SignData(data.Span, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : _ecdsa!.SignData(data.Span, Algorithm == KeyAlgorithm.P256 ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA384, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return ValueTask.FromResult(signature);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _rsa?.Dispose();
        _ecdsa?.Dispose();
        Certificate.Dispose();
        foreach (var c in Chain)
        {
            c.Dispose();
        }
    }
}
