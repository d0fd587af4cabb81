using System.Net;
using System.Text.Json.Nodes;
using OpenFn.Adaptors.Common;
using OpenFn.Adaptors.Progres;
using OpenFn.Adaptors.Tests.Support;
using RichardSzalay.MockHttp;

namespace OpenFn.Adaptors.Tests.Progres;

/// <summary>The four outgoing DTP messages (system-apis §3.2) through the session: wire format, validation, errors.</summary>
public class ProgresSessionTests
{
    private const string Api = "https://apim.example.org/primero-uat";
    private const string SubscriptionKey = "dtp-5ub5cr1pt10n-k3y-0042";
    private const string ReferralUrl = Api + "/ReceiveIncomingReferral";
    private const string DecisionUrl = Api + "/ReceiveDecisionOutgoingReferral";

    private static JsonObject Credential() => new() { ["url"] = Api + "/", ["subscriptionKey"] = SubscriptionKey };

    internal static async Task<(JsonNode? Result, AdaptorException? Error)> Run(AdaptorHarness harness, JsonObject configuration, string name, JsonNode? argument)
    {
        await using var session = harness.Open(new ProgresAdaptor(), null, configuration);
        try
        {
            return (await session.InvokeAsync(name, new JsonArray(argument?.DeepClone()), configuration, CancellationToken.None), null);
        }
        catch (AdaptorException error)
        {
            return (null, error);
        }
    }

    private static Task<(JsonNode? Result, AdaptorException? Error)> Run(AdaptorHarness harness, string name, JsonNode? argument) =>
        Run(harness, Credential(), name, argument);

    private static void ServeReceived(AdaptorHarness harness, string url) =>
        harness.Mock.When(HttpMethod.Post, url).Respond("application/json", """{"status":"received","correlationId":"c0ffee00-0000-4000-8000-000000000001"}""");

    private static JsonObject Referral()
    {
        var referral = Fixtures.Load("progres/primeroReferral__flow2-2.json").AsObject();
        referral["id"] = "e42ad90d-1083-413d-8229-1f61d3d70978#1c8d2e6f9a77";
        referral["service_type"] = "Alternative Care";
        return referral;
    }

    private static void AssertNoSecret(AdaptorHarness harness, AdaptorException? error)
    {
        var text = harness.Logger.AllText + error?.Message + error?.Details?.ToJsonString();
        Assert.That(text, Does.Not.Contain(SubscriptionKey));
    }

    [Test]
    public async Task A_referral_is_posted_to_ReceiveIncomingReferral_with_the_subscription_key_and_the_fields_as_given()
    {
        var harness = new AdaptorHarness();
        ServeReceived(harness, ReferralUrl);
        var referral = Referral();
        referral.Remove("request_type");

        var (result, error) = await Run(harness, "sendReferral", referral);

        Assert.That(error, Is.Null);
        Assert.That(harness.Requests.Select(r => r.Wire()), Is.EqualTo(new[] { "POST " + ReferralUrl }));
        var request = harness.Requests[0];
        Assert.That(request.HeaderValue("Ocp-Apim-Subscription-Key"), Is.EqualTo(SubscriptionKey));
        Assert.That(request.HeaderValue("Content-Type"), Is.EqualTo("application/json"));
        var expected = Referral();
        expected.Remove("request_type");
        expected["request_type"] = "ReceiveIncomingReferral";
        Assert.That(harness.Bodies[0], Is.EqualTo(expected.ToJsonString()), "fields in order, nulls kept, request_type added");
        Assert.That(result!["data"]!["status"]!.GetValue<string>(), Is.EqualTo("received"));
        Assert.That(harness.Logger.Lines, Does.Contain(
            "Sent the referral e42ad90d-1083-413d-8229-1f61d3d70978#1c8d2e6f9a77 to DTP (ReceiveIncomingReferral): 200 OK"));
    }

    [Test]
    public async Task A_decision_gets_its_request_type_and_a_default_closure_reason()
    {
        var harness = new AdaptorHarness();
        ServeReceived(harness, DecisionUrl);
        var decision = new JsonObject
        {
            ["case_id"] = "d41e8b0a-93a7-4c37-8f1e-5b20c6a7e3f9", ["primero_user"] = "progresv4_primero_intake",
            ["progres_interventionnumber"] = "803-25-PRTITV-1000123", ["status"] = "acknowledged",
        };

        var (_, error) = await Run(harness, "sendDecision", decision);

        Assert.That(error, Is.Null);
        Assert.That(harness.Requests.Select(r => r.Wire()), Is.EqualTo(new[] { "POST " + DecisionUrl }));
        Assert.That(harness.Bodies[0], Is.EqualTo(
            """{"case_id":"d41e8b0a-93a7-4c37-8f1e-5b20c6a7e3f9","primero_user":"progresv4_primero_intake","progres_interventionnumber":"803-25-PRTITV-1000123","status":"acknowledged","request_type":"ReceiveDecisionOutgoingReferral","closure_reason":"No reason specified."}"""));
    }

    [Test]
    public async Task The_success_notification_has_no_request_type_and_the_error_notification_is_Feedback()
    {
        var harness = new AdaptorHarness();
        ServeReceived(harness, DecisionUrl);
        var success = Fixtures.Load("progres/successNotificationToDTP.json");
        var failure = Fixtures.Load("progres/errorNotificationToDTP.json");

        var (_, successError) = await Run(harness, "sendSuccessNotification", success);
        var (_, failureError) = await Run(harness, "sendErrorNotification", new JsonObject
        {
            ["case_id"] = failure["case_id"]!.DeepClone(), ["primero_user"] = failure["primero_user"]!.DeepClone(),
            ["progres_interventionnumber"] = failure["progres_interventionnumber"]!.DeepClone(), ["closure_reason"] = failure["closure_reason"]!.DeepClone(),
        });

        Assert.That(successError, Is.Null);
        Assert.That(failureError, Is.Null);
        Assert.That(harness.Requests.Select(r => r.Wire()), Is.EqualTo(new[] { "POST " + DecisionUrl, "POST " + DecisionUrl }));
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(harness.Bodies[0]!), success), Is.True, harness.Bodies[0]);
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(harness.Bodies[1]!), failure), Is.True, harness.Bodies[1]);
        Assert.That(harness.Requests.Select(r => r.HeaderValue("Ocp-Apim-Subscription-Key")), Has.All.EqualTo(SubscriptionKey));
    }

    [Test]
    public async Task A_service_type_outside_the_four_agreed_is_refused_before_anything_is_sent()
    {
        var harness = new AdaptorHarness();
        var referral = Referral();
        referral["service_type"] = "Family Mediation Service";

        var (_, error) = await Run(harness, "sendReferral", referral);

        Assert.That(harness.Requests, Is.Empty);
        Assert.That(error!.Message, Is.EqualTo(
            "DTP message: referral e42ad90d-1083-413d-8229-1f61d3d70978#1c8d2e6f9a77: service type 'Family Mediation Service' is not one of "
            + "the four exchanged with UNHCR (Alternative Care, BIA, BID, Family Tracing and Reunification)"));
        Assert.That(error.Details!["code"]!.GetValue<string>(), Is.EqualTo("UNSUPPORTED_TYPE"));
        Assert.That(error.Details["field"]!.GetValue<string>(), Is.EqualTo("service_type"));
    }

    [TestCase("sendReferral", "id", "e42ad90d-1083-413d-8229-1f61d3d70978", "INVALID_FIELD",
        "DTP message: referral id 'e42ad90d-1083-413d-8229-1f61d3d70978' is not <Primero case_id>#<last 12 characters of the service unique_id>")]
    [TestCase("sendReferral", "id", null, "MISSING_FIELDS", "DTP referral is missing required fields: id")]
    [TestCase("sendReferral", "request_type", "Feedback", "INVALID_MESSAGE",
        "DTP message: request_type 'Feedback' does not belong to the referral (expected ReceiveIncomingReferral)")]
    public async Task A_malformed_referral_names_the_bad_field(string operation, string field, string? value, string code, string message)
    {
        var harness = new AdaptorHarness();
        var referral = Referral();
        referral[field] = value;

        var (_, error) = await Run(harness, operation, referral);

        Assert.That(harness.Requests, Is.Empty);
        Assert.That(error!.Message, Is.EqualTo(message));
        Assert.That(error.Details!["code"]!.GetValue<string>(), Is.EqualTo(code));
        Assert.That(error.Details["field"]!.GetValue<string>(), Is.EqualTo(field));
    }

    [Test]
    public async Task Notifications_and_decisions_refuse_a_status_that_is_not_theirs()
    {
        var harness = new AdaptorHarness();

        var (_, decision) = await Run(harness, "sendDecision", new JsonObject
        {
            ["case_id"] = "d41e8b0a", ["progres_interventionnumber"] = "803-25-PRTITV-1000123", ["status"] = "accepted",
        });
        var (_, notification) = await Run(harness, "sendErrorNotification", new JsonObject
        {
            ["progres_interventionnumber"] = "803-25-PRTITV-1000123", ["status"] = "Pending Acknowledgement", ["closure_reason"] = "x",
        });
        var (_, missing) = await Run(harness, "sendErrorNotification", new JsonObject { ["progres_interventionnumber"] = "803-25-PRTITV-1000123" });

        Assert.That(harness.Requests, Is.Empty);
        Assert.That(decision!.Message, Is.EqualTo("DTP message: status 'accepted' is not valid for the decision (expected acknowledged or rejected)"));
        Assert.That(notification!.Message, Is.EqualTo("DTP message: status 'Pending Acknowledgement' is not valid for the error notification (expected Delivery Fail)"));
        Assert.That(missing!.Message, Is.EqualTo("DTP error notification is missing required fields: closure_reason"));
    }

    [Test]
    public async Task An_apim_refusal_is_an_error_with_apims_message_and_without_the_key()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When(HttpMethod.Post, ReferralUrl).Respond(HttpStatusCode.Unauthorized, "application/json",
            """{"statusCode":401,"message":"Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription."}""");

        var (_, error) = await Run(harness, "sendReferral", Referral());

        Assert.That(error!.Message, Is.EqualTo(
            "DTP refused the referral e42ad90d-1083-413d-8229-1f61d3d70978#1c8d2e6f9a77: POST " + ReferralUrl
            + " returned 401 Unauthorized: Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription."));
        Assert.That(error.Details!["statusCode"]!.GetValue<int>(), Is.EqualTo(401));
        Assert.That(harness.Logger.Lines, Does.Contain(error.Message));
        AssertNoSecret(harness, error);
    }

    [Test]
    public async Task A_post_is_not_retried_on_429()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When(HttpMethod.Post, DecisionUrl).Respond(HttpStatusCode.TooManyRequests, "application/json",
            """{"statusCode":429,"message":"Rate limit is exceeded. Try again in 3 seconds."}""");

        var (_, error) = await Run(harness, "sendSuccessNotification", new JsonObject { ["progres_interventionnumber"] = "803-25-PRTITV-1000123" });

        Assert.That(harness.Requests, Has.Count.EqualTo(1), "a repeated POST could deliver the message twice");
        Assert.That(error!.Message, Does.EndWith("returned 429 Too Many Requests: Rate limit is exceeded. Try again in 3 seconds."));
    }

    [Test]
    public async Task A_credential_without_url_or_key_names_the_missing_setting()
    {
        var harness = new AdaptorHarness();

        var (_, noKey) = await Run(harness, new JsonObject { ["url"] = Api }, "sendReferral", Referral());
        var (_, noUrl) = await Run(harness, new JsonObject { ["subscriptionKey"] = SubscriptionKey }, "sendReferral", Referral());

        Assert.That(noKey!.Message, Is.EqualTo("progres: the credential (state.configuration) has no 'subscriptionKey' (the Ocp-Apim-Subscription-Key of the DTP APIM)"));
        Assert.That(noUrl!.Message, Does.StartWith("progres: the credential (state.configuration) has no 'url'"));
        Assert.That(harness.Requests, Is.Empty);
    }

    [Test]
    public async Task The_original_jobs_credential_key_name_is_accepted()
    {
        var harness = new AdaptorHarness();
        ServeReceived(harness, DecisionUrl);

        var (_, error) = await Run(harness, new JsonObject { ["url"] = Api, ["Ocp-Apim-Subscription-Key"] = SubscriptionKey },
            "sendSuccessNotification", new JsonObject { ["progres_interventionnumber"] = "803-25-PRTITV-1000123" });

        Assert.That(error, Is.Null);
        Assert.That(harness.Requests[0].HeaderValue("Ocp-Apim-Subscription-Key"), Is.EqualTo(SubscriptionKey));
        Assert.That(harness.Bodies[0], Is.EqualTo("""{"progres_interventionnumber":"803-25-PRTITV-1000123","status":"Pending Acknowledgement"}"""));
    }
}
