using System.IO.Compression;

namespace OpenFn.Adaptors.Http.Transport;

/// <summary>Undoes <c>Content-Encoding: gzip / deflate / br</c> so every handler (network or test) yields plain bytes.</summary>
internal static class ContentDecoding
{
    public static byte[] Decode(byte[] raw, List<KeyValuePair<string, string>> headers)
    {
        var encoding = headers.FirstOrDefault(h => h.Key == "content-encoding").Value?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(encoding) || encoding == "identity" || raw.Length == 0)
            return raw;
        byte[] decoded;
        switch (encoding)
        {
            case "gzip":
            case "x-gzip":
                decoded = Inflate(new GZipStream(new MemoryStream(raw), CompressionMode.Decompress));
                break;
            case "deflate":
                decoded = LooksLikeZlib(raw)
                    ? Inflate(new ZLibStream(new MemoryStream(raw), CompressionMode.Decompress))
                    : Inflate(new DeflateStream(new MemoryStream(raw), CompressionMode.Decompress));
                break;
            case "br":
                decoded = Inflate(new BrotliStream(new MemoryStream(raw), CompressionMode.Decompress));
                break;
            default:
                return raw;
        }
        headers.RemoveAll(h => h.Key is "content-encoding" or "content-length");
        return decoded;
    }

    private static bool LooksLikeZlib(byte[] raw) => raw.Length >= 2 && (raw[0] & 0x0F) == 8 && ((raw[0] << 8) | raw[1]) % 31 == 0;

    private static byte[] Inflate(Stream stream)
    {
        using (stream)
        {
            using var output = new MemoryStream();
            stream.CopyTo(output);
            return output.ToArray();
        }
    }
}
