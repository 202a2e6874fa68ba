using System.Diagnostics;
using MicroCredentials.Signing.Schemas.Validation;
using Xunit;

namespace MicroCredentials.Signing.Tests.Schemas;

/// <summary>ECMA-262 semantics where .NET's default engine differs, and linear time on hostile input.</summary>
public class EcmaRegexTests
{
    [Theory]
    [InlineData(@"^\d$", "5", true)]
    [InlineData(@"^\d$", "\u0665", false)] // ARABIC-INDIC DIGIT FIVE: \d is ASCII in ECMA-262
    [InlineData(@"^\w$", "\u00e9", false)]
    [InlineData(@"^\s$", "\u00a0", true)] // ECMA-262 \s includes NBSP
    [InlineData(@"^\s$", "\ufeff", true)]
    [InlineData(@"^a$", "a\n", false)] // .NET's $ would match before a final newline
    [InlineData(@"^.$", "\u2028", false)] // '.' excludes the ECMA line terminators
    [InlineData(@"^\p{Letter}+$", "\u00e9t\u00e9", true)]
    [InlineData(@"^[^]$", "x", true)]
    [InlineData(@"^[]$", "x", false)]
    public void Pattern_has_ECMA_262_meaning(string pattern, string input, bool expected) =>
        Assert.Equal(expected, EcmaRegex.Compile(pattern).IsMatch(input));

    [Theory]
    [InlineData(@"\a")]
    [InlineData(@"[a")]
    [InlineData(@"(")]
    public void Invalid_ECMA_262_patterns_are_rejected(string pattern)
    {
        Assert.False(EcmaRegex.IsValid(pattern));
        Assert.Throws<SchemaCompilationException>(() => EcmaRegex.Compile(pattern));
    }

    [Fact]
    public void Catastrophic_pattern_runs_in_linear_time()
    {
        var regex = EcmaRegex.Compile("^(a+)+$");
        var hostile = new string('a', 50_000) + "!";
        var watch = Stopwatch.StartNew();
        Assert.DoesNotMatch(regex, hostile);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Backreferences_fall_back_to_the_backtracking_engine_with_a_timeout()
    {
        var regex = EcmaRegex.Compile(@"^(a)\1$");
        Assert.Matches(regex, "aa");
        Assert.NotEqual(System.Text.RegularExpressions.Regex.InfiniteMatchTimeout, regex.MatchTimeout);
    }
}
