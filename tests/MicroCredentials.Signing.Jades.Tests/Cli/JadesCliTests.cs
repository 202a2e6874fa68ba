using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Cli;
using MicroCredentials.Signing.Jades.Tests.Support;
using MicroCredentials.Signing.Jades.Tests.TrustedLists;
using MicroCredentials.Signing.TestSupport;

namespace MicroCredentials.Signing.Jades.Tests.Cli;

/// <summary><c>mcred jades sign|verify</c>, <c>mcred seal</c> and <c>mcred verify</c> on seals: JSON on stdout, one error line on stderr, the exit codes.</summary>
public sealed class JadesCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mcred-jades-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await Program.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static string Dss(string file) => TestPaths.ConformanceFile("jades", "dss", file);

    private static string Pem(byte[] der) => $"-----BEGIN CERTIFICATE-----\n{Convert.ToBase64String(der)}\n-----END CERTIFICATE-----\n";

    [Fact]
    public async Task Verify_without_anchor_is_indeterminate_with_the_report_on_stdout()
    {
        var (exit, stdout, stderr) = await Run("jades", "verify", "--in", Dss("validation/jades-lta.json"));
        Assert.Equal(ExitCodes.Indeterminate, exit);
        var report = JsonNode.Parse(stdout)!;
        Assert.Equal("INDETERMINATE", (string)report["indication"]!);
        Assert.Equal("B-LTA", (string)report["signatures"]![0]!["levelReached"]!);
        Assert.Equal("", stderr);
    }

    [Fact]
    public async Task A_broken_signature_exits_1_and_garbage_exits_2_with_one_error_line()
    {
        Assert.Equal(ExitCodes.NotVerified, (await Run("jades", "verify", "--in", Dss("validation/altered-jws.json"))).Exit);
        Assert.Equal(ExitCodes.NotVerified, (await Run("jades", "verify", "--in", Dss("validation/jades-lta-copied-arctst.json"))).Exit);
        var (exit, _, stderr) = await Run("jades", "verify", "--in", Dss("validation/malformed-jades-serialization.json"));
        Assert.Equal(ExitCodes.Usage, exit);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: --in", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Detached_contents_are_named_by_file_name()
    {
        var (exit, stdout, _) = await Run("jades", "verify", "--in", Dss("validation/simple-detached.json"), "--detached", Dss("sample.json"));
        Assert.Equal(ExitCodes.Indeterminate, exit);
        Assert.True((bool)JsonNode.Parse(stdout)!["signatures"]![0]!["signatureIntact"]!);
        Assert.Equal(ExitCodes.Indeterminate, (await Run("jades", "verify", "--in", Dss("validation/simple-detached.json"))).Exit);
    }

    [Fact]
    public async Task Verify_recognises_a_sealed_EDC()
    {
        var file = TestPaths.ConformanceFile("in-the-wild", "elm3-european-learning-model", "samples", "Sample-MC-Annex1-signed.jsonld");
        var (exit, stdout, _) = await Run("verify", "--in", file);
        Assert.Equal(ExitCodes.Indeterminate, exit);
        Assert.Equal("JADES_NO_TRUST_ANCHOR", (string)JsonNode.Parse(stdout)!["code"]!);
        var (exit2, stdout2, _) = await Run("verify", "--in", file, "--now", "2023-10-01T00:00:00Z",
            "--trust-anchor", Write("anf.pem", InTheWild.InTheWildSealTests.Certificates(File.ReadAllBytes(file)).First(c => c.Subject.StartsWith("CN=ANF AC Qualified Certificates for eSeal,", StringComparison.Ordinal)).RawData),
            "--trust-anchor", Write("nowina.der", InTheWild.InTheWildSealTests.Certificates(File.ReadAllBytes(file)).First(c => c.Subject.EndsWith("CN=root-ca", StringComparison.Ordinal)).RawData, pem: false));
        Assert.Equal(ExitCodes.Success, exit2);
        Assert.Equal("TOTAL_PASSED", (string)JsonNode.Parse(stdout2)!["indication"]!);
    }

    [Fact]
    public async Task Seal_then_verify_round_trip_through_the_CLI()
    {
        var pki = new TestPki(rsaSeal: true);
        var p12 = Path.Combine(_dir, "seal.p12");
        await File.WriteAllBytesAsync(p12, pki.SealPkcs12("secret"));
        var edc = Path.Combine(_dir, "edc.json");
        await File.WriteAllTextAsync(edc, "{\"type\":[\"VerifiableCredential\",\"EuropeanDigitalCredential\"]}");
        var root = Write("root.pem", pki.Root.GetEncoded());
        var outPath = Path.Combine(_dir, "sealed.json");
        var (exit, stdout, stderr) = await Run("seal", "--in", edc, "--cert", p12, "--password", "secret", "--out", outPath);
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal("", stdout);
        Assert.Contains("wrote", stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Indeterminate, (await Run("jades", "verify", "--in", outPath, "--trust-anchor", root)).Exit);
        Assert.Equal(ExitCodes.Success, (await Run("jades", "verify", "--in", outPath, "--trust-anchor", root, "--allow-missing-revocation")).Exit);
        Assert.Equal(ExitCodes.Usage, (await Run("seal", "--in", edc, "--cert", p12, "--password", "nope")).Exit);
        Assert.Equal(ExitCodes.Usage, (await Run("jades", "sign", "--in", edc, "--cert", p12, "--password", "secret", "--level", "B-LT")).Exit);
    }

    [Fact]
    public async Task Verify_with_a_trusted_list_and_its_signer()
    {
        var pki = new TestPki();
        using var signer = X509Signer.FromPem(pki.SealPem().Certificates, pki.SealPem().Key);
        var jades = await new JadesSealer(pki.LtOptions(JadesLevel.BaselineLTA)).SealAsync("{}"u8.ToArray(), signer, signer.Certificate);
        var sealedPath = Path.Combine(_dir, "lta.json");
        await File.WriteAllBytesAsync(sealedPath, jades);
        using var tlSigner = TrustedListTests.ListSigner();
        var tl = TrustedListTests.Build(tlSigner,
            new(TrustedService.TypeCaQc, "QC CA", [TestPki.Net(pki.Root)], [(TrustedService.StatusGranted, DateTimeOffset.UtcNow.AddYears(-2))]),
            new(TrustedService.TypeQtst, "QTST", [TestPki.Net(pki.Tsa.Certificate), TestPki.Net(pki.Tsa2.Certificate)], [(TrustedService.StatusGranted, DateTimeOffset.UtcNow.AddYears(-2))]));
        var tlPath = Path.Combine(_dir, "tl.xml");
        await File.WriteAllBytesAsync(tlPath, tl);
        var signerPem = Write("tl-signer.pem", tlSigner.RawData);
        var (exit, stdout, _) = await Run("jades", "verify", "--in", sealedPath, "--trusted-list", tlPath, "--tl-signer", signerPem);
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal("QUALIFIED", (string)JsonNode.Parse(stdout)!["signatures"]![0]!["qualification"]!);
        using var other = TrustedListTests.ListSigner("CN=Other");
        var (bad, _, err) = await Run("jades", "verify", "--in", sealedPath, "--trusted-list", tlPath, "--tl-signer", Write("other.pem", other.RawData));
        Assert.Equal(ExitCodes.Usage, bad);
        Assert.Contains("TL_SIGNATURE_INVALID", err, StringComparison.Ordinal);
    }

    private string Write(string name, byte[] der, bool pem = true)
    {
        var path = Path.Combine(_dir, name);
        if (pem)
        {
            File.WriteAllText(path, Pem(der));
        }
        else
        {
            File.WriteAllBytes(path, der);
        }

        return path;
    }
}
