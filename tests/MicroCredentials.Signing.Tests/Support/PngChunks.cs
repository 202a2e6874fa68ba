using System.Buffers.Binary;
using System.Text;
using MicroCredentials.Signing.Baking;
using MicroCredentials.Signing.Primitives;

namespace MicroCredentials.Signing.Tests.Support;

/// <summary>Hand-made PNG chunks for baking tests: length, type, data and a correct CRC-32.</summary>
internal static class PngChunks
{
    public static byte[] Build(string type, byte[] data)
    {
        var typeBytes = Encoding.ASCII.GetBytes(type);
        var buffer = new byte[data.Length + 12];
        BinaryPrimitives.WriteUInt32BigEndian(buffer, (uint)data.Length);
        typeBytes.CopyTo(buffer, 4);
        data.CopyTo(buffer, 8);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(data.Length + 8), Crc32.Compute(typeBytes, data));
        return buffer;
    }
}
