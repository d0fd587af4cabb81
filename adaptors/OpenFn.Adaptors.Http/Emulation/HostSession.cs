using System.Text.Json.Nodes;
using OpenFn.Adaptors.Common;
using OpenFn.Adaptors.Http.Transport;

namespace OpenFn.Adaptors.Http.Emulation;

/// <summary>
/// Base of every adaptor session: routes <c>host.invoke(name, …)</c> to a named handler, registers each call's
/// configuration with the scrubber, and owns the HTTP transport.
/// </summary>
public abstract class HostSession : IAdaptorSession
{
    public delegate Task<JsonNode?> Handler(JsonArray args, JsonObject configuration, CancellationToken cancellationToken);

    private readonly Dictionary<string, Handler> _handlers = new(StringComparer.Ordinal);
    private string? _scrubbedConfiguration;

    protected HostSession(AdaptorContext context)
    {
        Context = context;
        Transport = new HttpTransport(context);
    }

    protected AdaptorContext Context { get; }

    protected HttpTransport Transport { get; }

    /// <summary>Short name for messages, e.g. <c>http</c> or <c>primero</c>.</summary>
    protected abstract string AdaptorName { get; }

    protected void On(string name, Handler handler) => _handlers[name] = handler;

    public async Task<JsonNode?> InvokeAsync(string name, JsonArray args, JsonObject? configuration, CancellationToken cancellationToken)
    {
        if (!_handlers.TryGetValue(name, out var handler))
            throw new AdaptorException($"{AdaptorName}: unknown host operation '{name}'");
        configuration ??= [];
        var configurationText = configuration.ToJsonString();
        if (configurationText != _scrubbedConfiguration)
        {
            Transport.AddSecrets(configuration);
            _scrubbedConfiguration = configurationText;
        }
        return await handler(args, configuration, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        Transport.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    protected static JsonNode? Arg(JsonArray args, int index) => index < args.Count ? args[index] : null;

    /// <summary>A required configuration string, with a clear message naming the key when it is missing.</summary>
    protected string RequiredSetting(JsonObject configuration, params string[] keys)
    {
        foreach (var key in keys)
        {
            var value = JsValues.GetString(configuration, key);
            if (!string.IsNullOrWhiteSpace(value))
                return value;
        }
        throw new AdaptorException($"{AdaptorName}: the credential (state.configuration) has no '{keys[0]}'");
    }
}
