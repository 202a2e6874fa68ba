using System.Text.Json.Nodes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Tests.Canonicalization;
using MicroCredentials.Signing.Tests.Hostile;
using MicroCredentials.Signing.Tests.Support;
using MicroCredentials.Signing.Verification;
using Xunit;

namespace MicroCredentials.Signing.Tests.DataIntegrity;

/// <summary>
/// Against the Digital Credentials Consortium's deployed stack (tests/interop/dcc-sign.mjs: @digitalcredentials/vc 10.0.2,
/// Ed25519Signature2020 7.0.0, eddsa-rdfc-2022-cryptosuite 1.3.0), offline. DCC's Ed25519Signature2020 canonicalizes
/// through @digitalcredentials/jsonld 9.0.0 → rdf-canonize 3.4.0, whose N-Quads writer escapes only quote, backslash,
/// LF and CR in literals: a C0 control or DEL goes into the signed bytes raw, where RDFC-1.0 (§4.3 / N-Quads canonical
/// form) writes \t, \b, \f or \uXXXX. Fails (never skips) without node.
/// </summary>
public sealed class DccInteropTests
{
    internal const string Seed = TestKeys.Ed25519Rfc8032Test1Hex; // the seed of HostileFixture.IssuerEd25519

    /// <summary>12 texts with a C0 control or DEL, 12 with only printable (often non-ASCII) characters.</summary>
    private static readonly (string Name, string Description)[] WithControls =
    [
        ("Data\tLiteracy", "Tab inside."),
        ("Back\bspace", "Backspace."),
        ("Form\ffeed", "Form feed."),
        ("Start\u0001of heading", "SOH."),
        ("Delete\u007F", "DEL at the end."),
        ("Vertical\u000Btab", "VT."),
        ("Unit\u001Fseparator", "US."),
        ("Null-free \u0002 STX", "Café ünïcødé with \u0003 ETX"),
        ("Plain name", "Description with a tab\there"),
        ("学习\t证书", "CJK and a tab"),
        ("Émoji 🎓\u007F", "Emoji then DEL"),
        ("Mixed\b\f\u0001\u007F\t", "Every one at once\u2028with a line separator"),
    ];

    private static readonly (string Name, string Description)[] WithoutControls =
    [
        ("Data Literacy", "Completed the course."),
        ("Café crème", "Accents: àéîõü ñ ç ø å"),
        ("学习证书", "中文描述：数据素养"),
        ("データリテラシー", "日本語の説明"),
        ("Graduation 🎓", "Emoji: 🎉🚀👩‍🎓"),
        ("Line\u2028separator", "Paragraph\u2029separator"),
        ("Quote \"and\" backslash \\", "Multi\nline\r\ndescription"),
        ("Ελληνικά", "Кириллица and עברית"),
        ("Math 𝔸𝔹ℂ", "Astral 𐍈 and BMP ∑"),
        ("Nbsp\u00A0and\u00ADsoft hyphen", "Zero\u200Bwidth"),
        ("C1 \u0085 next line", "C1 \u009F control (not C0)"),
        ("Ünïcødé — dash", "Ellipsis… and «guillemets»"),
    ];

    internal static JsonObject Credential(int index, string name, string description)
    {
        var credential = HostileFixture.Credential(HostileFixture.Did(HostileFixture.IssuerEd25519()), name: name, description: description, achievement: name);
        credential["id"] = $"urn:uuid:7f5c3b1e-2d3a-4a8e-9c11-{index:D12}";
        return credential;
    }

    internal static IEnumerable<(JsonObject Credential, bool HasControl)> Corpus() =>
        WithControls.Select((t, i) => (Credential(i, t.Name, t.Description), true))
            .Concat(WithoutControls.Select((t, i) => (Credential(100 + i, t.Name, t.Description), false)));

    private static async Task<JsonObject> RunAsync(JsonArray sign, JsonArray verify)
    {
        var request = new JsonObject
        {
            ["contexts"] = TestContexts.Bundled(),
            ["seed"] = Seed,
            ["created"] = "2026-01-15T10:00:00Z",
            ["now"] = "2026-03-01T12:00:00Z",
            ["sign"] = sign,
            ["verify"] = verify,
        };
        var response = (JsonObject)JsonNode.Parse(await NodeInterop.RunAsync("dcc-sign.mjs", request.ToJsonString()))!;
        Assert.Equal(HostileFixture.Did(HostileFixture.IssuerEd25519()), (string)response["did"]!);
        return response;
    }

    [Theory]
    [InlineData("Ed25519Signature2020")]
    [InlineData("eddsa-rdfc-2022")]
    public async Task WhatDccSignsWeVerify(string suite)
    {
        var corpus = Corpus().ToList();
        Assert.True(corpus.Count >= 20);
        var sign = new JsonArray(corpus.Select(c => (JsonNode)new JsonObject { ["suite"] = suite, ["credential"] = c.Credential.DeepClone() }).ToArray());
        var response = await RunAsync(sign, []);
        var signed = response["signed"]!.AsArray().Select(n => (JsonObject)n!).ToList();
        Assert.Equal(corpus.Count, signed.Count);

        // DCC's eddsa-rdfc-2022 cryptosuite canonicalizes with rdf-canonize 4.x (RDFC-1.0 escaping): no legacy form.
        var legacyExpected = suite == "Ed25519Signature2020";
        var warned = 0;
        for (var i = 0; i < corpus.Count; i++)
        {
            var report = await HostileFixture.VerifyAsync(signed[i]);
            HostileFixture.AssertVerified(report);
            var legacy = report.Checks.Any(c => c.Check == VerificationSteps.Proof && c.Status == CheckStatus.Warning && c.Code == VerificationCodes.LegacyCanonicalForm);
            Assert.True(legacy == (corpus[i].HasControl && legacyExpected), $"#{i} {suite}: legacy warning {legacy}, control {corpus[i].HasControl}: {HostileFixture.Describe(report)}");
            warned += legacy ? 1 : 0;

            var refused = await HostileFixture.VerifyAsync(signed[i], new CredentialVerifierOptions { LegacyCanonicalForm = LegacyCanonicalForm.Refuse });
            if (legacy)
            {
                HostileFixture.AssertFails(refused, VerificationSteps.Proof, DataIntegrityErrorCodes.ProofVerificationError);
            }
            else
            {
                HostileFixture.AssertVerified(refused);
            }
        }

        Assert.Equal(legacyExpected ? WithControls.Length : 0, warned);
    }

    [Fact]
    public async Task WhatWeSignDccVerifies()
    {
        // We sign eddsa-rdfc-2022 only (Ed25519Signature2020 is verify-only here). DCC verifies it with
        // @digitalcredentials/eddsa-rdfc-2022-cryptosuite 1.3.0, which canonicalizes with rdf-canonize 4.0.1: its N-Quads
        // writer escapes U+0000–U+001F and U+007F as RDFC-1.0 does, so DCC accepts all 24 — including the 12 with
        // control characters. Only DCC's Ed25519Signature2020 path (rdf-canonize 3.4.0) writes them raw, and that path
        // never sees an eddsa-rdfc-2022 proof. Measured: 24 of 24.
        var pair = HostileFixture.IssuerEd25519();
        var corpus = Corpus().ToList();
        var ours = new List<JsonObject>();
        foreach (var (credential, _) in corpus)
        {
            ours.Add(await HostileFixture.SignAsync(credential, pair));
        }

        var tampered = (JsonObject)ours[0].DeepClone();
        tampered["name"] = "Data Literacy";
        var response = await RunAsync([], new JsonArray(ours.Append(tampered).Select(c => (JsonNode)c.DeepClone()).ToArray()));
        var results = response["verify"]!.AsArray();

        var accepted = results.Take(corpus.Count).Count(r => (bool)r!["verified"]!);
        Assert.True(accepted == corpus.Count, string.Join("; ", results.Select((r, i) => $"#{i}: {(string?)r!["error"]}").Where((_, i) => !(bool)results[i]!["verified"]!)));
        Assert.Equal(24, accepted);
        Assert.False((bool)results[corpus.Count]!["verified"]!);
    }
}
