using System.Text.Json.Nodes;
using OpenFn.Adaptors.Common;
using OpenFn.Adaptors.Http.Emulation;
using OpenFn.Adaptors.Http.Transport;

namespace OpenFn.Adaptors.Progres;

/// <summary>
/// UNHCR's Data Transfer Platform (system-apis §3): the four outgoing messages, posted as JSON to the two APIM
/// operations with the <c>Ocp-Apim-Subscription-Key</c> header and, when the credential has one, a client certificate;
/// and the two incoming messages read and validated. Any 2xx answer is success (DTP's bodies are not specified).
/// </summary>
internal sealed class ProgresSession : HostSession
{
    private bool _tlsConfigured;

    public ProgresSession(AdaptorContext context) : base(context)
    {
        On("sendReferral", (args, configuration, ct) => SendAsync(OutboundMessage.Referral, Arg(args, 0), configuration, ct));
        On("sendDecision", (args, configuration, ct) => SendAsync(OutboundMessage.Decision, Arg(args, 0), configuration, ct));
        On("sendSuccessNotification", (args, configuration, ct) => SendAsync(OutboundMessage.SuccessNotification, Arg(args, 0), configuration, ct));
        On("sendErrorNotification", (args, configuration, ct) => SendAsync(OutboundMessage.ErrorNotification, Arg(args, 0), configuration, ct));
        On("parseReferral", (args, _, _) => Task.FromResult<JsonNode?>(InboundMessages.ParseReferral(Arg(args, 0))));
        On("parseDecision", (args, _, _) => Task.FromResult<JsonNode?>(InboundMessages.ParseDecision(Arg(args, 0))));
        On("codes", (_, _, _) => Task.FromResult<JsonNode?>(ProgresCodes.ToJson()));
    }

    protected override string AdaptorName => "progres";

    /// <summary>Posts one message; the next state's data is DTP's answer (<c>{ status, correlationId }</c> on the simulator).</summary>
    private async Task<JsonNode?> SendAsync(OutboundMessage kind, JsonNode? fields, JsonObject configuration, CancellationToken cancellationToken)
    {
        var body = kind.Build(fields);
        var credential = new DtpCredential(configuration);
        var url = credential.Url(kind.Operation);
        var key = credential.SubscriptionKey;
        ConfigureTls(credential);

        var request = new TransportRequest(HttpMethod.Post, url) { Body = TransportRequest.TextBody(body.ToJsonString()) };
        request.Header("Ocp-Apim-Subscription-Key", key).Header("Content-Type", "application/json").Header("Accept", "application/json");
        var response = await Transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var about = Describe(kind, body);
        if (!response.IsSuccess)
        {
            var text = ErrorText(response);
            var message = $"DTP refused the {about}: POST {response.Url} returned {response.StatusCode} {StatusPhrases.For(response.StatusCode)}"
                          + (text.Length > 0 ? ": " + text : "");
            Transport.LogError(message);
            throw HttpFailures.StatusError(Transport, response, message);
        }
        Transport.LogInformation($"Sent the {about} to DTP ({kind.Operation}): {response.StatusCode} {StatusPhrases.For(response.StatusCode)}");
        var answer = JsValues.TryParse(response.BodyText, out var parsed);
        return new JsonObject { ["data"] = parsed ? answer?.DeepClone() : response.BodyText.Length > 0 ? response.BodyText : null };
    }

    /// <summary>Loads the client certificate once per session (the transport keeps its own connection pool for it).</summary>
    private void ConfigureTls(DtpCredential credential)
    {
        if (_tlsConfigured || !credential.HasClientCertificate)
            return;
        var certificate = credential.ClientCertificate();
        Transport.UseClientTls(certificate, credential.TrustedAuthorities());
        _tlsConfigured = true;
        Transport.LogInformation($"DTP client certificate {certificate.Subject}, valid until {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}");
        if (certificate.NotAfter.ToUniversalTime() < Context.Http.TimeProvider.GetUtcNow().UtcDateTime)
            Transport.LogWarning($"The DTP client certificate expired on {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}; DTP will likely refuse it");
    }

    private static string Describe(OutboundMessage kind, JsonObject body) =>
        kind == OutboundMessage.Referral
            ? $"referral {JsValues.GetString(body, "id")}"
            : $"{kind.Kind} for intervention {JsValues.GetString(body, "progres_interventionnumber")}";

    /// <summary>APIM's <c>{statusCode, message}</c>, the gateway's <c>{status, message}</c>, or a body excerpt.</summary>
    private static string ErrorText(TransportResponse response)
    {
        var json = JsValues.TryParse(response.BodyText, out var parsed);
        if (parsed && JsValues.GetString(json, "message") is { Length: > 0 } message)
            return message;
        return HttpFailures.Summary(response);
    }
}
