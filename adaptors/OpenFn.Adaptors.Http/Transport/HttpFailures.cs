using System.Text.Json.Nodes;
using OpenFn.Adaptors.Common;

namespace OpenFn.Adaptors.Http.Transport;

/// <summary>Turns an HTTP error response into an <see cref="AdaptorException"/> whose message and details are scrubbed.</summary>
public static class HttpFailures
{
    /// <summary>Longest response body kept in an error (characters).</summary>
    public const int BodyExcerptLength = 2000;

    public static AdaptorException StatusError(HttpTransport transport, TransportResponse response, string message, JsonObject? extra = null)
    {
        var details = new JsonObject
        {
            ["statusCode"] = response.StatusCode,
            ["statusMessage"] = StatusPhrases.For(response.StatusCode),
            ["url"] = transport.Scrub(response.Url),
            ["method"] = response.Method,
            ["duration"] = (long)response.Duration.TotalMilliseconds,
            ["body"] = transport.Scrubber.Scrub(BodyForDetails(response)),
        };
        foreach (var (key, value) in extra ?? [])
            details[key] = transport.Scrubber.Scrub(value);
        return new AdaptorException(transport.Scrub(message), details);
    }

    /// <summary>The body as JSON when it is short JSON, otherwise a text excerpt (null when empty).</summary>
    public static JsonNode? BodyForDetails(TransportResponse response)
    {
        if (response.Body.Length == 0)
            return null;
        var text = response.BodyText;
        if (text.Length <= BodyExcerptLength)
        {
            var json = JsValues.TryParse(text, out var parsed);
            return parsed ? json : JsonValue.Create(text);
        }
        return JsonValue.Create(Excerpt(text));
    }

    public static string Excerpt(string text) =>
        text.Length <= BodyExcerptLength ? text : text[..BodyExcerptLength] + $"… ({text.Length} characters)";

    /// <summary>A one-line summary of an error body for messages: the JSON error text when there is one, else an excerpt.</summary>
    public static string Summary(TransportResponse response, int maxLength = 300)
    {
        var text = response.BodyText.Trim();
        if (text.Length == 0)
            return "";
        if (text.StartsWith('<'))
            return "(an HTML page)";
        var oneLine = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
        return oneLine.Length <= maxLength ? oneLine : oneLine[..maxLength] + "…";
    }
}
