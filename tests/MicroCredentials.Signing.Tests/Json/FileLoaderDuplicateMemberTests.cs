using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Json;
using MicroCredentials.Signing.Model;
using MicroCredentials.Signing.Status;
using Xunit;

namespace MicroCredentials.Signing.Tests.Json;

/// <summary>
/// The library's own file loaders (elements, DID maps, status maps) parse with <see cref="SafeJson"/>, so a duplicate
/// member is a documented refusal of the loader, not an unexpected exception or a silently chosen duplicate.
/// </summary>
public sealed class FileLoaderDuplicateMemberTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mcred-dup-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ElementsWithADuplicateMemberAreAFormatErrorAtThatMember()
    {
        var ex = Assert.Throws<MicroCredentialFormatException>(() => MicroCredentialJson.Parse("{\"title\": \"A\", \"title\": \"B\"}"));
        Assert.Equal("JSON_SYNTAX", ex.Code);
        Assert.Equal("$.title", ex.Path);
        Assert.Contains(JsonInputException.DuplicateMember, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DidMapWithADuplicateIdIsAFormatError()
    {
        var map = Write("dids.json", "{\"did:web:a.example\": \"a.json\", \"did:web:a.example\": \"b.json\"}");
        var ex = await Assert.ThrowsAsync<FormatException>(() => StaticControllerDocumentResolver.LoadMapAsync(map));
        Assert.Contains(JsonInputException.DuplicateMember, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DidMapEntryWithADuplicateMemberIsAFormatError()
    {
        Write("a.json", "{\"id\": \"did:web:a.example\", \"id\": \"did:web:b.example\"}");
        var map = Write("dids.json", "{\"did:web:a.example\": \"a.json\"}");
        var ex = await Assert.ThrowsAsync<FormatException>(() => StaticControllerDocumentResolver.LoadMapAsync(map));
        Assert.Contains("a.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StatusMapWithADuplicateUrlIsAMalformedValue()
    {
        var map = Write("status.json", "{\"https://a.example/1\": \"a.json\", \"https://a.example/1\": \"b.json\"}");
        var ex = Assert.Throws<StatusListException>(() => StaticStatusListResolver.FromMapFile(map));
        Assert.Equal(StatusErrorCodes.MalformedValueError, ex.Code);
        Assert.Contains(JsonInputException.DuplicateMember, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusListFileWithADuplicateMemberIsARetrievalError()
    {
        Write("a.json", "{\"id\": \"https://a.example/1\", \"id\": \"https://a.example/2\"}");
        var resolver = StaticStatusListResolver.FromMapFile(Write("status.json", "{\"https://a.example/1\": \"a.json\"}"));
        var ex = await Assert.ThrowsAsync<StatusListException>(() => resolver.ResolveAsync("https://a.example/1"));
        Assert.Equal(StatusErrorCodes.StatusRetrievalError, ex.Code);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
