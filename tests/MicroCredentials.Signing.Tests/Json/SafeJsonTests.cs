using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using MicroCredentials.Signing.Json;
using Xunit;

namespace MicroCredentials.Signing.Tests.Json;

public class SafeJsonTests
{
    private static JsonInputException Refused(string json, JsonInputLimits? limits = null) =>
        Assert.Throws<JsonInputException>(() => SafeJson.Parse(json, limits));

    [Fact]
    public void ParsesAWellFormedCredential()
    {
        var numbers = """[1,2.50,2.5,-0,1e3,1E+20,0.1,-1.25e-7,12345678901234567890,3.141592653589793238462643383279]""";
        var node = SafeJson.ParseObject("""{"@context":["https://www.w3.org/ns/credentials/v2"],"issuer":{"id":"did:example:1"},"n":""" + numbers + "}");
        Assert.Equal("did:example:1", node["issuer"]!["id"]!.GetValue<string>());
        // Every number serialises back to its original text, whichever representation the parser chose.
        Assert.Equal(numbers, node["n"]!.ToJsonString());
        Assert.Equal(2.5, node["n"]![2]!.GetValue<double>());
        Assert.Equal(2.5, node["n"]![1]!.GetValue<double>());
    }

    [Fact]
    public void IgnoresALeadingByteOrderMark()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat("{\"a\":1}"u8.ToArray()).ToArray();
        Assert.Equal(1, SafeJson.ParseObject(bytes)["a"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("""{"issuer":"a","issuer":"b"}""", "$.issuer")]
    [InlineData("""{"proof":{"x":1},"proof":{"x":2}}""", "$.proof")]
    [InlineData("""{"a":[{"b":{"c":1,"c":2}}]}""", "$.a[0].b.c")]
    [InlineData("""{"id":1,"\u0069d":2}""", "$.id")]
    public void RefusesDuplicateMemberNamesAtAnyDepth(string json, string path)
    {
        var ex = Refused(json);
        Assert.Equal(JsonInputException.DuplicateMember, ex.Code);
        Assert.Equal(path, ex.JsonPath);
    }

    [Fact]
    public void RefusesInputOverTheByteLimit()
    {
        var limits = new JsonInputLimits { MaxBytes = 16 };
        Assert.Equal(JsonInputException.TooLarge, Refused("""{"a":"0123456789"}""", limits).Code);
        Assert.Equal(JsonInputException.TooLarge, Assert.Throws<JsonInputException>(() => SafeJson.Parse(new byte[17], limits)).Code);
        // Multi-byte characters count as bytes, not characters.
        Assert.Equal(JsonInputException.TooLarge, Refused("\"ééééééééé\"", limits).Code);
        Assert.NotNull(SafeJson.Parse("\"éééééé\"", limits));
    }

    [Fact]
    public void RefusesNestingDeeperThanTheLimit()
    {
        var limits = new JsonInputLimits { MaxDepth = 3 };
        Assert.NotNull(SafeJson.Parse("""{"a":[{"b":1}]}""", limits));
        var ex = Refused("""{"a":[{"b":[1]}]}""", limits);
        Assert.Equal(JsonInputException.TooDeep, ex.Code);
        Assert.Equal("$.a[0].b", ex.JsonPath);
        // The default limit also stops a deep bomb long before the stack is in danger.
        Assert.Equal(JsonInputException.TooDeep, Refused(new string('[', 100_000) + new string(']', 100_000)).Code);
    }

    [Fact]
    public void RefusesTooManyProperties()
    {
        var limits = new JsonInputLimits { MaxPropertiesPerObject = 2 };
        Assert.NotNull(SafeJson.Parse("""{"x":{"a":1,"b":2}}""", limits));
        var ex = Refused("""{"x":{"a":1,"b":2,"c":3}}""", limits);
        Assert.Equal(JsonInputException.TooManyProperties, ex.Code);
        Assert.Equal("$.x.c", ex.JsonPath);
    }

    [Fact]
    public void RefusesTooManyArrayItems()
    {
        var limits = new JsonInputLimits { MaxArrayItems = 3 };
        Assert.NotNull(SafeJson.Parse("[[1,2,3]]", limits));
        var ex = Refused("[[1,2,3,4]]", limits);
        Assert.Equal(JsonInputException.TooManyItems, ex.Code);
        Assert.Equal("$[0][3]", ex.JsonPath);
    }

    [Fact]
    public void RefusesLongStringsAndMemberNames()
    {
        var limits = new JsonInputLimits { MaxStringLength = 4 };
        Assert.NotNull(SafeJson.Parse("""{"abcd":"\u0041\u0042CD"}""", limits));
        var value = Refused("""{"a":["abcde"]}""", limits);
        Assert.Equal(JsonInputException.StringTooLong, value.Code);
        Assert.Equal("$.a[0]", value.JsonPath);
        Assert.Equal(JsonInputException.StringTooLong, Refused("""{"abcde":1}""", limits).Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{")]
    [InlineData("{\"a\":1,}")]
    [InlineData("[1,]")]
    [InlineData("{\"a\":1} // comment")]
    [InlineData("{'a':1}")]
    [InlineData("{\"a\":01}")]
    [InlineData("{\"a\":NaN}")]
    [InlineData("\"\\uD800\"")]
    [InlineData("{} {}")]
    public void RefusesMalformedJson(string json)
    {
        Assert.Equal(JsonInputException.InvalidJson, Refused(json).Code);
    }

    [Fact]
    public void RefusesInvalidUtf8()
    {
        var ex = Assert.Throws<JsonInputException>(() => SafeJson.Parse(new byte[] { (byte)'"', 0xC3, 0x28, (byte)'"' }));
        Assert.Equal(JsonInputException.InvalidJson, ex.Code);
        Assert.Equal(JsonInputException.InvalidJson, Assert.Throws<JsonInputException>(() => SafeJson.Parse("\"\uD800\"")).Code);
    }

    [Fact]
    public void ParseObjectRefusesNonObjects()
    {
        Assert.Equal(JsonInputException.InvalidJson, Assert.Throws<JsonInputException>(() => SafeJson.ParseObject("[1]")).Code);
    }

    [Fact]
    public void TryParseReturnsCodeAndPathInsteadOfThrowing()
    {
        var bad = SafeJson.TryParse("""{"a":{"b":1,"b":2}}""");
        Assert.False(bad.Success);
        Assert.Equal(JsonInputException.DuplicateMember, bad.ErrorCode);
        Assert.Equal("$.a.b", bad.JsonPath);
        Assert.Null(bad.Value);

        var good = SafeJson.TryParse("""{"a":null}"""u8);
        Assert.True(good.Success);
        Assert.Null(good.ErrorCode);
        Assert.IsType<JsonObject>(good.Value);
    }

    [Fact]
    public void MisuseThrowsArgumentExceptions()
    {
        Assert.Throws<ArgumentNullException>(() => SafeJson.Parse((string)null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => SafeJson.Parse("1", new JsonInputLimits { MaxDepth = 0 }));
    }

    private static readonly Gen<JsonNode?> GenJson = Gen.Recursive<JsonNode?>((depth, self) =>
    {
        var scalar = Gen.OneOf<JsonNode?>(
            Gen.String.Select(s => (JsonNode?)JsonValue.Create(s)),
            Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l)),
            Gen.Double.Where(double.IsFinite).Select(d => (JsonNode?)JsonValue.Create(d)),
            Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
            Gen.Const((JsonNode?)null));
        if (depth >= 4)
        {
            return scalar;
        }

        var array = self.Array[0, 5].Select(items => (JsonNode?)new JsonArray(items));
        var obj = Gen.Dictionary(Gen.String[0, 8], self)[0, 5].Select(d => (JsonNode?)new JsonObject(d!));
        return Gen.Frequency((3, scalar), (1, array), (1, obj));
    });

    [Fact]
    public void ParseSerialiseParseIsStable()
    {
        GenJson.Sample(node =>
        {
            var text = node?.ToJsonString() ?? "null";
            var once = SafeJson.Parse(text);
            var onceText = once?.ToJsonString() ?? "null";
            var twice = SafeJson.Parse(Encoding.UTF8.GetBytes(onceText));
            Assert.Equal(onceText, twice?.ToJsonString() ?? "null");
            Assert.True(JsonNode.DeepEquals(once, twice));
        }, iter: 500);
    }

    [Fact]
    public void RandomBytesOnlyEverYieldAJsonInputException()
    {
        var seed = Encoding.UTF8.GetBytes("""{"a":[1,2.5,"x\u00e9",{"b":null,"c":true}],"d":"é"}""");
        Gen.Select(Gen.Int[0, seed.Length - 1], Gen.Byte, Gen.Int[0, seed.Length]).Sample(t =>
        {
            var bytes = seed.ToArray();
            bytes[t.Item1] = t.Item2;
            bytes = bytes[..t.Item3];
            var result = SafeJson.TryParse(bytes);
            Assert.True(result.Success || result.ErrorCode!.StartsWith("INPUT_", StringComparison.Ordinal));
        }, iter: 2_000);
        Gen.Byte.Array[0, 64].Sample(bytes => Assert.True(SafeJson.TryParse(bytes) is { } r && (r.Success || r.ErrorCode is not null)), iter: 2_000);
    }
}
