using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Jades.Tests.Support;
using MicroCredentials.Signing.TestSupport;

namespace MicroCredentials.Signing.Jades.Tests.Samples;

/// <summary>
/// The sealed sample EDCs in <c>samples/jades/</c> (test PKI only, never trusted anywhere): they verify as documented.
/// Set <c>MCRED_REGENERATE_JADES_SAMPLES=1</c> to regenerate them from a fresh test PKI before they are checked.
/// </summary>
public sealed class SampleSealTests
{
    public const string Password = "test-only";

    private static string Dir => TestPaths.RepoFile("samples", "jades");

    private static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(Dir, name));

    private static X509Certificate2 Root()
    {
        var c = new X509Certificate2Collection();
        c.ImportFromPem(Encoding.ASCII.GetString(Read("test-pki-root.pem")));
        return c[0];
    }

    [Fact]
    public async Task The_samples_exist_and_regenerate_when_asked()
    {
        if (Environment.GetEnvironmentVariable("MCRED_REGENERATE_JADES_SAMPLES") == "1")
        {
            await SampleGenerator.RegenerateAsync(Dir, Password);
        }

        foreach (var name in new[] { "edc.json", "test-pki-root.pem", "test-seal.p12", "edc-sealed-b-b.json", "edc-sealed-b-t.json", "edc-sealed-b-lta.json" })
        {
            Assert.True(File.Exists(Path.Combine(Dir, name)), name);
        }
    }

    [Fact]
    public void The_B_LTA_sample_passes_with_the_test_root()
    {
        var r = new JadesVerifier(new JadesVerifierOptions { TrustAnchors = [Root()] }).Verify(Read("edc-sealed-b-lta.json"));
        Assert.Equal(JadesIndication.Passed, r.Indication);
        Assert.Equal(JadesLevel.BaselineLTA, r.Signatures[0].LevelReached);
        Assert.Equal(Read("edc.json"), r.Payload.ToArray());
    }

    [Theory]
    [InlineData("edc-sealed-b-b.json", JadesLevel.BaselineB)]
    [InlineData("edc-sealed-b-t.json", JadesLevel.BaselineT)]
    public void The_B_B_and_B_T_samples_lack_revocation_values(string file, JadesLevel level)
    {
        var strict = new JadesVerifier(new JadesVerifierOptions { TrustAnchors = [Root()] }).Verify(Read(file));
        Assert.Equal(JadesIndication.Indeterminate, strict.Indication);
        Assert.Equal(JadesSubIndications.TryLater, strict.SubIndication);
        var lenient = new JadesVerifier(new JadesVerifierOptions { TrustAnchors = [Root()], AllowMissingRevocation = true }).Verify(Read(file));
        Assert.Equal(JadesIndication.Passed, lenient.Indication);
        Assert.Equal(level, lenient.Signatures[0].LevelReached);
    }

    [Fact]
    public void Without_the_test_root_no_sample_passes()
    {
        foreach (var f in new[] { "edc-sealed-b-b.json", "edc-sealed-b-t.json", "edc-sealed-b-lta.json" })
        {
            Assert.Equal(JadesIndication.Indeterminate, new JadesVerifier().Verify(Read(f)).Indication);
        }
    }

    [Fact]
    public void The_sample_PKCS12_is_the_sample_seal_certificate()
    {
        using var signer = X509Signer.FromPkcs12(Read("test-seal.p12"), Password);
        var sealedJson = JsonNode.Parse(Read("edc-sealed-b-lta.json"))!;
        var prot = (string)sealedJson["signatures"]![0]!["protected"]!;
        var header = JsonNode.Parse(Convert.FromBase64String(prot.Replace('-', '+').Replace('_', '/') + new string('=', (4 - prot.Length % 4) % 4)))!;
        Assert.Equal(Convert.ToBase64String(signer.Certificate.RawData), (string)header["x5c"]![0]!);
        Assert.Equal("RS256", (string)header["alg"]!);
    }
}

/// <summary>Writes the sample test PKI files and sealed EDCs (see <see cref="SampleSealTests"/>).</summary>
internal static class SampleGenerator
{
    public static async Task RegenerateAsync(string dir, string password)
    {
        // Long validity so the samples (and the docs/cli.md examples over them) keep verifying for years.
        var pki = new TestPki(rsaSeal: true, sealYears: 10, tsaYears: 15, archiveTsaYears: 35);
        Directory.CreateDirectory(dir);
        static string Pem(byte[] der) => $"-----BEGIN CERTIFICATE-----\n{Convert.ToBase64String(der, Base64FormattingOptions.InsertLineBreaks)}\n-----END CERTIFICATE-----\n";
        await File.WriteAllTextAsync(Path.Combine(dir, "test-pki-root.pem"), Pem(pki.Root.GetEncoded())).ConfigureAwait(false);
        await File.WriteAllBytesAsync(Path.Combine(dir, "test-seal.p12"), pki.SealPkcs12(password)).ConfigureAwait(false);
        var edc = await File.ReadAllBytesAsync(Path.Combine(dir, "edc.json")).ConfigureAwait(false);
        using var signer = X509Signer.FromPkcs12(pki.SealPkcs12(password), password);
        foreach (var (level, name) in new[] { (JadesLevel.BaselineB, "edc-sealed-b-b.json"), (JadesLevel.BaselineT, "edc-sealed-b-t.json"), (JadesLevel.BaselineLTA, "edc-sealed-b-lta.json") })
        {
            var options = level == JadesLevel.BaselineLTA ? pki.LtOptions(level)
                : new JadesSealOptions { Level = level, Timestamper = pki.Tsa, Certificates = [TestPki.Net(pki.Ca)] };
            var sealedBytes = await new JadesSealer(options).SealAsync(edc, signer, signer.Certificate).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(dir, name), JsonNode.Parse(sealedBytes)!.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n").ConfigureAwait(false);
        }
    }
}
