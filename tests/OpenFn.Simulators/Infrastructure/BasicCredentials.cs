using System.Text;

namespace OpenFn.Simulators.Infrastructure;

/// <summary>HTTP Basic credentials.</summary>
public static class BasicCredentials
{
    /// <summary>User and password of an <c>Authorization: Basic …</c> header value, or nulls.</summary>
    public static (string? User, string? Password) Decode(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return (null, null);
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
            var colon = text.IndexOf(':');
            return colon < 0 ? (null, null) : (text[..colon], text[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return (null, null);
        }
    }
}
