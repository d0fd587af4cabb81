using System.Security.Cryptography;
using System.Text;

namespace OpenFn.Runner.Deploy;

/// <summary>
/// GitHub's webhook signature: <c>X-Hub-Signature-256: sha256=&lt;hex HMAC-SHA256 of the raw body, keyed with the
/// webhook secret&gt;</c> (Gitea and Forgejo send the same header). Compared in constant time.
/// </summary>
public static class PushSignature
{
    public const string Header = "X-Hub-Signature-256";
    private const string Prefix = "sha256=";

    public static string Sign(string secret, byte[] body) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Whether <paramref name="header"/> is the signature of <paramref name="body"/> with <paramref name="secret"/>.</summary>
    public static bool IsValid(string secret, byte[] body, string? header)
    {
        if (header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            return false;
        byte[] given;
        try
        {
            given = Convert.FromHexString(header.AsSpan(Prefix.Length).Trim());
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body), given);
    }
}
