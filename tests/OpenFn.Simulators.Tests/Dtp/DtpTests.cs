using System.Text.Json.Nodes;
using OpenFn.Simulators.Dtp;
using OpenFn.Simulators.Infrastructure;

namespace OpenFn.Simulators.Tests.Dtp;

public sealed class DtpTests : SimulatorTestBase
{
    protected override SimulatorOptions CreateOptions() => new() { Systems = SimulatorSystems.Dtp | SimulatorSystems.Primero };

    private Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> Post(string operation, JsonNode body, string? key = SimulatorDefaults.DtpSubscriptionKey) =>
        SendAsync(HttpMethod.Post, new Uri(Sims.Dtp.BaseUrl, "primero-uat/" + operation), Json(body), r =>
        {
            if (key is not null) r.Headers.Add("Ocp-Apim-Subscription-Key", key);
        });

    [Test]
    public async Task The_four_outgoing_message_types_are_accepted_and_recorded()
    {
        var referral = await Post(DtpSimulator.ReceiveIncomingReferral, SharedFixtures.Json("progres/primeroReferral__flow2-2.json"));
        var decision = await Post(DtpSimulator.ReceiveDecisionOutgoingReferral, JsonNode.Parse("""
            {"case_id":"d41e8b0a-93a7-4c37-8f1e-5b20c6a7e3f9","primero_user":"progresv4_primero_intake@gambella.example.org",
             "progres_interventionnumber":"803-25-PRTITV-1000123","status":"acknowledged","closure_reason":"No reason specified.",
             "request_type":"ReceiveDecisionOutgoingReferral"}
            """)!);
        var success = await Post(DtpSimulator.ReceiveDecisionOutgoingReferral, SharedFixtures.Json("progres/successNotificationToDTP.json"));
        var failure = await Post(DtpSimulator.ReceiveDecisionOutgoingReferral, SharedFixtures.Json("progres/errorNotificationToDTP.json"));

        Assert.That(new[] { referral.Status, decision.Status, success.Status, failure.Status }, Has.All.EqualTo(200));
        Assert.That((string?)referral.Body!["status"], Is.EqualTo("received"));
        Assert.That(referral.Body["correlationId"], Is.Not.Null);
        Assert.That(Sims.Dtp.Messages.Select(m => m.Type), Is.EqualTo(new[]
        {
            DtpMessageType.Referral, DtpMessageType.Decision, DtpMessageType.SuccessNotification, DtpMessageType.ErrorNotification,
        }));
        Assert.That(JsonNode.DeepEquals(Sims.Dtp.MessagesOf(DtpMessageType.Referral).Single().Body, SharedFixtures.Json("progres/primeroReferral__flow2-2.json")),
            "the message is recorded as sent");
        Assert.That(Sims.Dtp.Log.Entries.Select(e => e.Header("Ocp-Apim-Subscription-Key")), Has.All.EqualTo(SimulatorDefaults.DtpSubscriptionKey));
    }

    [Test]
    public async Task A_missing_or_wrong_subscription_key_is_refused_like_apim()
    {
        var missing = await Post(DtpSimulator.ReceiveIncomingReferral, SharedFixtures.Json("progres/primeroReferral__flow2-2.json"), key: null);
        var wrong = await Post(DtpSimulator.ReceiveIncomingReferral, SharedFixtures.Json("progres/primeroReferral__flow2-2.json"), key: "nope");

        Assert.That(missing.Status, Is.EqualTo(401));
        Assert.That((string?)missing.Body!["message"], Does.StartWith("Access denied due to missing subscription key."));
        Assert.That((int)missing.Body["statusCode"]!, Is.EqualTo(401));
        Assert.That(wrong.Status, Is.EqualTo(401));
        Assert.That((string?)wrong.Body!["message"], Does.StartWith("Access denied due to invalid subscription key."));
        Assert.That(Sims.Dtp.Messages, Is.Empty);
    }

    [Test]
    public async Task A_request_type_that_does_not_belong_to_the_operation_is_rejected()
    {
        var decisionOnReferralPath = await Post(DtpSimulator.ReceiveIncomingReferral, JsonNode.Parse("""{"request_type":"ReceiveDecisionOutgoingReferral","status":"rejected"}""")!);
        var unknown = await Post(DtpSimulator.ReceiveDecisionOutgoingReferral, JsonNode.Parse("""{"request_type":"Something"}""")!);

        Assert.That(decisionOnReferralPath.Status, Is.EqualTo(400));
        Assert.That(unknown.Status, Is.EqualTo(400));
        Assert.That(Sims.Dtp.Messages, Is.Empty);
    }

    [Test]
    public async Task Rate_limiting_answers_with_the_apim_message()
    {
        Sims.Dtp.Faults.Add(FaultRule.TooManyRequests("*", retryAfterSeconds: 5, times: 1));

        var (status, body, response) = await Post(DtpSimulator.ReceiveIncomingReferral, SharedFixtures.Json("progres/primeroReferral__flow2-2.json"));

        Assert.That(status, Is.EqualTo(429));
        Assert.That((string?)body!["message"], Is.EqualTo("Rate limit is exceeded. Try again in 5 seconds."));
        Assert.That(response.Headers.RetryAfter!.Delta, Is.EqualTo(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public async Task The_pusher_posts_interventions_and_decisions_to_a_webhook()
    {
        var webhook = new Uri(Sims.Primero.BaseUrl, "inbox/progres");

        var push = await Sims.Dtp.PushAsync(webhook, DtpPayloads.Intervention(3));
        var (adminStatus, adminBody, _) = await SendAsync(HttpMethod.Post, new Uri(Sims.Dtp.BaseUrl, "__admin/push"),
            Json(new JsonObject { ["url"] = webhook.ToString(), ["sample"] = "decision" }));

        Assert.That(push.Status, Is.EqualTo(404), "the receiver's own answer is reported");
        Assert.That(adminStatus, Is.EqualTo(200));
        Assert.That((int)adminBody!["status"]!, Is.EqualTo(404));
        var received = Sims.Primero.Log.Find("POST", "/inbox/progres");
        Assert.That(received, Has.Count.EqualTo(2));
        var intervention = JsonNode.Parse(received[0].Body)!;
        Assert.That((string?)intervention["request_type"], Is.EqualTo("PrimeroOutgoingReferral"));
        Assert.That((string?)intervention["interventions"]![0]!["progres_interventionnumber"], Is.EqualTo("803-25-PRTITV-1000003"));
        Assert.That((string?)JsonNode.Parse(received[1].Body)!["request_type"], Is.EqualTo("PrimeroIncomingReferralDecision"));
        Assert.That(Sims.Dtp.Pushes.Select(p => p.RequestType), Is.EqualTo(new[] { "PrimeroOutgoingReferral", "PrimeroIncomingReferralDecision" }));
    }

    [Test]
    public void Decisions_point_at_the_primero_case_and_service()
    {
        var decision = DtpPayloads.Decision("d41e8b0a-93a7-4c37-8f1e-5b20c6a7e3f9", "5e0c2a1b-7d44-4f0e-b3a9-1c8d2e6f9a77", accepted: false, comment: "No match");

        var item = decision["interventions"]![0]!;
        Assert.That((string?)item["progres_orgreferralid"], Is.EqualTo("d41e8b0a-93a7-4c37-8f1e-5b20c6a7e3f9#1c8d2e6f9a77"));
        Assert.That((string?)item["progres_reviewdecision"], Is.EqualTo("125080001"));
        Assert.That((string?)item["progres_interoperabilityreferralrejectionomment"], Is.EqualTo("No match"));
        Assert.That((string?)DtpPayloads.Intervention(type: "Alternative Care")["interventions"]![0]!["interventiontype.progres_description"],
            Is.EqualTo("Alternative Care"));
    }
}
