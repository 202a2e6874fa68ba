using Xunit;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Tests.Support;
using MicroCredentials.Signing.Dids;

namespace MicroCredentials.Signing.Tests.DataIntegrity;

/// <summary>One W3C vc-di-eddsa / vc-di-ecdsa vector folder: the file-name suffix says which files belong to it.</summary>
public sealed record DiVector(string Name, string Folder, string Suffix, string InputFile, string KeyFile, string SuiteName)
{
    public override string ToString() => Name;

    public string File(string stem, string ext) => Path.Combine(Folder, stem + Suffix + ext);

    public string Text(string stem) => System.IO.File.ReadAllText(File(stem, ".txt")).Trim();

    public JsonObject Json(string stem) => (JsonObject)JsonNode.Parse(System.IO.File.ReadAllText(File(stem, ".json")))!;

    public JsonObject Input => (JsonObject)JsonNode.Parse(System.IO.File.ReadAllText(InputFile))!;

    public Cryptosuite Suite => CryptosuiteRegistry.FindByName(SuiteName)!;

    public KeyPair LoadKeyPair()
    {
        var json = (JsonObject)JsonNode.Parse(System.IO.File.ReadAllText(KeyFile))!;
        var secret = (string?)json["secretKeyMultibase"] ?? (string)json["privateKeyMultibase"]!;
        return Multikey.DecodeSecretKey(secret);
    }

    public static IReadOnlyList<DiVector> All { get; } = Build();

    public static TheoryData<DiVector> Data()
    {
        var data = new TheoryData<DiVector>();
        foreach (var v in All)
        {
            data.Add(v);
        }

        return data;
    }

    private static List<DiVector> Build()
    {
        var ed = TestPaths.ConformanceFile("vc-di-eddsa", "TestVectors");
        var ec = TestPaths.ConformanceFile("vc-di-ecdsa", "TestVectors");
        DiVector V(string name, string root, string sub, string suffix, string input, string key, string suite) =>
            new(name, Path.Combine(root, sub), suffix, Path.Combine(root, input), Path.Combine(root, key), suite);
        return
        [
            V("eddsa-rdfc-2022", ed, "eddsa-rdfc-2022", "DataInt", "unsigned.json", "keyPair.json", "eddsa-rdfc-2022"),
            V("eddsa-rdfc-2022/employ", ed, "eddsa-rdfc-2022/employ", "DataInt", "employmentAuth.json", "keyPair.json", "eddsa-rdfc-2022"),
            V("eddsa-jcs-2022", ed, "eddsa-jcs-2022", "JCS", "unsigned.json", "keyPair.json", "eddsa-jcs-2022"),
            V("Ed25519Signature2020", ed, "Ed25519Signature2020", "EdSig", "unsigned.json", "keyPair.json", "Ed25519Signature2020"),
            V("ecdsa-rdfc-2019-p256", ec, "ecdsa-rdfc-2019-p256", "ECDSAP256", "unsigned.json", "p256KeyPair.json", "ecdsa-rdfc-2019"),
            V("ecdsa-rdfc-2019-p256/employ", ec, "ecdsa-rdfc-2019-p256/employ", "ECDSAP256", "employmentAuth.json", "p256KeyPair.json", "ecdsa-rdfc-2019"),
            V("ecdsa-rdfc-2019-p384", ec, "ecdsa-rdfc-2019-p384", "ECDSAP384", "unsigned.json", "p384KeyPair.json", "ecdsa-rdfc-2019"),
            V("ecdsa-rdfc-2019-p384/employ", ec, "ecdsa-rdfc-2019-p384/employ", "ECDSAP384", "employmentAuth.json", "p384KeyPair.json", "ecdsa-rdfc-2019"),
            V("ecdsa-jcs-2019-p256", ec, "ecdsa-jcs-2019-p256", "JCSECDSAP256", "unsigned.json", "p256KeyPair.json", "ecdsa-jcs-2019"),
            V("ecdsa-jcs-2019-p384", ec, "ecdsa-jcs-2019-p384", "JCSECDSAP384", "unsigned.json", "p384KeyPair.json", "ecdsa-jcs-2019"),
        ];
    }
}
