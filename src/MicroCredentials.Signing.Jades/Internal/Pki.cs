using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.X509;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace MicroCredentials.Signing.Jades.Internal;

/// <summary>Certificates gathered from a signature (x5c, xVals, tstVD, timestamp tokens) and from the caller; deduplicated by DER.</summary>
internal sealed class CertPool
{
    private readonly Dictionary<string, BcCertificate> _byDer = new(StringComparer.Ordinal);

    public IEnumerable<BcCertificate> All => _byDer.Values;

    public int Count => _byDer.Count;

    public BcCertificate? Add(byte[] der)
    {
        try
        {
            var cert = new X509CertificateParser().ReadCertificate(der);
            return cert is null ? null : Add(cert);
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or InvalidCastException or Org.BouncyCastle.Security.Certificates.CertificateException or InvalidOperationException)
        {
            return null;
        }
    }

    public BcCertificate Add(BcCertificate cert)
    {
        var key = Convert.ToBase64String(cert.GetEncoded());
        if (!_byDer.TryGetValue(key, out var existing))
        {
            _byDer[key] = cert;
            existing = cert;
        }

        return existing;
    }
}

/// <summary>CRLs and OCSP responses gathered from rVals and tstVD.</summary>
internal sealed class RevocationPool
{
    public List<X509Crl> Crls { get; } = [];

    public List<BasicOcspResp> Ocsp { get; } = [];

    public bool AddCrl(byte[] der)
    {
        try
        {
            var crl = new X509CrlParser().ReadCrl(der);
            if (crl is null)
            {
                return false;
            }

            Crls.Add(crl);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or InvalidCastException or Org.BouncyCastle.Security.Certificates.CrlException or InvalidOperationException)
        {
            return false;
        }
    }

    public bool AddOcsp(byte[] der)
    {
        try
        {
            // JAdES ocspVals hold an OCSPResponse; accept a bare BasicOCSPResponse too.
            BasicOcspResp? basic = null;
            try
            {
                var resp = new OcspResp(der);
                basic = resp.GetResponseObject() as BasicOcspResp;
            }
            catch (Exception ex) when (ex is IOException or ArgumentException or InvalidCastException)
            {
                basic = new BasicOcspResp(Org.BouncyCastle.Asn1.Ocsp.BasicOcspResponse.GetInstance(Asn1Object.FromByteArray(der)));
            }

            if (basic is null)
            {
                return false;
            }

            Ocsp.Add(basic);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or InvalidCastException or OcspException or InvalidOperationException)
        {
            return false;
        }
    }
}

/// <summary>A trust anchor: a certificate, and the trusted-list service it comes from (null when the caller supplied it).</summary>
internal sealed record Anchor(BcCertificate Certificate, TrustedService? Service);

/// <summary>The outcome of validating one path.</summary>
internal sealed record PathOutcome(IReadOnlyList<BcCertificate> Path, Anchor? Anchor, JadesCheck? Failure, IReadOnlyList<JadesCheck> Notes);

/// <summary>Builds a path to an anchor and checks validity and revocation at a control time (RFC 5280 subset).</summary>
internal static class PathValidator
{
    private static readonly DerObjectIdentifier OcspSigning = KeyPurposeID.id_kp_OCSPSigning;

    public static bool IssuedBy(BcCertificate child, BcCertificate parent)
    {
        if (!child.IssuerDN.Equivalent(parent.SubjectDN))
        {
            return false;
        }

        try
        {
            child.Verify(parent.GetPublicKey());
            return true;
        }
        catch (Exception ex) when (ex is Org.BouncyCastle.Security.InvalidKeyException or Org.BouncyCastle.Security.SignatureException or Org.BouncyCastle.Security.Certificates.CertificateException or ArgumentException or InvalidOperationException or Org.BouncyCastle.Crypto.CryptoException)
        {
            return false;
        }
    }

    private static bool SameCert(BcCertificate a, BcCertificate b) => a.Equals(b);

    /// <summary>Every path (leaf first, anchor last) from <paramref name="leaf"/> to an anchor, shortest first.</summary>
    public static List<(List<BcCertificate> Path, Anchor Anchor)> Build(BcCertificate leaf, CertPool pool, IReadOnlyList<Anchor> anchors, int maxDepth)
    {
        var found = new List<(List<BcCertificate>, Anchor)>();

        // Hostile pools (many cross-signed CAs with one name) must not make path building explode: issuer tests are
        // memoized and the walk stops after a fixed budget of them (hits included).
        var memo = new Dictionary<(BcCertificate, BcCertificate), bool>();
        var budget = 2000;
        bool Issued(BcCertificate child, BcCertificate parent)
        {
            budget--;
            if (!memo.TryGetValue((child, parent), out var result))
            {
                result = IssuedBy(child, parent);
                memo[(child, parent)] = result;
            }

            return result;
        }

        void Walk(List<BcCertificate> path)
        {
            if (found.Count >= 4 || path.Count > maxDepth || budget <= 0)
            {
                return;
            }

            var current = path[^1];
            foreach (var a in anchors)
            {
                if (SameCert(a.Certificate, current))
                {
                    found.Add((new List<BcCertificate>(path), a));
                    return;
                }
            }

            foreach (var a in anchors)
            {
                if (path.Count < maxDepth && Issued(current, a.Certificate))
                {
                    found.Add((new List<BcCertificate>(path) { a.Certificate }, a));
                }
            }

            if (found.Count > 0)
            {
                return;
            }

            foreach (var c in pool.All)
            {
                if (budget <= 0)
                {
                    return;
                }

                if (path.Any(p => SameCert(p, c)) || !Issued(current, c))
                {
                    continue;
                }

                path.Add(c);
                Walk(path);
                path.RemoveAt(path.Count - 1);
            }
        }

        Walk([leaf]);
        return found;
    }

    /// <summary>Validates the path of <paramref name="leaf"/> at <paramref name="controlTime"/>.</summary>
    public static PathOutcome Validate(BcCertificate leaf, string role, DateTimeOffset controlTime, CertPool pool, RevocationPool revocation, IReadOnlyList<Anchor> anchors, JadesVerifierOptions options)
    {
        var notes = new List<JadesCheck>();
        if (anchors.Count == 0)
        {
            return new([leaf], null, new(JadesCodes.NoTrustAnchor, JadesSeverity.Failure, $"no trust anchor is configured for the {role} certificate", JadesSubIndications.NoCertificateChainFound, true), notes);
        }

        var paths = Build(leaf, pool, anchors, options.Limits.MaxChainDepth);
        if (paths.Count == 0)
        {
            return new([leaf], null, new(JadesCodes.NoCertificateChain, JadesSeverity.Failure, $"no path from the {role} certificate ({leaf.SubjectDN}) to a configured trust anchor", JadesSubIndications.NoCertificateChainFound, true), notes);
        }

        PathOutcome? firstFailure = null;
        foreach (var (path, anchor) in paths)
        {
            var outcome = Check(path, anchor, role, controlTime, pool, revocation, options);
            if (outcome.Failure is null)
            {
                return outcome;
            }

            firstFailure ??= outcome;
        }

        return firstFailure!;
    }

    private static PathOutcome Check(List<BcCertificate> path, Anchor anchor, string role, DateTimeOffset controlTime, CertPool pool, RevocationPool revocation, JadesVerifierOptions options)
    {
        var notes = new List<JadesCheck>();
        var at = controlTime.UtcDateTime;
        if (anchor.Service is { } service && !service.IsGrantedAt(controlTime))
        {
            return new(path, anchor, new(JadesCodes.TrustedServiceNotGranted, JadesSeverity.Failure,
                $"the trusted-list service \"{service.Name}\" ({service.Type}) is not granted at {controlTime:O} (status {service.StatusAt(controlTime) ?? "none"})",
                JadesSubIndications.NoCertificateChainFound, true), notes);
        }

        // The anchor itself is trusted as configured; every certificate below it is checked.
        var anchorIndex = path.FindIndex(c => SameCert(c, anchor.Certificate));
        for (var i = 0; i < anchorIndex; i++)
        {
            var cert = path[i];
            if (i > 0 && cert.GetBasicConstraints() < 0)
            {
                return new(path, anchor, new(JadesCodes.ChainConstraints, JadesSeverity.Failure, $"{cert.SubjectDN} issues certificates but is not a CA", JadesSubIndications.ChainConstraintsFailure), notes);
            }

            if (at > cert.NotAfter.ToUniversalTime())
            {
                return new(path, anchor, new(JadesCodes.CertificateExpired, JadesSeverity.Failure,
                    $"the {role} path certificate {cert.SubjectDN} expired on {cert.NotAfter:O}, before the control time {controlTime:O}, and no proof of existence covers it",
                    JadesSubIndications.OutOfBoundsNoPoe, true), notes);
            }

            if (at < cert.NotBefore.ToUniversalTime())
            {
                return new(path, anchor, new(JadesCodes.CertificateNotYetValid, JadesSeverity.Failure,
                    $"the {role} path certificate {cert.SubjectDN} is valid only from {cert.NotBefore:O}, after the control time {controlTime:O}", JadesSubIndications.NotYetValid), notes);
            }

            var issuer = path[i + 1];
            var status = Revocation(cert, issuer, controlTime, revocation, [.. pool.All], options.MaxRevocationAge);
            switch (status.Kind)
            {
                case RevocationKind.Revoked:
                    return new(path, anchor, new(JadesCodes.CertificateRevoked, JadesSeverity.Failure,
                        $"the {role} path certificate {cert.SubjectDN} was revoked on {status.Time:O} ({status.Source}), before the control time {controlTime:O}", i == 0 ? JadesSubIndications.Revoked : JadesSubIndications.RevokedNoPoe), notes);
                case RevocationKind.BadSignature:
                    return new(path, anchor, new(JadesCodes.RevocationSignatureInvalid, JadesSeverity.Failure, $"a revocation value for {cert.SubjectDN} has an invalid signature ({status.Source})", JadesSubIndications.TryLater, true), notes);
                case RevocationKind.NotFresh:
                case RevocationKind.Missing:
                    var code = status.Kind == RevocationKind.Missing ? JadesCodes.RevocationMissing : JadesCodes.RevocationNotFresh;
                    var message = status.Kind == RevocationKind.Missing
                        ? $"no revocation value (OCSP response or CRL) for the {role} path certificate {cert.SubjectDN}"
                        : $"the revocation values for the {role} path certificate {cert.SubjectDN} were issued before the control time {controlTime:O} ({status.Source})";
                    if (options.AllowMissingRevocation)
                    {
                        notes.Add(new(code, JadesSeverity.Warning, message + " (allowed by the options)"));
                        break;
                    }

                    return new(path, anchor, new(code, JadesSeverity.Failure, message, JadesSubIndications.TryLater, true), notes);
                default:
                    notes.Add(new(JadesCodes.Ok, JadesSeverity.Info, $"{cert.SubjectDN}: not revoked at {controlTime:O} ({status.Source})"));
                    break;
            }
        }

        notes.Add(new(JadesCodes.Ok, JadesSeverity.Info, $"{role} path of {path.Count} certificate(s) to the trust anchor {anchor.Certificate.SubjectDN}{(anchor.Service is null ? "" : $" (trusted list service \"{anchor.Service.Name}\")")} valid at {controlTime:O}"));
        return new(path, anchor, null, notes);
    }

    internal enum RevocationKind
    {
        Good,
        Revoked,
        Missing,
        NotFresh,
        BadSignature,
    }

    internal readonly record struct RevocationStatus(RevocationKind Kind, DateTimeOffset? Time, string Source);

    /// <summary>The status of <paramref name="cert"/> at <paramref name="controlTime"/> from the embedded CRLs and OCSP responses.</summary>
    internal static RevocationStatus Revocation(BcCertificate cert, BcCertificate issuer, DateTimeOffset controlTime, RevocationPool pool, IReadOnlyList<BcCertificate> extra, TimeSpan maxAge)
    {
        var at = controlTime.UtcDateTime;
        var sawStale = false;
        var sawBad = false;
        foreach (var basic in pool.Ocsp)
        {
            foreach (var single in basic.Responses)
            {
                bool matches;
                try
                {
                    matches = single.GetCertID().SerialNumber.Equals(cert.SerialNumber) && single.GetCertID().MatchesIssuer(issuer);
                }
                catch (Exception ex) when (ex is OcspException or ArgumentException or InvalidOperationException)
                {
                    matches = false;
                }

                if (!matches)
                {
                    continue;
                }

                if (!OcspSignedBy(basic, issuer, extra))
                {
                    sawBad = true;
                    continue;
                }

                var produced = basic.ProducedAt.ToUniversalTime();
                if (single.GetCertStatus() is RevokedStatus revoked)
                {
                    var when = new DateTimeOffset(revoked.RevocationTime.ToUniversalTime(), TimeSpan.Zero);
                    if (when <= controlTime)
                    {
                        return new(RevocationKind.Revoked, when, $"OCSP response produced at {produced:O}");
                    }

                    // Revoked after the control time: the signature existed before, the certificate was good then.
                    return new(RevocationKind.Good, when, $"OCSP response produced at {produced:O} says revoked on {when:O}, after the control time");
                }

                if (single.GetCertStatus() is UnknownStatus)
                {
                    continue;
                }

                if (!Fresh(single.ThisUpdate.ToUniversalTime(), single.NextUpdate?.ToUniversalTime(), at, maxAge))
                {
                    sawStale = true;
                    continue;
                }

                return new(RevocationKind.Good, null, $"OCSP response produced at {produced:O}");
            }
        }

        foreach (var crl in pool.Crls)
        {
            if (!crl.IssuerDN.Equivalent(issuer.SubjectDN))
            {
                continue;
            }

            try
            {
                crl.Verify(issuer.GetPublicKey());
            }
            catch (Exception ex) when (ex is Org.BouncyCastle.Security.InvalidKeyException or Org.BouncyCastle.Security.SignatureException or Org.BouncyCastle.Security.Certificates.CrlException or ArgumentException or InvalidOperationException or Org.BouncyCastle.Crypto.CryptoException)
            {
                sawBad = true;
                continue;
            }

            var entry = crl.GetRevokedCertificate(cert.SerialNumber);
            if (entry is not null)
            {
                var when = new DateTimeOffset(entry.RevocationDate.ToUniversalTime(), TimeSpan.Zero);
                if (when <= controlTime)
                {
                    return new(RevocationKind.Revoked, when, $"CRL of {crl.ThisUpdate:O}");
                }

                return new(RevocationKind.Good, when, $"CRL of {crl.ThisUpdate:O} says revoked on {when:O}, after the control time");
            }

            if (!Fresh(crl.ThisUpdate.ToUniversalTime(), crl.NextUpdate?.ToUniversalTime(), at, maxAge))
            {
                sawStale = true;
                continue;
            }

            return new(RevocationKind.Good, null, $"CRL of {crl.ThisUpdate:O}");
        }

        if (sawStale)
        {
            return new(RevocationKind.NotFresh, null, "only revocation values issued before the control time");
        }

        return sawBad ? new(RevocationKind.BadSignature, null, "signature does not verify") : new(RevocationKind.Missing, null, "none");
    }

    /// <summary>
    /// EN 319 102-1 §5.2.5: a value speaks for the control time when issued at or after it, or when the control time falls
    /// before its nextUpdate; a value without nextUpdate may be at most <paramref name="maxAge"/> older than the control time.
    /// </summary>
    private static bool Fresh(DateTime thisUpdate, DateTime? nextUpdate, DateTime at, TimeSpan maxAge) =>
        thisUpdate >= at || (nextUpdate is { } next ? at <= next && thisUpdate <= at : at - thisUpdate <= maxAge);

    private static bool OcspSignedBy(BasicOcspResp basic, BcCertificate issuer, IReadOnlyList<BcCertificate> extra)
    {
        bool Verifies(BcCertificate c)
        {
            try
            {
                return basic.Verify(c.GetPublicKey());
            }
            catch (Exception ex) when (ex is OcspException or ArgumentException or InvalidOperationException)
            {
                return false;
            }
        }

        if (Verifies(issuer))
        {
            return true;
        }

        // A delegated responder: issued by the CA, with id-kp-OCSPSigning.
        foreach (var responder in (basic.GetCerts() ?? []).Concat(extra))
        {
            var eku = responder.GetExtendedKeyUsage();
            if (eku is not null && eku.Contains(OcspSigning) && IssuedBy(responder, issuer) && Verifies(responder))
            {
                return true;
            }
        }

        return false;
    }
}
