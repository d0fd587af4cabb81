using System.Text.Json.Nodes;

namespace OpenFn.Adaptors.Common;

/// <summary>
/// A failure inside an adaptor (an HTTP error status, a rejected login, a bad argument). The runtime rethrows it
/// inside the job as a JavaScript error (so a job's <c>.catch</c> can handle it) and, if uncaught, reports it as
/// OpenFn's <c>AdaptorError</c> with <see cref="Details"/>. Message and details must already be free of secrets.
/// </summary>
public class AdaptorException(string message, JsonObject? details = null, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>Serializable facts about the failure, e.g. <c>statusCode</c>, <c>url</c>, <c>method</c>, <c>body</c> (an excerpt).</summary>
    public JsonObject? Details { get; } = details;
}
