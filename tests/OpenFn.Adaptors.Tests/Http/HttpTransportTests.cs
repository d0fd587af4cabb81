using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using OpenFn.Adaptors.Common;
using OpenFn.Adaptors.Http.Transport;
using OpenFn.Adaptors.Tests.Support;
using RichardSzalay.MockHttp;

namespace OpenFn.Adaptors.Tests.Http;

/// <summary>Retries, Retry-After, timeouts and connection failures of the shared transport.</summary>
public class HttpTransportTests
{
    private static readonly JsonObject Credential = new() { ["password"] = "s3cr3t-pass" };

    private static async Task<TransportResponse> Send(AdaptorHarness harness, HttpMethod method, string url = "https://h.example.org/x")
    {
        using var transport = new HttpTransport(harness.Context(Credential));
        return await transport.SendAsync(new TransportRequest(method, url) { Body = method == HttpMethod.Get ? null : TransportRequest.TextBody("{}") },
            CancellationToken.None);
    }

    private static HttpResponseMessage Status(HttpStatusCode status, string? retryAfter = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent("busy") };
        if (retryAfter is not null)
            response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        return response;
    }

    [Test]
    public async Task A_503_on_get_is_retried_with_exponential_backoff_until_it_succeeds()
    {
        var harness = new AdaptorHarness();
        harness.Mock.Expect("https://h.example.org/x").Respond(_ => Status(HttpStatusCode.ServiceUnavailable));
        harness.Mock.Expect("https://h.example.org/x").Respond(_ => Status(HttpStatusCode.BadGateway));
        harness.Mock.Expect("https://h.example.org/x").Respond("application/json", "{}");

        var response = await Send(harness, HttpMethod.Get);

        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(harness.Requests, Has.Count.EqualTo(3));
        Assert.That(harness.Clock.Delays, Is.EqualTo(new[] { TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200) }));
        Assert.That(harness.Logger.Lines[0], Is.EqualTo("GET https://h.example.org/x returned 503; retry 1 of 3 in 0.1 s"));
        harness.Mock.VerifyNoOutstandingExpectation();
    }

    [Test]
    public async Task Retry_after_in_seconds_and_as_an_http_date_sets_the_delay()
    {
        var harness = new AdaptorHarness();
        var date = harness.Clock.Now.AddSeconds(7).ToString("R");
        harness.Mock.Expect("https://h.example.org/x").Respond(_ => Status(HttpStatusCode.TooManyRequests, "3"));
        harness.Mock.Expect("https://h.example.org/x").Respond(_ => Status(HttpStatusCode.ServiceUnavailable, date));
        harness.Mock.Expect("https://h.example.org/x").Respond("application/json", "{}");

        await Send(harness, HttpMethod.Get);

        Assert.That(harness.Clock.Delays, Is.EqualTo(new[] { TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(7) }));
    }

    [Test]
    public async Task After_the_last_retry_the_failing_response_is_returned_to_the_adaptor()
    {
        var harness = new AdaptorHarness { MaxRetries = 2 };
        harness.Mock.When("*").Respond(_ => Status(HttpStatusCode.GatewayTimeout));

        var response = await Send(harness, HttpMethod.Get);

        Assert.That(response.StatusCode, Is.EqualTo(504));
        Assert.That(harness.Requests, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task Post_is_not_retried_unless_the_step_opts_in()
    {
        var plain = new AdaptorHarness();
        plain.Mock.When("*").Respond(_ => Status(HttpStatusCode.ServiceUnavailable));
        var optedIn = new AdaptorHarness { RetryNonIdempotent = true, MaxRetries = 1 };
        optedIn.Mock.When("*").Respond(_ => Status(HttpStatusCode.ServiceUnavailable));

        await Send(plain, HttpMethod.Post);
        await Send(optedIn, HttpMethod.Post);

        Assert.That(plain.Requests, Has.Count.EqualTo(1));
        Assert.That(optedIn.Requests, Has.Count.EqualTo(2));
        Assert.That(optedIn.Bodies, Is.All.EqualTo("{}"), "each attempt carries the whole body");
    }

    [Test]
    public async Task A_client_error_is_not_retried()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When("*").Respond(_ => Status(HttpStatusCode.BadRequest));

        await Send(harness, HttpMethod.Get);

        Assert.That(harness.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_connection_reset_is_retried()
    {
        var harness = new AdaptorHarness();
        harness.Mock.Expect("*").Throw(new HttpRequestException("reset", new SocketException((int)SocketError.ConnectionReset)));
        harness.Mock.Expect("*").Respond("application/json", "{}");

        var response = await Send(harness, HttpMethod.Get);

        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(harness.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public void A_refused_connection_fails_with_a_clear_scrubbed_message()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When("*").Throw(new HttpRequestException("Connection refused (h.example.org:443)", new SocketException((int)SocketError.ConnectionRefused)));

        var error = Assert.ThrowsAsync<AdaptorException>(() => Send(harness, HttpMethod.Get, "https://h.example.org/x?key=s3cr3t-pass"));

        Assert.That(error!.Message, Does.StartWith("GET https://h.example.org/x?key=**** failed: "));
        Assert.That(error.Message, Does.Not.Contain("s3cr3t-pass"));
        Assert.That(harness.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public void A_request_slower_than_its_timeout_fails_with_the_timeout_in_the_message()
    {
        var harness = new AdaptorHarness { MaxRetries = 0 };
        harness.Mock.When("*").Respond(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10));
            return new HttpResponseMessage(HttpStatusCode.OK);
        });

        var error = Assert.ThrowsAsync<AdaptorException>(async () =>
        {
            using var transport = new HttpTransport(harness.Context(Credential));
            await transport.SendAsync(new TransportRequest(HttpMethod.Get, "https://h.example.org/slow") { Timeout = TimeSpan.FromMilliseconds(50) },
                CancellationToken.None);
        });

        Assert.That(error!.Message, Is.EqualTo("GET https://h.example.org/slow timed out after 0.05 s"));
    }

    [Test]
    public void Too_many_redirects_fail()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When("*").Respond(_ => new HttpResponseMessage(HttpStatusCode.Redirect) { Headers = { Location = new Uri("https://h.example.org/loop") } });

        var error = Assert.ThrowsAsync<AdaptorException>(() => Send(harness, HttpMethod.Get));

        Assert.That(error!.Message, Is.EqualTo("GET https://h.example.org/x: more than 5 redirects"));
        Assert.That(harness.Requests, Has.Count.EqualTo(6));
    }

    [Test]
    public async Task A_redirect_to_another_origin_drops_the_authorization_header()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When("https://h.example.org/x").Respond(_ => new HttpResponseMessage(HttpStatusCode.TemporaryRedirect) { Headers = { Location = new Uri("https://cdn.example.net/x") } });
        harness.Mock.When("https://cdn.example.net/x").Respond("application/json", "{}");

        using var transport = new HttpTransport(harness.Context(Credential));
        await transport.SendAsync(new TransportRequest(HttpMethod.Get, "https://h.example.org/x").Header("Authorization", "Basic abc"), CancellationToken.None);

        Assert.That(harness.Requests[0].HeaderValue("Authorization"), Is.EqualTo("Basic abc"));
        Assert.That(harness.Requests[1].HeaderValue("Authorization"), Is.Null);
    }
}
