using System.Text.Json.Nodes;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Status;
using MicroCredentials.Signing.Tests.Support;
using MicroCredentials.Signing.Verification;

namespace MicroCredentials.Signing.Tests.Verification;

/// <summary>
/// Offline stand-ins for everything the 1EdTech validator and DCC's verifier fetch live: controller documents,
/// DID documents and status lists, all served from checked-in or shared files.
/// </summary>
internal static class VerifierFixtures
{
    public const string OneEdTechTestListUrl = "https://raw.githubusercontent.com/1EdTech/digital-credentials-public-validator/refs/heads/main/inspector-vc/src/test/resources/ob30/bit-string-list/testlist";

    private const string DccStatusListPrefix = "https://digitalcredentials.github.io/vc-test-fixtures/statusLists/didkey-ed25519Signature2020/";
    private const string DccVerifierCoreStatusPrefix = "https://raw.githubusercontent.com/digitalcredentials/verifier-core/refs/heads/main/src/test-fixtures/status/";

    /// <summary>The clock of the conformance runs: after every sample was issued, before the non-expired ones expire.</summary>
    public static DateTimeOffset Now { get; } = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public static TimeProvider Clock { get; } = new FakeTimeProvider(Now);

    public static string TestData(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "TestData", "Verification", .. parts]);

    public static JsonObject ReadObject(string path) => (JsonObject)JsonNode.Parse(File.ReadAllText(path))!;

    /// <summary>The controller documents the 1EdTech validator derives from fragment keys (see validator-controllers.json).</summary>
    public static IVerificationMethodResolver ValidatorMethods { get; } = new CompositeVerificationMethodResolver(
        new StaticControllerDocumentResolver(((JsonObject)ReadObject(TestData("validator-controllers.json"))["documents"]!)
            .Select(kv => new KeyValuePair<string, JsonObject>(kv.Key, (JsonObject)kv.Value!))),
        DidKeyResolver.Instance);

    /// <summary>The 1EdTech validator's bitstring test list, at the URL its samples name.</summary>
    public static IStatusListResolver ValidatorStatusLists { get; } = StaticStatusListResolver.FromFiles(new Dictionary<string, string>
    {
        [OneEdTechTestListUrl] = TestPaths.ConformanceFile("bitstring-status-list", "1edtech-validator-samples", "testlist.json"),
    });

    /// <summary>DCC's two did:web DID documents (dcc-vc-test-fixtures/dids), then did:key.</summary>
    public static IVerificationMethodResolver DccMethods { get; } = new CompositeVerificationMethodResolver(
        new StaticControllerDocumentResolver(Directory.GetDirectories(TestPaths.ConformanceFile("in-the-wild", "dcc-vc-test-fixtures", "dids")).Select(d =>
        {
            var doc = ReadObject(Path.Combine(d, "did.json"));
            return new KeyValuePair<string, JsonObject>((string)doc["id"]!, doc);
        })),
        DidKeyResolver.Instance);

    /// <summary>DCC's status lists, served at both URLs the fixtures use (GitHub Pages and verifier-core's raw copy).</summary>
    public static IStatusListResolver DccStatusLists { get; } = StaticStatusListResolver.FromFiles(DccStatusListFiles());

    /// <summary>The 1EdTech validator samples are judged under the 1EdTech conformance profile: schema violations fail.</summary>
    public static CredentialVerifier ValidatorVerifier(TimeProvider? clock = null) => new(new CredentialVerifierOptions
    {
        Schema = SchemaPolicy.Strict,
        MethodResolver = ValidatorMethods,
        StatusListResolver = ValidatorStatusLists,
        TimeProvider = clock ?? Clock,
    });

    private static Dictionary<string, string> DccStatusListFiles()
    {
        var dir = TestPaths.ConformanceFile("in-the-wild", "dcc-vc-test-fixtures", "statusLists", "didkey-ed25519Signature2020");
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(dir))
        {
            map[DccStatusListPrefix + Path.GetFileName(file)] = file;
        }

        map[DccVerifierCoreStatusPrefix + "e5WK8CbZ1GjycuPombrj"] = Path.Combine(dir, "e5WK8CbZ1GjycuPombrj");
        return map;
    }
}
