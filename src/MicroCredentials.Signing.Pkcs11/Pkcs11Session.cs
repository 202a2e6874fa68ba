using MicroCredentials.Signing.Keys;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace MicroCredentials.Signing.Pkcs11;

/// <summary>Finding the token, logging in, finding the key, and turning <c>CKR_*</c> values into stable codes.</summary>
internal static class Pkcs11Session
{
    public static ISession OpenUserSession(Pkcs11Module module, Pkcs11SignerOptions options, bool readWrite)
    {
        if (options.TokenLabel is null && options.TokenSerialNumber is null)
        {
            throw new ArgumentException("Give the token's label (TokenLabel) or serial number (TokenSerialNumber).", nameof(options));
        }

        ISlot? slot = null;
        try
        {
            foreach (var candidate in module.Library.GetSlotList(SlotsType.WithTokenPresent))
            {
                ITokenInfo info;
                try
                {
                    info = candidate.GetTokenInfo();
                }
                catch (Pkcs11Exception)
                {
                    // A slot whose token is going away (or broken) is not the token asked for; keep looking.
                    continue;
                }

                if ((options.TokenLabel is null || info.Label.TrimEnd() == options.TokenLabel)
                    && (options.TokenSerialNumber is null || info.SerialNumber.TrimEnd() == options.TokenSerialNumber)
                    && info.TokenFlags.TokenInitialized)
                {
                    slot = candidate;
                    break;
                }
            }
        }
        catch (Pkcs11Exception ex)
        {
            throw Translate(ex, options);
        }

        if (slot is null)
        {
            throw new Pkcs11SignerException(Pkcs11ErrorCodes.TokenNotPresent, $"no initialised token {DescribeToken(options)} is present in '{module.Path}'");
        }

        var session = slot.OpenSession(readWrite ? SessionType.ReadWrite : SessionType.ReadOnly);
        try
        {
            session.Login(CKU.CKU_USER, options.Pin);
        }
        catch (Pkcs11Exception ex) when (ex.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
        {
            // Another signer of this process is logged in on the token; PKCS#11 shares the login state.
        }
        catch
        {
            session.Dispose();
            throw;
        }

        return session;
    }

    public static IObjectHandle? FindOne(ISession session, CKO objectClass, Pkcs11SignerOptions options, bool required)
    {
        var template = new List<(CKA, object)> { (CKA.CKA_CLASS, objectClass) };
        if (options.KeyLabel is { } label)
        {
            template.Add((CKA.CKA_LABEL, label));
        }

        if (options.KeyId is { } id)
        {
            template.Add((CKA.CKA_ID, id.ToArray()));
        }

        var found = session.FindAllObjects(Pkcs11Keys.Template([.. template]));
        return found.Count switch
        {
            1 => found[0],
            0 when !required => null,
            0 => throw new Pkcs11SignerException(Pkcs11ErrorCodes.KeyNotFound, $"no private key {Describe(options)} is on the token {DescribeToken(options)}"),
            _ => throw new Pkcs11SignerException(Pkcs11ErrorCodes.KeyAmbiguous, $"{found.Count} {(objectClass == CKO.CKO_PRIVATE_KEY ? "private" : "public")} keys match {Describe(options)} on the token {DescribeToken(options)}; give the key id as well"),
        };
    }

    public static (KeyAlgorithm Algorithm, byte[] EcParams) ReadKeyType(ISession session, IObjectHandle key)
    {
        var attributes = session.GetAttributeValue(key, [CKA.CKA_KEY_TYPE, CKA.CKA_EC_PARAMS]);
        if (attributes[0].CannotBeRead || attributes[1].CannotBeRead)
        {
            throw new Pkcs11SignerException(Pkcs11ErrorCodes.UnsupportedKey, "the key is not an elliptic-curve key (no CKA_EC_PARAMS)");
        }

        var keyType = attributes[0].GetValueAsUlong();
        var ecParams = attributes[1].GetValueAsByteArray();
        var algorithm = Pkcs11Keys.AlgorithmOf(keyType, ecParams)
            ?? throw new Pkcs11SignerException(Pkcs11ErrorCodes.UnsupportedKey, $"the key (CKA_KEY_TYPE 0x{keyType:X}, CKA_EC_PARAMS {Convert.ToHexString(ecParams)}) is not Ed25519, P-256 or P-384");
        return (algorithm, ecParams);
    }

    public static (KeyAlgorithm Algorithm, PublicKey PublicKey) ReadPublicKey(ISession session, IObjectHandle publicKey)
    {
        var (algorithm, _) = ReadKeyType(session, publicKey);
        var point = session.GetAttributeValue(publicKey, [CKA.CKA_EC_POINT])[0];
        if (point.CannotBeRead)
        {
            throw new Pkcs11SignerException(Pkcs11ErrorCodes.UnsupportedKey, "the public key object has no readable CKA_EC_POINT");
        }

        try
        {
            return (algorithm, Pkcs11Keys.DecodePoint(algorithm, point.GetValueAsByteArray()));
        }
        catch (FormatException ex)
        {
            throw new Pkcs11SignerException(Pkcs11ErrorCodes.UnsupportedKey, $"the token's {algorithm.Name} public key cannot be read: {ex.Message}", null, ex);
        }
    }

    public static Pkcs11SignerException Translate(Pkcs11Exception ex, Pkcs11SignerOptions options)
    {
        var rv = (ulong)ex.RV;
        return ex.RV switch
        {
            CKR.CKR_PIN_INCORRECT or CKR.CKR_PIN_INVALID or CKR.CKR_PIN_LEN_RANGE =>
                new Pkcs11SignerException(Pkcs11ErrorCodes.PinIncorrect, $"the token {DescribeToken(options)} refused the user PIN ({ex.RV})", rv, ex),
            CKR.CKR_PIN_LOCKED =>
                new Pkcs11SignerException(Pkcs11ErrorCodes.PinLocked, $"the user PIN of the token {DescribeToken(options)} is locked ({ex.RV})", rv, ex),
            CKR.CKR_TOKEN_NOT_PRESENT or CKR.CKR_TOKEN_NOT_RECOGNIZED or CKR.CKR_SLOT_ID_INVALID or CKR.CKR_DEVICE_REMOVED =>
                new Pkcs11SignerException(Pkcs11ErrorCodes.TokenNotPresent, $"the token {DescribeToken(options)} is not present ({ex.RV})", rv, ex),
            _ => new Pkcs11SignerException(Pkcs11ErrorCodes.DeviceError, $"the token {DescribeToken(options)} failed {ex.Method} with {ex.RV}", rv, ex),
        };
    }

    public static Pkcs11SignerException TranslateSigning(Pkcs11Exception ex)
    {
        var rv = (ulong)ex.RV;
        return ex.RV switch
        {
            CKR.CKR_TOKEN_NOT_PRESENT or CKR.CKR_DEVICE_REMOVED or CKR.CKR_SESSION_HANDLE_INVALID or CKR.CKR_SESSION_CLOSED
                or CKR.CKR_KEY_HANDLE_INVALID or CKR.CKR_OBJECT_HANDLE_INVALID or CKR.CKR_USER_NOT_LOGGED_IN or CKR.CKR_GENERAL_ERROR =>
                new Pkcs11SignerException(Pkcs11ErrorCodes.TokenRemoved, $"the token or its key went away while signing ({ex.RV}); open a new signer once it is back", rv, ex),
            _ => new Pkcs11SignerException(Pkcs11ErrorCodes.DeviceError, $"the token refused to sign ({ex.RV})", rv, ex),
        };
    }

    public static string Describe(Pkcs11SignerOptions options) =>
        string.Join(" ", new[]
        {
            options.KeyLabel is { } l ? $"label '{l}'" : null,
            options.KeyId is { } id ? $"id {Convert.ToHexString(id.Span)}" : null,
        }.Where(s => s is not null));

    private static string DescribeToken(Pkcs11SignerOptions options) =>
        options.TokenLabel is { } l ? $"'{l}'" : $"with serial '{options.TokenSerialNumber}'";
}
