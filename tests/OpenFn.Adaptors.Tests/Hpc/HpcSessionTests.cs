using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OpenFn.Adaptors.Common;
using OpenFn.Adaptors.Hpc;
using OpenFn.Adaptors.Tests.Support;
using RichardSzalay.MockHttp;

namespace OpenFn.Adaptors.Tests.Hpc;

/// <summary>HPC reads (system-apis §4) and PRP writes through the session: wire format, paging, envelopes, errors.</summary>
public class HpcSessionTests
{
    private const string Hpc = "https://api.hpc.tools";
    private const string Prp = "https://prp.example.org";
    private const string HpcPassword = "Hpc-S3cret!";
    private const string PrpToken = "prp-t0ken-5a9d7c1e";
    private static readonly string BasicHeader = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("prp_importer:" + HpcPassword));

    private static JsonObject Credential(bool withUser = true) => new()
    {
        ["hpc"] = withUser ? new JsonObject { ["baseUrl"] = Hpc + "/", ["username"] = "prp_importer", ["password"] = HpcPassword } : new JsonObject(),
        ["prp"] = new JsonObject { ["url"] = Prp, ["token"] = PrpToken },
    };

    private static async Task<(JsonNode? Result, AdaptorException? Error)> Run(AdaptorHarness harness, string name, JsonArray args, JsonObject? configuration = null)
    {
        configuration ??= Credential();
        await using var session = harness.Open(new HpcAdaptor(), null, configuration);
        try
        {
            return (await session.InvokeAsync(name, args, configuration, CancellationToken.None), null);
        }
        catch (AdaptorException error)
        {
            return (null, error);
        }
    }

    private static string Ok(JsonNode? data) => new JsonObject { ["status"] = "ok", ["data"] = data?.DeepClone() }.ToJsonString();

    private static void AssertNoSecrets(AdaptorHarness harness, AdaptorException? error)
    {
        var text = harness.Logger.AllText + error?.Message + error?.Details?.ToJsonString();
        Assert.That(text, Does.Not.Contain(HpcPassword).And.Not.Contain(PrpToken).And.Not.Contain(BasicHeader["Basic ".Length..]));
    }

    [Test]
    public async Task A_plan_is_read_from_v2_with_entities_and_basic_auth()
    {
        var harness = new AdaptorHarness();
        var plan = Fixtures.Load("ocha/plan_1290_entities.json");
        harness.Mock.When(HttpMethod.Get, Hpc + "/v2/public/plan/1290").Respond("application/json", plan.ToJsonString());

        var (result, error) = await Run(harness, "getPlan", new JsonArray(1290));

        Assert.That(error, Is.Null);
        Assert.That(harness.Requests.Select(r => r.Wire()), Is.EqualTo(new[] { "GET https://api.hpc.tools/v2/public/plan/1290?content=entities&disaggregation=true" }));
        Assert.That(harness.Requests[0].HeaderValue("Authorization"), Is.EqualTo(BasicHeader));
        Assert.That(harness.Requests[0].HeaderValue("Accept"), Is.EqualTo("application/json"));
        Assert.That(JsonNode.DeepEquals(result!["data"], plan["data"]), Is.True);
        Assert.That(harness.Logger.Lines, Does.Contain("HPC plan: id 1290 from /v2/public/plan/1290?content=entities&disaggregation=true"));
        AssertNoSecrets(harness, error);
    }

    [TestCase("getPlan", "[\"1290\", {\"api\": \"v1\", \"content\": \"measurements\"}]", "/v1/public/rpm/plan/id/1290?format=json&content=measurements")]
    [TestCase("getPlan", "[1290, {\"disaggregation\": false}]", "/v2/public/plan/1290?content=entities&disaggregation=false")]
    [TestCase("getPlansByYear", "[2026]", "/v2/public/plan/year/2026")]
    [TestCase("getProject", "[203417]", "/v2/public/project/203417")]
    [TestCase("getProjectAttachments", "[203417]", "/v2/public/project/203417/attachments")]
    [TestCase("getDisaggregationGroups", "[]", "/v2/public/disaggregation-category-group")]
    public async Task Each_read_asks_for_its_documented_path(string operation, string args, string pathAndQuery)
    {
        var harness = new AdaptorHarness();
        harness.Mock.When(HttpMethod.Get, Hpc + "/*").Respond("application/json", Ok(new JsonArray(new JsonObject { ["id"] = 1 })));

        var (result, error) = await Run(harness, operation, JsonNode.Parse(args)!.AsArray(), Credential(withUser: false));

        Assert.That(error, Is.Null);
        Assert.That(harness.Requests.Select(r => r.Wire()), Is.EqualTo(new[] { "GET " + Hpc + pathAndQuery }));
        Assert.That(harness.Requests[0].HeaderValue("Authorization"), Is.Null, "anonymous without a username");
        Assert.That(result!["data"]![0]!["id"]!.GetValue<int>(), Is.EqualTo(1));
    }

    [Test]
    public async Task Flows_follow_next_link_to_the_last_page_repairing_the_doubled_version()
    {
        var harness = new AdaptorHarness();
        var page1 = Fixtures.Load("ocha/fts_flow_project_203417_page1.json").AsObject();
        page1["meta"]!["nextLink"] = Hpc + "/v1/v1/public/fts/flow?projectId=203417&limit=2&page=2";
        var flow = page1["data"]!["flows"]![0]!.DeepClone().AsObject();
        flow["id"] = "313502";
        var page2 = new JsonObject
        {
            ["status"] = "ok",
            ["data"] = new JsonObject { ["incoming"] = new JsonObject { ["flowCount"] = 3 }, ["flows"] = new JsonArray(flow) },
            ["meta"] = new JsonObject { ["language"] = "en", ["count"] = 3 },
        };
        harness.Mock.Expect(HttpMethod.Get, Hpc + "/v1/public/fts/flow").WithExactQueryString("projectId=203417&limit=2").Respond("application/json", page1.ToJsonString());
        harness.Mock.Expect(HttpMethod.Get, Hpc + "/v1/public/fts/flow").WithExactQueryString("projectId=203417&limit=2&page=2").Respond("application/json", page2.ToJsonString());

        var (result, error) = await Run(harness, "getFlows", new JsonArray(new JsonObject { ["projectId"] = 203417, ["limit"] = 2 }));

        Assert.That(error, Is.Null);
        harness.Mock.VerifyNoOutstandingExpectation();
        Assert.That(harness.Requests.Select(r => r.HeaderValue("Authorization")), Has.All.EqualTo(BasicHeader));
        var data = result!["data"]!;
        Assert.That(data["flows"]!.AsArray().Select(f => f!["id"]!.GetValue<string>()), Is.EqualTo(new[] { "311940", "312877", "313502" }));
        Assert.That(data["incoming"]!["fundingTotal"]!.GetValue<int>(), Is.EqualTo(2234600), "the summaries of the first page");
        Assert.That(harness.Logger.Lines, Does.Contain("FTS: 3 flows in 2 pages for projectId=203417&limit=2"));
    }

    [Test]
    public async Task An_array_boundary_is_a_comma_list()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When(HttpMethod.Get, Hpc + "/v1/public/fts/flow").Respond("application/json", Ok(new JsonObject { ["flows"] = new JsonArray() }));

        var (_, error) = await Run(harness, "getFlows", new JsonArray(new JsonObject { ["planId"] = new JsonArray(1290, 1291), ["year"] = 2026 }));

        Assert.That(error, Is.Null);
        Assert.That(harness.Requests.Single().RequestUri!.Query, Is.EqualTo("?planId=1290%2C1291&year=2026"));
    }

    [Test]
    public async Task A_next_link_that_loops_is_an_error_not_an_endless_run()
    {
        var harness = new AdaptorHarness();
        var page = new JsonObject
        {
            ["status"] = "ok", ["data"] = new JsonObject { ["flows"] = new JsonArray() },
            ["meta"] = new JsonObject { ["nextLink"] = Hpc + "/v1/public/fts/flow?projectId=1" },
        };
        harness.Mock.When(HttpMethod.Get, Hpc + "/v1/public/fts/flow").Respond("application/json", page.ToJsonString());

        var (_, error) = await Run(harness, "getFlows", new JsonArray(new JsonObject { ["projectId"] = 1 }));

        Assert.That(error!.Message, Is.EqualTo("FTS paging does not end: meta.nextLink leads back to https://api.hpc.tools/v1/public/fts/flow?projectId=1 after 1 pages"));
        Assert.That(harness.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task An_hpc_error_names_the_url_and_the_message()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When(HttpMethod.Get, Hpc + "/v2/public/project/999").Respond(HttpStatusCode.NotFound, "application/json",
            """{"status":"error","statusCode":404,"message":"Project not found"}""");
        harness.Mock.When(HttpMethod.Get, Hpc + "/v2/public/plan/5").Respond("application/json", """{"status":"error","message":"Plan is not published"}""");

        var (_, notFound) = await Run(harness, "getProject", new JsonArray(999));
        var (_, notOk) = await Run(harness, "getPlan", new JsonArray(5));
        var (_, badId) = await Run(harness, "getProject", new JsonArray("abc"));

        Assert.That(notFound!.Message, Is.EqualTo("HPC GET https://api.hpc.tools/v2/public/project/999 returned 404 Not Found: Project not found"));
        Assert.That(notFound.Details!["statusCode"]!.GetValue<int>(), Is.EqualTo(404));
        Assert.That(notOk!.Message, Is.EqualTo(
            "HPC GET https://api.hpc.tools/v2/public/plan/5?content=entities&disaggregation=true answered 200 with status 'error': Plan is not published"));
        Assert.That(badId!.Message, Is.EqualTo("getProject: 'abc' is not an HPC id (a positive integer)"));
        AssertNoSecrets(harness, notFound);
    }

    [Test]
    public async Task Gateway_errors_are_retried_then_reported_as_an_html_page()
    {
        var harness = new AdaptorHarness();
        const string nginx = "<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>";
        harness.Mock.Expect(HttpMethod.Get, Hpc + "/v2/public/project/1").Respond(HttpStatusCode.BadGateway, "text/html", nginx);
        harness.Mock.Expect(HttpMethod.Get, Hpc + "/v2/public/project/1").Respond("application/json", Ok(new JsonObject { ["id"] = 1 }));
        harness.Mock.When(HttpMethod.Get, Hpc + "/v2/public/project/2").Respond(HttpStatusCode.GatewayTimeout, "text/html", nginx);

        var (recovered, error) = await Run(harness, "getProject", new JsonArray(1));
        var (_, failed) = await Run(harness, "getProject", new JsonArray(2));

        Assert.That(error, Is.Null);
        Assert.That(recovered!["data"]!["id"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(harness.Requests.Count(r => r.RequestUri!.AbsolutePath.EndsWith("/2", StringComparison.Ordinal)), Is.EqualTo(4), "1 + 3 retries");
        Assert.That(failed!.Message, Is.EqualTo("HPC GET https://api.hpc.tools/v2/public/project/2 returned 504 Gateway Timeout: (an HTML page)"));
    }

    [Test]
    public async Task Prp_records_are_put_by_ocha_id_with_the_token()
    {
        var harness = new AdaptorHarness();
        harness.Mock.Expect(HttpMethod.Put, Prp + "/api/v1/clusters/11201").Respond(HttpStatusCode.Created, "application/json",
            """{"id":1,"external_id":"11201","response_plan":"1290","title":"Nutrition"}""");
        harness.Mock.Expect(HttpMethod.Put, Prp + "/api/v1/clusters/11202").Respond(HttpStatusCode.OK, "application/json",
            """{"id":2,"external_id":"11202","response_plan":"1290","title":"Protection"}""");
        var clusters = new JsonArray(
            new JsonObject { ["external_id"] = 11201, ["response_plan"] = "1290", ["title"] = "Nutrition" },
            new JsonObject { ["external_id"] = "11202", ["response_plan"] = "1290", ["title"] = "Protection" });

        var (result, error) = await Run(harness, "upsertPrp", new JsonArray("clusters", clusters));

        Assert.That(error, Is.Null);
        harness.Mock.VerifyNoOutstandingExpectation();
        Assert.That(harness.Requests.Select(r => r.HeaderValue("Authorization")), Has.All.EqualTo("Token " + PrpToken));
        Assert.That(harness.Requests.Select(r => r.HeaderValue("Content-Type")), Has.All.EqualTo("application/json"));
        Assert.That(harness.Bodies, Is.EqualTo(new[] { """{"response_plan":"1290","title":"Nutrition"}""", """{"response_plan":"1290","title":"Protection"}""" }));
        Assert.That(result!["data"]!.AsArray().Select(r => (r!["external_id"]!.GetValue<string>(), r["created"]!.GetValue<bool>())),
            Is.EqualTo(new[] { ("11201", true), ("11202", false) }));
        Assert.That(harness.Logger.Lines, Does.Contain("PRP clusters: 2 written (1 created, 1 updated or unchanged)"));
    }

    [Test]
    public async Task A_prp_refusal_names_the_record_and_the_field_errors_and_stops()
    {
        var harness = new AdaptorHarness();
        harness.Mock.Expect(HttpMethod.Put, Prp + "/api/v1/objectives/20101").Respond(HttpStatusCode.Created, "application/json", """{"id":1}""");
        harness.Mock.Expect(HttpMethod.Put, Prp + "/api/v1/objectives/20102").Respond(HttpStatusCode.BadRequest, "application/json",
            """{"cluster":["Invalid external_id \"999\" - object does not exist."],"title":["This field is required."]}""");
        var objectives = new JsonArray(
            new JsonObject { ["external_id"] = 20101, ["cluster"] = "11201", ["title"] = "A" },
            new JsonObject { ["external_id"] = 20102, ["cluster"] = "999" },
            new JsonObject { ["external_id"] = 20103, ["cluster"] = "11201", ["title"] = "C" });

        var (_, error) = await Run(harness, "upsertPrp", new JsonArray("objectives", objectives));

        Assert.That(error!.Message, Is.EqualTo(
            "PRP refused objectives/20102 (record 2 of 3; 1 written before it): PUT https://prp.example.org/api/v1/objectives/20102 returned 400 Bad Request: "
            + "cluster: Invalid external_id \"999\" - object does not exist.; title: This field is required."));
        Assert.That(harness.Requests, Has.Count.EqualTo(2));
        AssertNoSecrets(harness, error);
    }

    [Test]
    public async Task Prp_auth_failure_and_missing_external_id_are_clear()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When(HttpMethod.Put, Prp + "/api/v1/response-plans/1290").Respond(HttpStatusCode.Unauthorized, "application/json", """{"detail":"Invalid token."}""");

        var (_, unauthorized) = await Run(harness, "upsertPrp", new JsonArray("response-plans", new JsonObject { ["external_id"] = 1290, ["title"] = "x" }));
        var (_, noId) = await Run(harness, "upsertPrp", new JsonArray("response-plans", new JsonObject { ["title"] = "x" }));
        var (_, noPrp) = await Run(harness, "upsertPrp", new JsonArray("response-plans", new JsonObject()), new JsonObject());

        Assert.That(unauthorized!.Message, Is.EqualTo("PRP refused response-plans/1290 (record 1 of 1; 0 written before it): PUT https://prp.example.org/api/v1/response-plans/1290 returned 401 Unauthorized: Invalid token."));
        Assert.That(noId!.Message, Is.EqualTo("upsertPrp('response-plans') record 1 of 1: no external_id (the OCHA id the record is keyed by)"));
        Assert.That(noPrp!.Message, Is.EqualTo("hpc: the credential (state.configuration) needs prp.url and prp.token for PRP calls"));
        AssertNoSecrets(harness, unauthorized);
    }

    [Test]
    public async Task Get_prp_answers_null_for_an_unknown_id()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When(HttpMethod.Get, Prp + "/api/v1/funding/203417").Respond(HttpStatusCode.NotFound, "application/json", """{"detail":"Not found."}""");
        harness.Mock.When(HttpMethod.Get, Prp + "/api/v1/funding/203418").Respond("application/json", """{"external_id":"203418","total_budget":250000}""");

        var (missing, error) = await Run(harness, "getPrp", new JsonArray("funding", 203417));
        var (found, _) = await Run(harness, "getPrp", new JsonArray("funding", "203418"));

        Assert.That(error, Is.Null);
        Assert.That(missing!["data"], Is.Null);
        Assert.That(found!["data"]!["total_budget"]!.GetValue<int>(), Is.EqualTo(250000));
        Assert.That(harness.Requests[0].HeaderValue("Authorization"), Is.EqualTo("Token " + PrpToken));
    }

    [TestCase("https://api.hpc.tools/v1/v1/public/fts/flow?page=2", "https://api.hpc.tools/v1/public/fts/flow?page=2")]
    [TestCase("/v1/public/fts/flow?page=3", "https://api.hpc.tools/v1/public/fts/flow?page=3")]
    public void Next_links_are_made_absolute_and_repaired(string link, string expected)
    {
        Assert.That(HpcSession.NextPageUrl(Hpc, link), Is.EqualTo(expected));
    }
}
