using System.Globalization;

namespace OpenFn.Adaptors.Http.Legacy;

/// <summary>
/// A small tough-cookie-like jar: stores <c>Set-Cookie</c> values per domain/path, and returns the cookies that match a
/// URL in tough-cookie's <c>toString()</c> form (attributes included, as legacy language-http sent them).
/// </summary>
public sealed class CookieJar(TimeProvider clock)
{
    private readonly List<StoredCookie> _cookies = [];

    /// <summary>Stores one <c>Set-Cookie</c> header value set by <paramref name="url"/>; returns <c>name=value</c>, or null if rejected.</summary>
    public string? Store(string setCookie, Uri url)
    {
        var cookie = StoredCookie.Parse(setCookie, url, clock.GetUtcNow());
        if (cookie is null)
            return null;
        _cookies.RemoveAll(c => c.Name == cookie.Name && c.Domain == cookie.Domain && c.Path == cookie.Path);
        if (cookie.IsExpired(clock.GetUtcNow()))
            return cookie.CookieString;
        _cookies.Add(cookie);
        return cookie.CookieString;
    }

    /// <summary>Cookies to send to <paramref name="url"/>, longest path first, each with its attributes.</summary>
    public IReadOnlyList<string> CookiesFor(Uri url)
    {
        var now = clock.GetUtcNow();
        _cookies.RemoveAll(c => c.IsExpired(now));
        return _cookies.Where(c => c.Matches(url))
            .OrderByDescending(c => c.Path.Length)
            .ThenBy(c => c.Created)
            .Select(c => c.ToString())
            .ToList();
    }

    /// <summary><c>name=value</c> pairs for <paramref name="url"/> (a normal <c>Cookie</c> header).</summary>
    public string CookieHeader(Uri url) =>
        string.Join("; ", _cookies.Where(c => c.Matches(url) && !c.IsExpired(clock.GetUtcNow())).Select(c => c.CookieString));

    private sealed record StoredCookie(
        string Name, string Value, string Domain, bool HostOnly, string Path, DateTimeOffset? Expires, long? MaxAge,
        bool Secure, bool HttpOnly, string? SameSite, IReadOnlyList<string> Extensions, DateTimeOffset Created)
    {
        public string CookieString => Name + "=" + Value;

        public static StoredCookie? Parse(string header, Uri url, DateTimeOffset now)
        {
            var parts = header.Split(';');
            var nameValue = parts[0].Trim();
            var equals = nameValue.IndexOf('=');
            if (equals <= 0)
                return null;
            var name = nameValue[..equals].Trim();
            var value = nameValue[(equals + 1)..].Trim();
            string? domain = null;
            string? path = null;
            DateTimeOffset? expires = null;
            long? maxAge = null;
            bool secure = false, httpOnly = false;
            string? sameSite = null;
            var extensions = new List<string>();
            foreach (var attribute in parts.Skip(1))
            {
                var trimmed = attribute.Trim();
                if (trimmed.Length == 0)
                    continue;
                var eq = trimmed.IndexOf('=');
                var key = (eq < 0 ? trimmed : trimmed[..eq]).Trim().ToLowerInvariant();
                var val = eq < 0 ? "" : trimmed[(eq + 1)..].Trim();
                switch (key)
                {
                    case "domain" when val.Length > 0:
                        domain = val.TrimStart('.').ToLowerInvariant();
                        break;
                    case "path" when val.StartsWith('/'):
                        path = val;
                        break;
                    case "expires" when DateTimeOffset.TryParse(val, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date):
                        expires = date;
                        break;
                    case "max-age" when long.TryParse(val, out var seconds):
                        maxAge = seconds;
                        break;
                    case "secure":
                        secure = true;
                        break;
                    case "httponly":
                        httpOnly = true;
                        break;
                    case "samesite":
                        sameSite = val.ToLowerInvariant();
                        break;
                    default:
                        extensions.Add(trimmed);
                        break;
                }
            }
            var host = url.Host.ToLowerInvariant();
            if (domain is not null && domain != host && !host.EndsWith("." + domain, StringComparison.Ordinal))
                return null;
            return new StoredCookie(name, value, domain ?? host, domain is null, path ?? DefaultPath(url.AbsolutePath),
                expires, maxAge, secure, httpOnly, sameSite, extensions, now);
        }

        private static string DefaultPath(string requestPath)
        {
            if (!requestPath.StartsWith('/'))
                return "/";
            var lastSlash = requestPath.LastIndexOf('/');
            return lastSlash == 0 ? "/" : requestPath[..lastSlash];
        }

        public bool IsExpired(DateTimeOffset now) =>
            MaxAge is { } maxAge ? maxAge <= 0 || Created.AddSeconds(maxAge) <= now : Expires is { } expires && expires <= now;

        public bool Matches(Uri url)
        {
            var host = url.Host.ToLowerInvariant();
            var domainOk = HostOnly ? host == Domain : host == Domain || host.EndsWith("." + Domain, StringComparison.Ordinal);
            var requestPath = url.AbsolutePath;
            var pathOk = requestPath == Path
                         || (requestPath.StartsWith(Path, StringComparison.Ordinal) && (Path.EndsWith('/') || requestPath[Path.Length] == '/'));
            return domainOk && pathOk && (!Secure || url.Scheme == Uri.UriSchemeHttps);
        }

        /// <summary>tough-cookie's <c>Cookie.toString()</c>.</summary>
        public override string ToString()
        {
            var text = CookieString;
            if (Expires is { } expires)
                text += "; Expires=" + expires.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture);
            if (MaxAge is { } maxAge)
                text += "; Max-Age=" + maxAge.ToString(CultureInfo.InvariantCulture);
            if (!HostOnly)
                text += "; Domain=" + Domain;
            text += "; Path=" + Path;
            if (Secure)
                text += "; Secure";
            if (HttpOnly)
                text += "; HttpOnly";
            if (SameSite is { } sameSite && sameSite != "none")
                text += "; SameSite=" + (sameSite switch { "strict" => "Strict", "lax" => "Lax", _ => sameSite });
            foreach (var extension in Extensions)
                text += "; " + extension;
            return text;
        }
    }
}
