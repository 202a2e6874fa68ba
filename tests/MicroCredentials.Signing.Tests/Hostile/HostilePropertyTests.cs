using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using MicroCredentials.Signing.Json;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Verification;
using Xunit;
using static MicroCredentials.Signing.Tests.Hostile.HostileFixture;

namespace MicroCredentials.Signing.Tests.Hostile;

/// <summary>
/// Properties over random valid credentials (random unicode names, descriptions and achievements, signed with
/// eddsa-rdfc-2022 or ecdsa-rdfc-2019 through <see cref="Issuance.CredentialIssuer"/>): any single-byte change to
/// the signed bytes never verifies, and SafeJson parse → serialise → parse is stable. Fixed seeds, modest counts.
/// </summary>
public sealed class HostilePropertyTests
{
    // Any BMP scalar value from space upwards (no surrogates), plus astral characters as pairs: names in any script.
    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.Int[0x20, 0xD7FF].Select(i => ((char)i).ToString()),
        Gen.Int[0xE000, 0xFFFD].Select(i => ((char)i).ToString()),
        Gen.Int[0x10000, 0x10FFFF].Select(char.ConvertFromUtf32),
        Gen.Char.AlphaNumeric.Select(c => c.ToString()))
        .Array[1, 24].Select(parts => string.Concat(parts));

    private static readonly Gen<(string Name, string Description, string Achievement, bool Ecdsa)> Credentials =
        Gen.Select(Text, Text, Text, Gen.Bool);

    private static async Task<string> SignedTextAsync(string name, string description, string achievement, bool ecdsa)
    {
        using var key = ecdsa ? IssuerP256() : IssuerEd25519();
        var signed = await SignAsync(Credential(Did(key), name, description, achievement), key);
        return signed.ToJsonString();
    }

    // Offline, on the fixed clock; the schema is not what is under test and costs most of the time.
    private static readonly CredentialVerifier Fast = Verifier(new() { Schema = SchemaPolicy.Off });

    /// <summary>A fixed sequence of samples: CsCheck's own seeds only fix the first iteration.</summary>
    private static IEnumerable<T> Samples<T>(Gen<T> gen, int count, ulong seed)
    {
        var pcg = new PCG(7, seed);
        for (var i = 0; i < count; i++)
        {
            yield return gen.Generate(pcg, null, out _);
        }
    }

    [Fact]
    public async Task Any_single_byte_change_to_a_signed_credential_never_verifies()
    {
        var gen = Gen.Select(Credentials, Gen.Int[0, int.MaxValue], Gen.Byte, Gen.Bool);
        var failures = new List<string>();
        foreach (var t in Samples(gen, 40, 20260301))
        {
            if (!await Mutation(t))
            {
                failures.Add(t.ToString());
            }
        }

        Assert.True(failures.Count == 0, "verified after a change: " + string.Join(" | ", failures));

        static async Task<bool> Mutation(((string, string, string, bool), int, byte, bool) t)
        {
            var ((name, description, achievement, ecdsa), position, replacement, inProofValue) = t;
            var text = await SignedTextAsync(name, description, achievement, ecdsa);
            var bytes = Encoding.UTF8.GetBytes(text);
            Assert.True((await Fast.VerifyAsync(bytes)).Verified, "the unmodified credential must verify");

            // Anywhere after the @context member (swapping two bundled OB context versions that define the same
            // terms is not a change of meaning), or inside the proofValue.
            var from = text.IndexOf("],", text.IndexOf("\"@context\"", StringComparison.Ordinal), StringComparison.Ordinal) + 2;
            var span = (From: Encoding.UTF8.GetByteCount(text[..from]), Length: bytes.Length - Encoding.UTF8.GetByteCount(text[..from]));
            if (inProofValue)
            {
                var start = text.IndexOf("\"proofValue\":\"", StringComparison.Ordinal) + 14;
                var end = text.IndexOf('"', start);
                span = (Encoding.UTF8.GetByteCount(text[..start]), end - start);
            }

            var i = span.From + (position % span.Length);
            if (bytes[i] == replacement)
            {
                return true;
            }

            var mutated = (byte[])bytes.Clone();
            mutated[i] = replacement;
            var report = await Fast.VerifyAsync(mutated);
            Assert.DoesNotContain(report.Checks, c => c.Code == VerificationCodes.InternalError);
            if (!report.Verified)
            {
                return true;
            }

            // The only acceptable pass: a change of spelling, not of value (e.g. the case of a \u escape's hex digit).
            var original = SafeJson.Parse(bytes);
            var reread = SafeJson.TryParse(mutated);
            return reread.Success && JsonNode.DeepEquals(original, reread.Value);
        }
    }

    [Fact]
    public async Task Parse_serialise_parse_is_stable_for_signed_credentials()
    {
        foreach (var t in Samples(Credentials, 30, 42))
        {
            var text = await SignedTextAsync(t.Name, t.Description, t.Achievement, t.Ecdsa);
            var first = SafeJson.Parse(text);
            var serialised = first!.ToJsonString();
            var second = SafeJson.Parse(serialised);
            Assert.True(JsonNode.DeepEquals(first, second), serialised);
            Assert.Equal(serialised, second!.ToJsonString());
            Assert.Equal(t.Name, (string)first["name"]!);
        }
    }

    [Fact]
    public void Parse_serialise_parse_is_stable_for_random_json()
    {
        Gen<JsonNode?> Value(int depth) => depth == 0
            ? Gen.OneOf<JsonNode?>(Text.Select(s => (JsonNode?)s), Gen.Double[-1e9, 1e9].Select(d => (JsonNode?)d), Gen.Int.Select(i => (JsonNode?)i), Gen.Bool.Select(b => (JsonNode?)b), Gen.Const((JsonNode?)null))
            : Gen.OneOf(
                Value(0),
                Value(depth - 1).Array[0, 4].Select(items => (JsonNode?)new JsonArray(items.Select(x => x?.DeepClone()).ToArray())),
                Gen.Select(Text, Value(depth - 1)).Array[0, 4].Select(members =>
                {
                    var o = new JsonObject();
                    foreach (var (k, v) in members)
                    {
                        o[k] = v?.DeepClone();
                    }

                    return (JsonNode?)o;
                }));

        foreach (var node in Samples(Value(3), 500, 7))
        {
            var text = node?.ToJsonString() ?? "null";
            var first = SafeJson.Parse(text);
            var serialised = first?.ToJsonString() ?? "null";
            var again = SafeJson.Parse(serialised);
            Assert.Equal(text, serialised);
            Assert.True(JsonNode.DeepEquals(first, again), text);
            Assert.Equal(serialised, again?.ToJsonString() ?? "null");
        }
    }
}
