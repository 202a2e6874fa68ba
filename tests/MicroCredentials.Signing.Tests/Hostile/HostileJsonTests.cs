using System.Text;
using MicroCredentials.Signing.Json;
using Xunit;

namespace MicroCredentials.Signing.Tests.Hostile;

/// <summary>
/// Attack-sized JSON against the default limits: each case must be refused with its own code, without exhausting the
/// stack or memory (an escape here would crash a verification service, not just fail one request).
/// </summary>
public sealed class HostileJsonTests
{
    private static string Refused(byte[] utf8) => Assert.Throws<JsonInputException>(() => SafeJson.Parse(utf8)).Code;

    private static string Refused(string json) => Refused(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void A_million_nested_arrays_are_refused_as_too_deep()
    {
        var bomb = new byte[2_000_000];
        bomb.AsSpan(0, 1_000_000).Fill((byte)'[');
        bomb.AsSpan(1_000_000).Fill((byte)']');
        Assert.Equal(JsonInputException.TooDeep, Refused(bomb));
    }

    [Fact]
    public void Nesting_that_mixes_objects_and_arrays_is_refused_at_the_default_depth()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 5_000; i++)
        {
            sb.Append("{\"a\":[");
        }

        Assert.Equal(JsonInputException.TooDeep, Refused(sb.ToString()));
    }

    [Fact]
    public void A_string_larger_than_the_document_limit_is_refused_before_parsing()
    {
        var json = "{\"name\":\"" + new string('x', JsonInputLimits.Default.MaxBytes) + "\"}";
        Assert.Equal(JsonInputException.TooLarge, Refused(json));
    }

    [Fact]
    public void A_string_within_the_document_limit_but_over_the_string_limit_is_refused()
    {
        var json = "{\"name\":\"" + new string('x', JsonInputLimits.Default.MaxStringLength + 1) + "\"}";
        Assert.Equal(JsonInputException.StringTooLong, Refused(json));
    }

    [Fact]
    public void A_string_of_escapes_counts_its_decoded_length()
    {
        // 6 bytes of input per character: the decoded string, not the input, is what the limit protects.
        var limits = new JsonInputLimits { MaxStringLength = 1_000 };
        var json = "\"" + string.Concat(Enumerable.Repeat("\\u0041", 1_001)) + "\"";
        Assert.Equal(JsonInputException.StringTooLong, Assert.Throws<JsonInputException>(() => SafeJson.Parse(json, limits)).Code);
    }

    [Fact]
    public void An_array_with_more_items_than_the_limit_is_refused()
    {
        var json = "[" + string.Join(',', Enumerable.Repeat("0", JsonInputLimits.Default.MaxArrayItems + 1)) + "]";
        Assert.Equal(JsonInputException.TooManyItems, Refused(json));
    }

    [Fact]
    public void An_object_with_more_members_than_the_limit_is_refused()
    {
        var members = Enumerable.Range(0, JsonInputLimits.Default.MaxPropertiesPerObject + 1).Select(i => $"\"m{i}\":0");
        Assert.Equal(JsonInputException.TooManyProperties, Refused("{" + string.Join(',', members) + "}"));
    }

    [Theory]
    // Two issuers: one parser keeps the first, another the last, so a signature could cover one and a display show the other.
    [InlineData("""{"issuer":"did:example:good","credentialSubject":{},"issuer":"did:example:evil"}""", "$.issuer")]
    [InlineData("""{"proof":{"proofValue":"z1"},"proof":{"proofValue":"z2"}}""", "$.proof")]
    [InlineData("""{"proof":[{"type":"DataIntegrityProof","type":"Ed25519Signature2020"}]}""", "$.proof[0].type")]
    // The same name spelled with an escape, and with the escape in the second spelling only.
    [InlineData("""{"issuer":"a","\u0069ssuer":"b"}""", "$.issuer")]
    [InlineData("""{"@context":[],"\u0040context":[]}""", "$.@context")]
    public void Duplicate_members_in_a_credential_are_refused(string json, string path)
    {
        var ex = Assert.Throws<JsonInputException>(() => SafeJson.Parse(json));
        Assert.Equal(JsonInputException.DuplicateMember, ex.Code);
        Assert.Equal(path, ex.JsonPath);
    }

    [Theory]
    // Fuzzing finding (json): an exponent beyond Int32 made the BCL's JsonNode.DeepEquals throw ArgumentOutOfRangeException
    // on an accepted document; numbers beyond binary64 are now refused (RFC 7493 I-JSON), so JCS and JSON-LD never see them.
    [InlineData("[1e3901234567890]")]
    [InlineData("{\"n\":1e400}")]
    [InlineData("{\"n\":-1e309}")]
    // Second finding: a huge negative exponent underflows to a finite 0 yet broke DeepEquals the same way.
    [InlineData("1E-40000000000000000000000006")]
    [InlineData("0E-40000000000000000000000006")]
    [InlineData("1e-400")]
    public void Numbers_beyond_the_double_range_are_refused(string json)
    {
        Assert.Equal(JsonInputException.InvalidJson, Refused(json));
    }

    [Theory]
    [InlineData("1e308", "1e308")]
    [InlineData("0e-400", "0e-400")]
    [InlineData("5e-324", "5e-324")]
    [InlineData("0.0001e-300", "0.0001e-300")]
    [InlineData("123456789012345678901234567890", "123456789012345678901234567890")]
    public void Numbers_within_the_double_range_keep_their_text(string json, string expected)
    {
        Assert.Equal(expected, SafeJson.Parse(json)!.ToJsonString());
    }
}
