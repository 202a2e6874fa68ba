using CsCheck;
using MicroCredentials.Signing.JsonLd;
using Xunit;
using MicroCredentials.Signing.Primitives;

namespace MicroCredentials.Signing.Tests.Perf;

/// <summary>The vectorised <see cref="Iri.IsWellFormedRdfIri"/> agrees with the character-by-character definition.</summary>
public sealed class IriFastPathTests
{
    [Theory]
    [InlineData("http://ex/a", true)]
    [InlineData("_:b0", true)]
    [InlineData("http://ex/a#b", true)]
    [InlineData("http://ex/a#b#c", false)]
    [InlineData("http://ex/a b", false)]
    [InlineData("http://ex/\u007f", false)]
    [InlineData("http://ex/\u009f", false)]
    [InlineData("http://ex/\u00a0", true)]
    [InlineData("http://ex/^", false)]
    [InlineData("relative", false)]
    public void Examples(string value, bool expected)
    {
        Assert.Equal(expected, Iri.IsWellFormedRdfIri(value));
        Assert.Equal(expected, Reference(value));
    }

    [Fact]
    public void Agrees_with_the_reference_definition_on_random_strings()
    {
        var chars = Gen.OneOf(Gen.Char['\0', '\u00ff'], Gen.Char["abc:/#_<> \"{}|\\^`\u007f\u0080\u009f\u00a0"]);
        var prefix = Gen.OneOf<string>("http://ex/", "_:", "urn:x:", string.Empty, "1a:");
        Gen.Select(prefix, Gen.String[chars, 0, 40]).Sample((p, s) =>
        {
            var value = p + s;
            Assert.Equal(Reference(value), Iri.IsWellFormedRdfIri(value));
        }, iter: 20_000);
    }

    private static bool Reference(string value)
    {
        if (!Iri.IsAbsolute(value) && !value.StartsWith("_:", StringComparison.Ordinal))
        {
            return false;
        }

        var hashes = 0;
        foreach (var c in value)
        {
            if (c <= ' ' || c is '<' or '>' or '"' or '{' or '}' or '|' or '\\' or '^' or '`' || (c >= '\u007f' && c <= '\u009f'))
            {
                return false;
            }

            if (c == '#' && ++hashes > 1)
            {
                return false;
            }
        }

        return true;
    }
}
