using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using OpenFn.Adaptors.Common;
using OpenFn.Adaptors.Progres;
using OpenFn.Adaptors.Tests.Support;

namespace OpenFn.Adaptors.Tests.Progres;

/// <summary>
/// Mutual TLS to DTP against a real TLS server on loopback that requires a client certificate: the certificate from the
/// credential (PEM text, PEM files, PFX file, base64 PFX) is presented, and no part of it reaches a log or an error.
/// </summary>
public class ProgresTlsTests
{
    private const string SubscriptionKey = "dtp-tls-subscription-key";
    private const string Passphrase = "pfx-Passphrase-77";

    private static readonly X509Certificate2 Server = SelfSigned("CN=127.0.0.1", server: true);
    private static readonly X509Certificate2 Client = SelfSigned("CN=openfn-unicef-gambella", server: false);

    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("progres-tls-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    private static IEnumerable<TestCaseData> CertificateForms()
    {
        yield return new TestCaseData("pem").SetName("Client certificate as PEM text");
        yield return new TestCaseData("pem-files").SetName("Client certificate as PEM files");
        yield return new TestCaseData("pfx-file").SetName("Client certificate as a PFX file");
        yield return new TestCaseData("pfx-base64").SetName("Client certificate as base64 PFX");
    }

    [TestCaseSource(nameof(CertificateForms))]
    public async Task The_client_certificate_is_presented_to_the_server(string form)
    {
        await using var server = new MutualTlsServer(Server);
        var configuration = Configuration(server.Url, form);
        var harness = new AdaptorHarness();

        var (result, error) = await Send(harness, configuration);

        Assert.That(error, Is.Null, error?.Message);
        Assert.That(server.ClientThumbprint, Is.EqualTo(Client.Thumbprint));
        Assert.That(server.RequestHead, Does.StartWith("POST /primero-uat/ReceiveDecisionOutgoingReferral HTTP/1.1"));
        Assert.That(server.RequestHead, Does.Contain("Ocp-Apim-Subscription-Key: " + SubscriptionKey));
        Assert.That(result!["data"]!["status"]!.GetValue<string>(), Is.EqualTo("received"));
        Assert.That(harness.Logger.Lines, Has.Some.StartsWith("DTP client certificate CN=openfn-unicef-gambella, valid until "));
        AssertNoSecrets(harness, configuration, error);
    }

    [Test]
    public async Task Without_the_ca_the_private_server_certificate_is_not_trusted()
    {
        await using var server = new MutualTlsServer(Server);
        var configuration = Configuration(server.Url, "pem");
        configuration.Remove("ca");
        var harness = new AdaptorHarness();

        var (_, error) = await Send(harness, configuration);

        Assert.That(error!.Message, Does.StartWith($"POST {server.Url}/ReceiveDecisionOutgoingReferral failed:"));
        Assert.That(server.RequestHead, Is.Empty, "nothing was sent to an untrusted server");
        AssertNoSecrets(harness, configuration, error);
    }

    [Test]
    public async Task A_wrong_passphrase_or_unreadable_certificate_is_a_clear_error_without_the_secret()
    {
        var harness = new AdaptorHarness();
        var wrongPassphrase = Configuration("https://127.0.0.1:9", "pfx-base64");
        wrongPassphrase["passphrase"] = "not-the-passphrase";
        var notPem = Configuration("https://127.0.0.1:9", "pem");
        notPem["cert"] = "/no/such/file.pem";

        var (_, passphraseError) = await Send(harness, wrongPassphrase);
        var (_, pemError) = await Send(harness, notPem);

        Assert.That(passphraseError!.Message, Does.StartWith("progres: the client certificate in the credential's 'pfx' cannot be loaded:"));
        Assert.That(pemError!.Message, Is.EqualTo("progres: the credential's 'cert' is neither PEM text nor the path of a readable file"));
        Assert.That(harness.Requests, Is.Empty);
        AssertNoSecrets(harness, wrongPassphrase, passphraseError);
        AssertNoSecrets(harness, notPem, pemError);
    }

    private static async Task<(JsonNode? Result, AdaptorException? Error)> Send(AdaptorHarness harness, JsonObject configuration)
    {
        var context = new AdaptorContext
        {
            Logger = harness.Logger,
            Scrubber = SecretScrubber.FromConfigurations(configuration),
            Http = new HttpTransportOptions { MaxRetries = 0, RequestTimeout = TimeSpan.FromSeconds(20) },
        };
        await using var session = new ProgresAdaptor().Resolve(null).OpenSession(context);
        try
        {
            var message = new JsonObject { ["progres_interventionnumber"] = "803-25-PRTITV-1000123", ["case_id"] = "d41e8b0a" };
            return (await session.InvokeAsync("sendSuccessNotification", new JsonArray(message), configuration, CancellationToken.None), null);
        }
        catch (AdaptorException error)
        {
            return (null, error);
        }
    }

    private JsonObject Configuration(string url, string form)
    {
        var configuration = new JsonObject
        {
            ["url"] = url,
            ["subscriptionKey"] = SubscriptionKey,
            ["ca"] = Server.ExportCertificatePem(),
        };
        var certPem = Client.ExportCertificatePem();
        var keyPem = Client.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem();
        var pfx = Client.Export(X509ContentType.Pkcs12, Passphrase);
        switch (form)
        {
            case "pem":
                configuration["cert"] = certPem;
                configuration["key"] = keyPem;
                break;
            case "pem-files":
                configuration["cert"] = Write("client.crt", Encoding.ASCII.GetBytes(certPem));
                configuration["key"] = Write("client.key", Encoding.ASCII.GetBytes(keyPem));
                break;
            case "pfx-file":
                configuration["pfx"] = Write("client.pfx", pfx);
                configuration["passphrase"] = Passphrase;
                break;
            case "pfx-base64":
                configuration["pfx"] = Convert.ToBase64String(pfx);
                configuration["passphrase"] = Passphrase;
                break;
        }
        return configuration;
    }

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static void AssertNoSecrets(AdaptorHarness harness, JsonObject configuration, AdaptorException? error)
    {
        var text = harness.Logger.AllText + error?.Message + error?.Details?.ToJsonString();
        Assert.That(text, Does.Not.Contain(SubscriptionKey).And.Not.Contain(Passphrase).And.Not.Contain("BEGIN"));
        foreach (var key in new[] { "pfx", "key" })
        {
            if (configuration[key]?.GetValue<string>() is { } value && !value.StartsWith('/'))
                Assert.That(text, Does.Not.Contain(value[..Math.Min(60, value.Length)]));
        }
        var keyBody = Client.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem().Split('\n')[1];
        Assert.That(text, Does.Not.Contain(keyBody));
    }

    private static X509Certificate2 SelfSigned(string subject, bool server)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, false));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        }
        else
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        }
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
    }

    /// <summary>An HTTPS server for one request that demands a client certificate and records it.</summary>
    private sealed class MutualTlsServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Task _serving;
        private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(30));

        public MutualTlsServer(X509Certificate2 certificate)
        {
            _listener.Start();
            _serving = ServeAsync(certificate);
        }

        public string Url => $"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/primero-uat";

        public string? ClientThumbprint { get; private set; }

        public string RequestHead { get; private set; } = "";

        private async Task ServeAsync(X509Certificate2 certificate)
        {
            try
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                await using var tls = new SslStream(client.GetStream());
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = certificate,
                    ClientCertificateRequired = true,
                    RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null,
                }, _stop.Token);
                ClientThumbprint = tls.RemoteCertificate?.GetCertHashString();
                var buffer = new byte[16384];
                var received = new StringBuilder();
                while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await tls.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                        return;
                    received.Append(Encoding.UTF8.GetString(buffer, 0, read));
                }
                RequestHead = received.ToString();
                var body = """{"status":"received","correlationId":"tls-1"}""";
                var response = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";
                await tls.WriteAsync(Encoding.ASCII.GetBytes(response), _stop.Token);
                await tls.FlushAsync(_stop.Token);
            }
            catch (Exception e) when (e is IOException or AuthenticationException or OperationCanceledException or SocketException)
            {
                // The client gave up (untrusted server certificate) or the test ended.
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _serving;
            _stop.Dispose();
        }
    }
}
