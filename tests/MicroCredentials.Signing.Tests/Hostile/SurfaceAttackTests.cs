using System.Text.Json.Nodes;
using MicroCredentials.Signing.Canonicalization;
using MicroCredentials.Signing.JsonLd;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Status;
using MicroCredentials.Signing.Verification;
using Xunit;
using static MicroCredentials.Signing.Tests.Hostile.HostileFixture;
using MicroCredentials.Signing.DataIntegrity;

namespace MicroCredentials.Signing.Tests.Hostile;

/// <summary>
/// Issue 11 §1: the same RDF written with other JSON (@nest, aliases, compact or absolute IRI keys, @vocab, @included)
/// must never turn a credential that honestly fails (revoked, expired) into a verified one. Each rewrite is checked to
/// leave the canonical N-Quads unchanged (so the signature still verifies) and must be refused by the surface check.
/// </summary>
public sealed class SurfaceAttackTests
{
    private const string Cred = "https://www.w3.org/2018/credentials#";
    private const string XsdDateTime = "http://www.w3.org/2001/XMLSchema#dateTime";

    private static async Task<string> CanonicalAsync(JsonObject credential)
    {
        var copy = (JsonObject)credential.DeepClone();
        copy.Remove("proof");
        var quads = await new JsonLdProcessor().ToRdfAsync(copy);
        return Rdfc10.Canonicalize(quads).NQuads;
    }

    private static void AppendContext(JsonObject credential, JsonObject context) => ((JsonArray)credential["@context"]!).Add(context);

    private static JsonObject Move(JsonObject credential, string member, Action<JsonObject, JsonNode> put)
    {
        var copy = (JsonObject)credential.DeepClone();
        var value = copy[member]!.DeepClone();
        copy.Remove(member);
        put(copy, value);
        return copy;
    }

    private static readonly string[] RewriteNames = ["nest", "alias-nest", "alias-term", "compact-key", "absolute-key", "vocab-key"];

    public static TheoryData<string> Rewrites => new(RewriteNames);

    private static JsonObject Rewrite(JsonObject signed, string member, string iri, string? datatype, string how)
    {
        JsonNode Typed(JsonNode v) => datatype is null ? v : new JsonObject { ["@value"] = v.DeepClone(), ["@type"] = datatype };
        return how switch
        {
            "nest" => Move(signed, member, (c, v) => c["@nest"] = new JsonObject { [member] = v }),
            "alias-nest" => Move(signed, member, (c, v) => { AppendContext(c, new JsonObject { ["hidden"] = "@nest" }); c["hidden"] = new JsonObject { [member] = v }; }),
            "alias-term" => Move(signed, member, (c, v) =>
            {
                var def = new JsonObject { ["@id"] = iri };
                if (datatype is not null) { def["@type"] = datatype; }
                AppendContext(c, new JsonObject { ["renamed"] = def });
                c["renamed"] = v;
            }),
            "compact-key" => Move(signed, member, (c, v) => { AppendContext(c, new JsonObject { ["cr"] = Cred }); c["cr:" + member] = Typed(v); }),
            "absolute-key" => Move(signed, member, (c, v) => c[iri] = Typed(v)),
            "vocab-key" => Move(signed, member, (c, v) => { AppendContext(c, new JsonObject { ["@vocab"] = Cred[..^1] }); c["#" + member] = Typed(v); }),
            "included" => Move(signed, member, (c, v) => c["@included"] = new JsonArray(new JsonObject { ["id"] = (string)c["id"]!, [member] = v })),
            _ => throw new ArgumentOutOfRangeException(nameof(how)),
        };
    }

    private static async Task AssertRefusedButStillSignedAsync(JsonObject signed, JsonObject rewritten, CredentialVerifierOptions? options = null)
    {
        Assert.Equal(await CanonicalAsync(signed), await CanonicalAsync(rewritten));
        var report = await VerifyAsync(rewritten, options);
        AssertFails(report, VerificationSteps.Context, VerificationCodes.NoncanonicalShape);
        Assert.Contains(report.Checks, c => c.Check == VerificationSteps.Proof && c.Status == CheckStatus.Passed);
    }

    [Theory]
    [MemberData(nameof(Rewrites))]
    public async Task An_expired_credential_stays_refused_however_validUntil_is_spelled(string how)
    {
        using var issuer = IssuerEd25519();
        var credential = Credential(Did(issuer));
        credential["validUntil"] = "2026-02-01T00:00:00Z";
        var signed = await SignAsync(credential, issuer);
        AssertFails(await VerifyAsync(signed), VerificationSteps.ValidityWindow, VerificationCodes.Expired);
        await AssertRefusedButStillSignedAsync(signed, Rewrite(signed, "validUntil", Cred + "validUntil", XsdDateTime, how));
    }

    [Theory]
    [MemberData(nameof(Rewrites))]
    public async Task A_revoked_credential_stays_refused_however_credentialStatus_is_spelled(string how)
    {
        using var issuer = IssuerEd25519();
        var options = await RevokedListOptionsAsync(issuer);
        var credential = Credential(Did(issuer));
        credential["credentialStatus"] = StatusEntry("123");
        var signed = await SignAsync(credential, issuer);
        AssertFails(await VerifyAsync(signed, options), VerificationSteps.Status, VerificationCodes.Revoked);
        await AssertRefusedButStillSignedAsync(signed, Rewrite(signed, "credentialStatus", Cred + "credentialStatus", null, how), options);
    }

    [Fact]
    public async Task A_not_yet_valid_credential_stays_refused_when_validFrom_is_nested()
    {
        using var issuer = IssuerEd25519();
        var credential = Credential(Did(issuer));
        credential["validFrom"] = "2029-01-01T00:00:00Z";
        var signed = await SignAsync(credential, issuer);
        AssertFails(await VerifyAsync(signed), VerificationSteps.ValidityWindow, VerificationCodes.NotYetValid);
        await AssertRefusedButStillSignedAsync(signed, Rewrite(signed, "validFrom", Cred + "validFrom", XsdDateTime, "nest"));
    }

    [Fact]
    public async Task An_identifier_written_as_a_compact_IRI_is_refused()
    {
        using var issuer = IssuerEd25519();
        var signed = await SignAsync(Credential(Did(issuer)), issuer);
        var rewritten = (JsonObject)signed.DeepClone();
        AppendContext(rewritten, new JsonObject { ["u"] = "urn:uuid:" });
        rewritten["id"] = "u:" + ((string)signed["id"]!)["urn:uuid:".Length..];
        await AssertRefusedButStillSignedAsync(signed, rewritten);
    }

    [Fact]
    public async Task An_identifier_relative_to_an_appended_base_is_refused()
    {
        using var issuer = IssuerEd25519();
        var credential = Credential(Did(issuer));
        credential["credentialSubject"]!["achievement"]!["id"] = "https://example.edu/achievements/1";
        var signed = await SignAsync(credential, issuer);
        var rewritten = (JsonObject)signed.DeepClone();
        AppendContext(rewritten, new JsonObject { ["@base"] = "https://example.edu/achievements/" });
        rewritten["credentialSubject"]!["achievement"]!["id"] = "1";
        await AssertRefusedButStillSignedAsync(signed, rewritten);
    }

    [Fact]
    public async Task A_property_given_twice_through_two_spellings_is_refused()
    {
        using var issuer = IssuerEd25519();
        var signed = await SignAsync(Credential(Did(issuer)), issuer);
        var rewritten = (JsonObject)signed.DeepClone();
        rewritten[Cred + "validUntil"] = new JsonObject { ["@value"] = (string)signed["validUntil"]!, ["@type"] = XsdDateTime };
        await AssertRefusedButStillSignedAsync(signed, rewritten);
    }

    [Fact]
    public async Task An_expired_proof_stays_refused_when_its_expires_is_nested()
    {
        using var issuer = IssuerEd25519();
        var signed = await SignAsync(Credential(Did(issuer)), issuer, ProofOptions() with { Expires = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero) });
        Assert.False((await VerifyAsync(signed)).Verified);
        var rewritten = (JsonObject)signed.DeepClone();
        var proof = (JsonObject)rewritten["proof"]!;
        var expires = proof["expires"]!.DeepClone();
        proof.Remove("expires");
        proof["@nest"] = new JsonObject { ["expires"] = expires };
        var report = await VerifyAsync(rewritten);
        AssertFails(report, VerificationSteps.Context, VerificationCodes.NoncanonicalShape);
    }

    /// <summary>Spellings that change only the JSON shape of a value, not the triple: a value object, a one-item array.</summary>
    public static TheoryData<string, string> ValueShapes => new()
    {
        { "validUntil", "value-object" },
        { "validUntil", "array" },
        { "credentialStatus", "array" },
        { "issuer", "array" },
    };

    [Theory]
    [MemberData(nameof(ValueShapes))]
    public async Task Value_objects_and_arrays_never_turn_a_refusal_into_a_pass(string member, string shape)
    {
        using var issuer = IssuerEd25519();
        var options = await RevokedListOptionsAsync(issuer);
        var credential = Credential(Did(issuer));
        credential["validUntil"] = "2026-02-01T00:00:00Z";
        credential["credentialStatus"] = StatusEntry("123");
        var signed = await SignAsync(credential, issuer);
        Assert.False((await VerifyAsync(signed, options)).Verified);

        var rewritten = (JsonObject)signed.DeepClone();
        var value = rewritten[member]!.DeepClone();
        rewritten[member] = shape == "array" ? new JsonArray(value) : new JsonObject { ["@value"] = value, ["@type"] = XsdDateTime };
        Assert.Equal(await CanonicalAsync(signed), await CanonicalAsync(rewritten));
        var report = await VerifyAsync(rewritten, options);
        Assert.False(report.Verified, "an expired, revoked credential verified after " + shape + " of " + member);
        Assert.DoesNotContain(report.Checks, c => c.Code == VerificationCodes.InternalError);
    }

    [Theory]
    [MemberData(nameof(Rewrites))]
    public async Task A_second_issuer_hidden_beside_the_visible_one_is_refused(string how)
    {
        // The attacker signs as itself (so the visible issuer binds to its key) and hides the victim as a second
        // issuer triple: a reader of the RDF would see the victim's name on a credential the victim never signed.
        using var attacker = AttackerEd25519();
        using var victim = IssuerEd25519();
        var credential = Credential(Did(attacker));
        var control = await SignAsync((JsonObject)credential.DeepClone(), attacker);
        AssertVerified(await VerifyAsync(control));

        var victimId = new JsonObject { ["@id"] = Did(victim) };
        switch (how)
        {
            case "nest":
                credential["@nest"] = new JsonObject { ["issuer"] = Did(victim) };
                break;
            case "alias-nest":
                AppendContext(credential, new JsonObject { ["hidden"] = "@nest" });
                credential["hidden"] = new JsonObject { ["issuer"] = Did(victim) };
                break;
            case "alias-term":
                AppendContext(credential, new JsonObject { ["renamed"] = new JsonObject { ["@id"] = Cred + "issuer", ["@type"] = "@id" } });
                credential["renamed"] = Did(victim);
                break;
            case "compact-key":
                AppendContext(credential, new JsonObject { ["cr"] = Cred });
                credential["cr:issuer"] = victimId;
                break;
            case "absolute-key":
                credential[Cred + "issuer"] = victimId;
                break;
            default:
                AppendContext(credential, new JsonObject { ["@vocab"] = Cred[..^1] });
                credential["#issuer"] = victimId;
                break;
        }

        var signed = await SignAsync(credential, attacker);
        var report = await VerifyAsync(signed);
        AssertFails(report, VerificationSteps.Context, VerificationCodes.NoncanonicalShape);
    }
    [Theory]
    [InlineData("nest")]
    [InlineData("alias-term")]
    public async Task A_proof_with_the_wrong_purpose_stays_refused_however_proofPurpose_is_spelled(string how)
    {
        using var issuer = IssuerEd25519();
        var signed = await SignAsync(Credential(Did(issuer)), issuer, ProofOptions() with { Purpose = ProofPurpose.Authentication(challenge: null) });
        Assert.False((await VerifyAsync(signed)).Verified);
        var rewritten = (JsonObject)signed.DeepClone();
        var proof = (JsonObject)rewritten["proof"]!;
        var purpose = proof["proofPurpose"]!.DeepClone();
        proof.Remove("proofPurpose");
        if (how == "nest")
        {
            proof["@nest"] = new JsonObject { ["proofPurpose"] = purpose };
        }
        else
        {
            proof["@context"] = new JsonObject { ["why"] = new JsonObject { ["@id"] = "https://w3id.org/security#proofPurpose", ["@type"] = "@vocab" } };
            proof["why"] = purpose;
        }

        var report = await VerifyAsync(rewritten);
        Assert.False(report.Verified);
        Assert.DoesNotContain(report.Checks, c => c.Code == VerificationCodes.InternalError);
    }

    [Fact]
    public async Task An_included_copy_of_the_credential_carrying_validUntil_is_refused()
    {
        // VC 2.0 terms are type-scoped to VerifiableCredential and do not propagate into an @included node, so there the
        // term does not expand: jsonld.js in safe mode refuses this document too (checked by hand against jsonld 9).
        using var issuer = IssuerEd25519();
        var credential = Credential(Did(issuer));
        credential["validUntil"] = "2026-02-01T00:00:00Z";
        var signed = await SignAsync(credential, issuer);
        var rewritten = Rewrite(signed, "validUntil", Cred + "validUntil", XsdDateTime, "included");
        var report = await VerifyAsync(rewritten);
        Assert.False(report.Verified);
        Assert.Contains(report.Checks, c => c.Check == VerificationSteps.Context && c.Status == CheckStatus.Failed);
    }

    [Fact]
    public async Task The_controls_verify()
    {
        using var issuer = IssuerEd25519();
        AssertVerified(await VerifyAsync(await SignAsync(Credential(Did(issuer)), issuer)));
    }

    /// <summary>
    /// Differential property: random compositions of the rewrites above over credentials whose honest verdict is not
    /// verified (expired, not yet valid, revoked); every case whose canonical N-Quads are unchanged must stay refused.
    /// </summary>
    [Fact]
    public async Task Rewrites_that_keep_the_signed_data_never_turn_a_refusal_into_a_pass()
    {
        using var issuer = IssuerEd25519();
        var options = await RevokedListOptionsAsync(issuer);
        var expired = Credential(Did(issuer));
        expired["validUntil"] = "2026-02-01T00:00:00Z";
        var early = Credential(Did(issuer));
        early["validFrom"] = "2029-01-01T00:00:00Z";
        var revoked = Credential(Did(issuer));
        revoked["credentialStatus"] = StatusEntry("123");
        (JsonObject Signed, string Member, string? Datatype)[] cases =
        [
            (await SignAsync(expired, issuer), "validUntil", XsdDateTime),
            (await SignAsync(early, issuer), "validFrom", XsdDateTime),
            (await SignAsync(revoked, issuer), "credentialStatus", null),
        ];
        var verifier = Verifier(options);
        var hows = RewriteNames;
        var random = new Random(20261203);
        var kept = 0;
        for (var i = 0; i < 2000; i++)
        {
            var (signed, member, datatype) = cases[random.Next(cases.Length)];
            var how = hows[random.Next(hows.Length)];
            var rewritten = Rewrite(signed, member, Cred + member, datatype, how);
            if (random.Next(2) == 0)
            {
                // A second, unrelated rewrite on top: an alias for the whole type member.
                AppendContext(rewritten, new JsonObject { ["kind"] = "@type" });
                rewritten["kind"] = rewritten["type"]!.DeepClone();
                rewritten.Remove("type");
            }

            if (await CanonicalAsync(rewritten) != await CanonicalAsync(signed))
            {
                continue;
            }

            kept++;
            var report = await verifier.VerifyAsync(rewritten.ToJsonString());
            Assert.False(report.Verified, $"case {i} ({how} of {member}) verified: {rewritten.ToJsonString()}");
        }

        Assert.True(kept >= 2000, $"only {kept} rewrites kept the canonical form");
    }
}
