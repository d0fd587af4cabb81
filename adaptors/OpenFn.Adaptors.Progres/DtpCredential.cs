using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using OpenFn.Adaptors.Common;
using OpenFn.Adaptors.Http.Transport;

namespace OpenFn.Adaptors.Progres;

/// <summary>
/// The DTP credential: <c>url</c> (the APIM API, e.g. <c>https://…azure-api.net/primero-uat</c>; the operation name is
/// appended); <c>subscriptionKey</c> (or the original jobs'
/// <c>Ocp-Apim-Subscription-Key</c>); and an optional client certificate for mutual TLS, in node's TLS option names:
/// <c>cert</c> + <c>key</c> (PEM text or a file path; <c>passphrase</c> for an encrypted key) or <c>pfx</c> (a file path or
/// base64 PKCS#12; <c>passphrase</c>), plus <c>ca</c> (PEM text or a file path) to trust a private server CA.
/// No value of it ever appears in a message.
/// </summary>
internal sealed class DtpCredential
{
    private readonly JsonObject _configuration;

    public DtpCredential(JsonObject configuration) => _configuration = configuration;

    public string SubscriptionKey =>
        Setting("subscriptionKey") ?? Setting("Ocp-Apim-Subscription-Key")
        ?? throw new AdaptorException("progres: the credential (state.configuration) has no 'subscriptionKey' (the Ocp-Apim-Subscription-Key of the DTP APIM)");

    public string Url(DtpOperation operation)
    {
        var api = Setting("url") ?? Setting("baseUrl")
            ?? throw new AdaptorException("progres: the credential (state.configuration) has no 'url' (the DTP API, e.g. https://apim.example.org/primero-uat)");
        return api.TrimEnd('/') + "/" + operation;
    }

    public bool HasClientCertificate => Setting("pfx") is not null || Setting("cert") is not null;

    /// <summary>The client certificate with its private key, from <c>pfx</c> or <c>cert</c> + <c>key</c>.</summary>
    public X509Certificate2 ClientCertificate()
    {
        var passphrase = Setting("passphrase");
        if (Setting("pfx") is { } pfx)
        {
            var bytes = File.Exists(pfx) ? ReadFile(pfx, "pfx") : FromBase64(pfx);
            return Load("pfx", () => X509CertificateLoader.LoadPkcs12(bytes, passphrase));
        }
        var certPem = Pem(Setting("cert")!, "cert");
        var keyPem = Setting("key") is { } key ? Pem(key, "key") : certPem;
        var certificate = Load("cert/key", () => passphrase is null
            ? X509Certificate2.CreateFromPem(certPem, keyPem)
            : X509Certificate2.CreateFromEncryptedPem(certPem, keyPem, passphrase));
        if (!certificate.HasPrivateKey)
            throw new AdaptorException("progres: the credential's 'cert' has no private key; add 'key' (PEM)");
        // A key read from PEM is ephemeral; a PKCS#12 round trip gives one every platform's TLS stack can use.
        using (certificate)
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Extra server certificate authorities from <c>ca</c>, or null.</summary>
    public X509Certificate2Collection? TrustedAuthorities()
    {
        if (Setting("ca") is not { } ca)
            return null;
        var collection = new X509Certificate2Collection();
        Load("ca", () =>
        {
            collection.ImportFromPem(Pem(ca, "ca"));
            return collection.Count > 0 ? collection[0] : throw new CryptographicException("no certificate in it");
        });
        return collection;
    }

    private string? Setting(string key) => JsValues.GetString(_configuration, key) is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    /// <summary>PEM text as given, or the content of the file it names.</summary>
    private static string Pem(string value, string key) =>
        value.Contains("-----BEGIN", StringComparison.Ordinal) ? value
        : File.Exists(value) ? System.Text.Encoding.UTF8.GetString(ReadFile(value, key))
        : throw new AdaptorException($"progres: the credential's '{key}' is neither PEM text nor the path of a readable file");

    private static byte[] ReadFile(string path, string key)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AdaptorException($"progres: the file named by the credential's '{key}' cannot be read ({e.GetType().Name})");
        }
    }

    private static byte[] FromBase64(string value)
    {
        try
        {
            return Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            throw new AdaptorException("progres: the credential's 'pfx' is neither the path of a readable file nor base64 PKCS#12 data");
        }
    }

    private static T Load<T>(string key, Func<T> load)
    {
        try
        {
            return load();
        }
        catch (CryptographicException e)
        {
            // The exception text describes the failure (wrong password, bad data), never the data itself.
            throw new AdaptorException($"progres: the client certificate in the credential's '{key}' cannot be loaded: {e.Message}");
        }
    }
}
