using System.Security.Cryptography;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Keys;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace MicroCredentials.Signing.Pkcs11;

/// <summary>
/// An <see cref="ISigner"/> whose private key never leaves a PKCS#11 token (an HSM, a smart card, SoftHSM2).
/// Ed25519 keys sign with <c>CKM_EDDSA</c> (pure EdDSA over the given bytes); P-256/P-384 keys with
/// <c>CKM_ECDSA</c> over the SHA-256/SHA-384 digest computed here, which returns the raw <c>r‖s</c> that Data
/// Integrity and JOSE want.
/// </summary>
/// <remarks>
/// One logged-in session per signer, used under a lock (a PKCS#11 session is not thread-safe), so the signer is
/// thread-safe; open several signers on the same key for parallel signing. When the token goes away, signing
/// throws <see cref="Pkcs11SignerException"/> with <see cref="Pkcs11ErrorCodes.TokenRemoved"/>: dispose the
/// signer and open a new one once the token is back.
/// </remarks>
public sealed class Pkcs11Signer : ISigner, IDisposable
{
    private readonly Pkcs11Module _module;
    private readonly ISession _session;
    private readonly IObjectHandle _privateKey;
    private readonly IMechanism _mechanism;
    private readonly object _gate = new();
    private bool _disposed;

    private Pkcs11Signer(Pkcs11Module module, ISession session, IObjectHandle privateKey, KeyAlgorithm algorithm, PublicKey publicKey, string verificationMethodId)
    {
        _module = module;
        _session = session;
        _privateKey = privateKey;
        Algorithm = algorithm;
        PublicKey = publicKey;
        VerificationMethodId = verificationMethodId;
        _mechanism = Pkcs11Module.Factories.MechanismFactory.Create(algorithm == KeyAlgorithm.Ed25519 ? Pkcs11Keys.CkmEddsa : (ulong)CKM.CKM_ECDSA);
    }

    /// <inheritdoc/>
    public string VerificationMethodId { get; }

    /// <inheritdoc/>
    public KeyAlgorithm Algorithm { get; }

    /// <summary>The public key, read from the token's public key object (<c>CKA_EC_POINT</c>).</summary>
    public PublicKey PublicKey { get; }

    /// <summary>
    /// Loads the module, finds the token, logs in as the user, finds the private key and its public key (same
    /// label/id) and reads the algorithm from <c>CKA_KEY_TYPE</c>/<c>CKA_EC_PARAMS</c>.
    /// </summary>
    /// <exception cref="ArgumentException">Neither a token label nor a serial, or neither a key label nor an id, is given.</exception>
    /// <exception cref="Pkcs11SignerException">The module, token, PIN or key is unusable (see <see cref="Pkcs11SignerException.Code"/>).</exception>
    public static Pkcs11Signer Open(Pkcs11SignerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ModulePath, nameof(options));
        ArgumentNullException.ThrowIfNull(options.Pin, nameof(options));
        if (options.KeyLabel is null && options.KeyId is null)
        {
            throw new ArgumentException("Give the key's label (KeyLabel) or id (KeyId).", nameof(options));
        }

        var module = Pkcs11Module.Acquire(options.ModulePath);
        ISession? session = null;
        try
        {
            session = Pkcs11Session.OpenUserSession(module, options, readWrite: false);
            var privateKey = Pkcs11Session.FindOne(session, CKO.CKO_PRIVATE_KEY, options, required: true)!;
            var publicKeyObject = Pkcs11Session.FindOne(session, CKO.CKO_PUBLIC_KEY, options, required: false)
                ?? throw new Pkcs11SignerException(Pkcs11ErrorCodes.KeyNotFound, $"the private key {Pkcs11Session.Describe(options)} has no public key object with the same label/id on the token");
            var (algorithm, publicKey) = Pkcs11Session.ReadPublicKey(session, publicKeyObject);
            var (privateAlgorithm, _) = Pkcs11Session.ReadKeyType(session, privateKey);
            if (privateAlgorithm != algorithm)
            {
                throw new Pkcs11SignerException(Pkcs11ErrorCodes.UnsupportedKey, $"the private key {Pkcs11Session.Describe(options)} is not a {algorithm.Name} key like its public key");
            }

            var id = options.VerificationMethodId ?? DidKey.VerificationMethodId(publicKey);
            return new Pkcs11Signer(module, session, privateKey, algorithm, publicKey, id);
        }
        catch (Pkcs11Exception ex)
        {
            session?.Dispose();
            module.Release();
            throw Pkcs11Session.Translate(ex, options);
        }
        catch
        {
            session?.Dispose();
            module.Release();
            throw;
        }
    }

    /// <summary>
    /// Generates a key pair inside the token (<c>CKA_TOKEN</c>, private half <c>CKA_SENSITIVE</c> and not
    /// extractable), labelled and identified as <paramref name="options"/> says, and returns its public key.
    /// </summary>
    /// <exception cref="ArgumentException">The algorithm is not Ed25519, P-256 or P-384, or no key label is given.</exception>
    /// <exception cref="Pkcs11SignerException">The module, token or PIN is unusable, or the token cannot generate such keys.</exception>
    public static PublicKey GenerateKeyPair(Pkcs11SignerOptions options, KeyAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(algorithm);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.KeyLabel, nameof(options));
        var ecParams = Pkcs11Keys.ParamsOf(algorithm);
        var module = Pkcs11Module.Acquire(options.ModulePath);
        try
        {
            using var session = Pkcs11Session.OpenUserSession(module, options, readWrite: true);
            var id = options.KeyId?.ToArray() ?? RandomNumberGenerator.GetBytes(16);
            var keyType = algorithm == KeyAlgorithm.Ed25519 ? Pkcs11Keys.CkkEcEdwards : (ulong)CKK.CKK_EC;
            var publicTemplate = Pkcs11Keys.Template(
                (CKA.CKA_TOKEN, true), (CKA.CKA_PRIVATE, false), (CKA.CKA_VERIFY, true), (CKA.CKA_KEY_TYPE, keyType),
                (CKA.CKA_LABEL, options.KeyLabel), (CKA.CKA_ID, id), (CKA.CKA_EC_PARAMS, ecParams));
            var privateTemplate = Pkcs11Keys.Template(
                (CKA.CKA_TOKEN, true), (CKA.CKA_PRIVATE, true), (CKA.CKA_SENSITIVE, true), (CKA.CKA_EXTRACTABLE, false),
                (CKA.CKA_SIGN, true), (CKA.CKA_KEY_TYPE, keyType), (CKA.CKA_LABEL, options.KeyLabel), (CKA.CKA_ID, id));
            var mechanism = Pkcs11Module.Factories.MechanismFactory.Create(
                algorithm == KeyAlgorithm.Ed25519 ? Pkcs11Keys.CkmEcEdwardsKeyPairGen : (ulong)CKM.CKM_EC_KEY_PAIR_GEN);
            session.GenerateKeyPair(mechanism, publicTemplate, privateTemplate, out var publicKey, out _);
            return Pkcs11Session.ReadPublicKey(session, publicKey).PublicKey;
        }
        catch (Pkcs11Exception ex) when (ex.RV is CKR.CKR_MECHANISM_INVALID or CKR.CKR_DOMAIN_PARAMS_INVALID or CKR.CKR_CURVE_NOT_SUPPORTED)
        {
            throw new Pkcs11SignerException(Pkcs11ErrorCodes.UnsupportedKey, $"the token cannot generate {algorithm.Name} keys ({ex.RV})", (ulong)ex.RV, ex);
        }
        catch (Pkcs11Exception ex)
        {
            throw Pkcs11Session.Translate(ex, options);
        }
        finally
        {
            module.Release();
        }
    }

    /// <inheritdoc/>
    /// <exception cref="Pkcs11SignerException">The token went away or refused to sign.</exception>
    /// <exception cref="ObjectDisposedException">The signer was disposed.</exception>
    public ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var input = Algorithm == KeyAlgorithm.Ed25519 ? data.ToArray()
            : Algorithm == KeyAlgorithm.P256 ? SHA256.HashData(data.Span)
            : SHA384.HashData(data.Span);
        byte[] signature;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                signature = _session.Sign(_mechanism, _privateKey, input);
            }
            catch (Pkcs11Exception ex)
            {
                throw Pkcs11Session.TranslateSigning(ex);
            }
        }

        if (signature.Length != Algorithm.SignatureSize)
        {
            throw new Pkcs11SignerException(Pkcs11ErrorCodes.DeviceError, $"the token returned a {signature.Length}-byte {Algorithm.Name} signature, not {Algorithm.SignatureSize} bytes (r‖s)");
        }

        return ValueTask.FromResult(signature);
    }

    /// <summary>Closes the session and releases the module (finalised when no other signer uses it).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;

            // No C_Logout: the login state is shared by every session of the process on the token, so logging out
            // here would log out the other signers; it ends when the token's last session closes.
            try
            {
                _session.Dispose();
            }
            catch (Pkcs11Exception)
            {
                // Same: a removed token has no session left to close.
            }

            _module.Release();
        }
    }
}
