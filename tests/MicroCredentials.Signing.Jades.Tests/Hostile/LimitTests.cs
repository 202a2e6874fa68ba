using System.Text;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Jades.Tests.Sealing;
using MicroCredentials.Signing.Jades.Tests.Support;
using MicroCredentials.Signing.TestSupport;

namespace MicroCredentials.Signing.Jades.Tests.Hostile;

/// <summary>Hostile-input limits: each refusal is a result with <see cref="JadesCodes.LimitExceeded"/>, never an exception.</summary>
public sealed class LimitTests
{
    private static byte[] Dss(string file) => File.ReadAllBytes(TestPaths.ConformanceFile("jades", "dss", file));

    [Fact]
    public void Input_larger_than_the_limit()
    {
        var bytes = Dss("validation/jades-lta.json");
        var r = new JadesVerifier(new JadesVerifierOptions { Limits = new JadesLimits { MaxInputBytes = bytes.Length - 1 } }).Verify(bytes);
        Assert.Equal(JadesCodes.LimitExceeded, r.Code);
        Assert.Equal(JadesIndication.Failed, r.Indication);
    }

    [Fact]
    public void Too_many_x5c_certificates()
    {
        var r = new JadesVerifier(new JadesVerifierOptions { Limits = new JadesLimits { MaxX5c = 1 } }).Verify(Dss("validation/jades-lta.json"));
        Assert.True(r.Signatures[0].HasCode(JadesCodes.LimitExceeded));
        Assert.Equal(JadesIndication.Failed, r.Indication);
    }

    [Fact]
    public void Too_many_timestamps()
    {
        var r = new JadesVerifier(new JadesVerifierOptions { Limits = new JadesLimits { MaxTimestamps = 2 } }).Verify(Dss("validation/jades-triple-LTA.json"));
        Assert.Equal(JadesCodes.LimitExceeded, r.Code);
    }

    [Fact]
    public void Too_many_signatures_and_etsiU_components()
    {
        var two = Dss("validation/jades-double-sig-different-etsiU.json");
        Assert.Equal(JadesCodes.LimitExceeded, new JadesVerifier(new JadesVerifierOptions { Limits = new JadesLimits { MaxSignatures = 1 } }).Verify(two).Code);
        var lta = Dss("validation/jades-triple-LTA.json");
        Assert.Equal(JadesCodes.LimitExceeded, new JadesVerifier(new JadesVerifierOptions { Limits = new JadesLimits { MaxEtsiUComponents = 3 } }).Verify(lta).Code);
    }

    [Fact]
    public async Task A_path_longer_than_the_chain_depth_limit_is_not_built()
    {
        var pki = new TestPki();
        using var signer = X509Signer.FromPem(pki.SealPem().Certificates, pki.SealPem().Key);
        var jades = await new JadesSealer(pki.LtOptions(JadesLevel.BaselineLT)).SealAsync("{}"u8.ToArray(), signer, signer.Certificate);
        var ok = new JadesVerifier(new JadesVerifierOptions { TrustAnchors = [pki.RootNet] }).Verify(jades);
        Assert.Equal(JadesIndication.Passed, ok.Indication);
        var shallow = new JadesVerifier(new JadesVerifierOptions { TrustAnchors = [pki.RootNet], Limits = new JadesLimits { MaxChainDepth = 2 } }).Verify(jades);
        Assert.Equal(JadesCodes.NoCertificateChain, shallow.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a jws")]
    [InlineData("a.b")]
    [InlineData(" eyJhbGciOiJSUzI1NiJ9..c2ln")]
    [InlineData("{\"payload\":\"x\",\"signatures\":[{\"protected\":\"!!!\",\"signature\":\"x\"}]}")]
    [InlineData("{\"payload\":\"x\",\"signatures\":[{\"protected\":\"eyJhbGciOiJSUzI1NiJ9\",\"signature\":\"eA\",\"header\":[]}]}")]
    [InlineData("[1,2]")]
    [InlineData("{\"payload\":\"x\",\"payload\":\"y\",\"signature\":\"eA\",\"protected\":\"eyJhbGciOiJSUzI1NiJ9\"}")]
    public void Garbage_is_a_format_failure_not_an_exception(string input)
    {
        var r = new JadesVerifier().Verify(Encoding.UTF8.GetBytes(input));
        Assert.Equal(JadesIndication.Failed, r.Indication);
        Assert.Equal(JadesSubIndications.FormatFailure, r.SubIndication);
    }

    [Fact]
    public void Deeply_nested_etsiU_is_refused()
    {
        var json = JsonNode.Parse(Dss("validation/jades-lta.json"))!.AsObject();
        var deep = new string('[', 200) + new string(']', 200);
        json["header"]!["etsiU"]!.AsArray().Add(SealRoundTripTests.B64u("{\"x\":" + deep + "}"));
        var r = new JadesVerifier().Verify(Encoding.UTF8.GetBytes(json.ToJsonString()));
        Assert.Equal(JadesIndication.Failed, r.Indication);
        Assert.True(r.Signatures[0].HasCode(JadesCodes.EtsiUInvalid));
    }

    [Fact]
    public void Cancellation_is_honoured()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => new JadesVerifier().VerifyAsync(Dss("validation/jades-lta.json"), cts.Token).GetAwaiter().GetResult());
    }
}

/// <summary>Path building over a hostile pool: many cross-certifying CAs with one name and one key.</summary>
public sealed class HostilePathTests
{
    [Fact]
    public async Task A_pool_of_cross_certifying_CAs_does_not_explode_path_building()
    {
        var pki = new TestPki();
        var key = TestPki.Ec();
        const string dn = "CN=Loop CA,O=Attacker,C=EU";
        var loop = Enumerable.Range(0, 40).Select(_ => pki.Issue(dn, key.Public, null, key.Private, pki.Now.AddDays(-1), pki.Now.AddYears(1), ca: true)).ToList();
        var leaf = pki.Issue("CN=Attacker Seal,C=EU", pki.SealKey.Public, loop[0], key.Private, pki.Now.AddDays(-1), pki.Now.AddYears(1), ca: false);
        using var signer = X509Signer.FromPem(TestPki.SealPemOf(leaf), pki.SealPem().Key);
        var jades = await new JadesSealer().SealAsync("{}"u8.ToArray(), signer, signer.Certificate);
        var options = new JadesVerifierOptions { TrustAnchors = [pki.RootNet], Certificates = [.. loop.Select(TestPki.Net)] };
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var s = new JadesVerifier(options).Verify(jades).Signatures[0];
        watch.Stop();
        Assert.Equal(JadesCodes.NoCertificateChain, s.Code);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"path building took {watch.Elapsed}");
    }
}
