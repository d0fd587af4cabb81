using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenFn.Adaptors.Common;
using OpenFn.Adaptors.Http.Transport;

namespace OpenFn.Adaptors.Http.Current;

/// <summary>
/// language-common's <c>parseUrl</c>: an absolute URL must share the <c>baseUrl</c>'s origin; a relative path is
/// POSIX-joined to the <c>baseUrl</c> (a leading <c>/</c> does not drop the base path; <c>..</c> is resolved).
/// </summary>
internal sealed partial record RequestUrl(string Url, string UrlWithoutQuery, List<KeyValuePair<string, string>> Query)
{
    [GeneratedRegex("https?://")]
    private static partial Regex AbsoluteUrlPattern();

    public static bool IsAbsolute(string path) => AbsoluteUrlPattern().IsMatch(path);

    public static RequestUrl Resolve(string pathOrUrl, string? baseUrl)
    {
        Uri full;
        if (IsAbsolute(pathOrUrl))
        {
            full = Parse(pathOrUrl);
            if (!string.IsNullOrEmpty(baseUrl))
            {
                var origin = Parse(baseUrl);
                if (!string.Equals(full.GetLeftPart(UriPartial.Authority), origin.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
                {
                    throw new AdaptorException(
                        $"BASE_URL_MISMATCH: Target origin does not match baseUrl origin ({pathOrUrl} is not under {baseUrl}); use a relative path",
                        new JsonObject { ["code"] = "BASE_URL_MISMATCH", ["target"] = pathOrUrl, ["baseUrl"] = baseUrl });
                }
            }
        }
        else
        {
            full = Parse(PosixJoin(baseUrl ?? "", pathOrUrl));
        }
        var url = full.AbsoluteUri;
        var withoutQuery = full.GetLeftPart(UriPartial.Path);
        return new RequestUrl(url, withoutQuery, QueryStrings.Parse(full.Query));
    }

    private static Uri Parse(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new AdaptorException($"Invalid URL: {url}", new JsonObject { ["code"] = "ERR_INVALID_URL", ["url"] = url });

    /// <summary><c>path.posix.join(base, path)</c> then the WHATWG reading of <c>https:/host/…</c>.</summary>
    private static string PosixJoin(string baseUrl, string path)
    {
        var joined = baseUrl + "/" + path;
        var absolute = joined.StartsWith('/');
        var segments = new List<string>();
        foreach (var segment in joined.Split('/'))
        {
            if (segment is "" or ".")
                continue;
            if (segment == "..")
            {
                if (segments.Count > 0 && segments[^1] != "..")
                    segments.RemoveAt(segments.Count - 1);
                else if (!absolute)
                    segments.Add("..");
                continue;
            }
            segments.Add(segment);
        }
        var normalized = (absolute ? "/" : "") + string.Join('/', segments) + (joined.EndsWith('/') && segments.Count > 0 ? "/" : "");
        var scheme = Regex.Match(normalized, "^(https?):/(?!/)");
        return scheme.Success ? scheme.Groups[1].Value + "://" + normalized[scheme.Length..] : normalized;
    }
}
