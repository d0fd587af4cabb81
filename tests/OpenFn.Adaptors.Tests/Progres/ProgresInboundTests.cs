using System.Text.Json.Nodes;
using OpenFn.Adaptors.Tests.Support;

namespace OpenFn.Adaptors.Tests.Progres;

/// <summary>The two messages DTP posts to the inbox (system-apis §3.1), read and validated by parseReferral / parseDecision.</summary>
public class ProgresInboundTests
{
    private static async Task<(JsonArray? Items, OpenFn.Adaptors.Common.AdaptorException? Error)> Parse(string utility, JsonNode payload)
    {
        var (result, error) = await ProgresSessionTests.Run(new AdaptorHarness(), [], utility, payload);
        return (result as JsonArray, error);
    }

    private static JsonObject Intervention(string fixture = "progres/flow1__PrimeroOutgoingReferral.json") => Fixtures.Load(fixture).AsObject();

    private static JsonObject Row(JsonObject payload) => payload["interventions"]![0]!.AsObject();

    [Test]
    public async Task The_2023_bia_capture_reads_into_plain_fields()
    {
        var (items, error) = await Parse("parseReferral", Intervention());

        Assert.That(error, Is.Null);
        var item = items!.Single()!;
        Assert.That(item["interventionNumber"]!.GetValue<string>(), Is.EqualTo("811-23-PRTITV-1000095"));
        Assert.That(item["type"]!.GetValue<string>(), Is.EqualTo("BIA"));
        Assert.That(item["serviceType"]!.GetValue<string>(), Is.EqualTo("focuses_non_specialized_mhpss_care"));
        Assert.That(item["startDate"]!.GetValue<string>(), Is.EqualTo("2023-03-14T00:00:00.000Z"));
        Assert.That(item["description"]!.GetValue<string>(), Is.EqualTo("Testing the address"));
        var reason = item["reasonsForReferral"]!.AsArray().Single()!;
        Assert.That(reason["createdBy"]!.GetValue<string>(), Is.EqualTo("Marta LK"));
        Assert.That(reason["text"]!.GetValue<string>(), Is.EqualTo("Anna's momma may be her mother"));
        Assert.That(reason["createdOn"]!.GetValue<string>(), Is.EqualTo("2023-08-10T07:26:41.4864352Z"));
        Assert.That(item["referrer"]!.ToJsonString(), Is.EqualTo(
            """{"title":"proGres V4 Test Account","email":"pTestUser01@unhcr.example","phone":null,"partner":null}"""));
        var individual = item["individual"]!;
        Assert.That(individual["progresId"]!.GetValue<string>(), Is.EqualTo("803-100000519"));
        Assert.That(individual["registrationGroup"]!.GetValue<string>(), Is.EqualTo("803-23-1000552"));
        Assert.That(individual["givenName"]!.GetValue<string>(), Is.EqualTo("Given E"));
        Assert.That(individual["familyName"]!.GetValue<string>(), Is.EqualTo("Family E"));
        Assert.That(individual["dateOfBirth"]!.GetValue<string>(), Is.EqualTo("2020-01-01"));
        Assert.That(individual["sex"]!.GetValue<string>(), Is.EqualTo("female"));
        Assert.That(individual["address"], Is.Null);
        Assert.That(item["raw"]![0]!["progres_lpinterventionid"]!.GetValue<string>(), Is.EqualTo("3ad9bf45-42c2-ed11-83fe-000d3aaca11b"));
    }

    [Test]
    public async Task Lookups_locations_languages_and_specific_needs_of_the_full_capture()
    {
        var (items, error) = await Parse("parseReferral", Intervention("progres/referralFromProgres_sample2408022.json"));

        Assert.That(error, Is.Null);
        var item = items!.Single()!;
        Assert.That(item["serviceType"]!.GetValue<string>(), Is.EqualTo("alternative_care"));
        Assert.That(item["comments"]![0]!["text"]!.GetValue<string>(), Is.EqualTo("testing testing 1,2,3"));
        var individual = item["individual"]!;
        Assert.That(individual["sex"]!.GetValue<string>(), Is.EqualTo("male"));
        Assert.That(individual["commonlyUsedName"]!.GetValue<string>(), Is.EqualTo("Alfie"));
        Assert.That(individual["address"]!.GetValue<string>(), Is.EqualTo("Gambela Agnuak Abobo"));
        Assert.That(individual["languages"]!.ToJsonString(), Is.EqualTo("""["Afrikaans"]"""));
        Assert.That(individual["specificNeeds"]!.ToJsonString(), Is.EqualTo(
            """[{"category":"Unaccompanied or separated child","categoryCode":"SC","subcategory":"Unaccompanied child","subcategoryCode":"SC-UC"}]"""));
    }

    [Test]
    public async Task Rows_of_one_intervention_are_merged()
    {
        var payload = Intervention("progres/flow1__progresReferralToUNICEF.json");
        foreach (var row in payload["interventions"]!.AsArray())
            row!["interventiontype.progres_description"] = "Alternative Care";

        var (items, error) = await Parse("parseReferral", payload);

        Assert.That(error, Is.Null);
        var item = items!.Single()!;
        Assert.That(item["rows"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(item["individual"]!["languages"]!.ToJsonString(), Is.EqualTo("""["French","English"]"""));
        Assert.That(item["individual"]!["specificNeeds"]!.AsArray(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task The_webhook_body_wrapped_in_data_is_read_too()
    {
        var (items, error) = await Parse("parseReferral", Fixtures.Load("progres/flow1__progresReferralToUNICEF-v2.json"));

        Assert.That(error, Is.Null);
        Assert.That(items!.Single()!["type"]!.GetValue<string>(), Is.EqualTo("BIA"));
    }

    [TestCase("progres/flow1__progresReferralToUNICEF.json", "Accessibility", "DAD-21-PRTITV-0000141")]
    [TestCase("progres/flow1__progresReferralToUNICEF_6Oct2021.json", "BID / BIA conducted", "DAD-21-PRTITV-0000201")]
    public async Task An_intervention_type_outside_the_four_is_a_catchable_error_with_its_closure_reason(string fixture, string type, string number)
    {
        var (_, error) = await Parse("parseReferral", Intervention(fixture));

        Assert.That(error!.Message, Is.EqualTo(
            $"proGres intervention {number}: intervention type '{type}' is not one of the four exchanged with UNICEF (Alternative Care, BIA, BID, Family Tracing and Reunification)"));
        Assert.That(error.Details!["code"]!.GetValue<string>(), Is.EqualTo("UNSUPPORTED_TYPE"));
        Assert.That(error.Details["field"]!.GetValue<string>(), Is.EqualTo("interventiontype.progres_description"));
        Assert.That(error.Details["interventionNumber"]!.GetValue<string>(), Is.EqualTo(number));
        Assert.That(error.Details["closureReason"]!.GetValue<string>(), Does.StartWith($"Service value shared ({type}) via interoperability is not an accepted UNICEF service type."));
    }

    [Test]
    public async Task Missing_required_fields_are_all_named_with_the_closure_reason_dtp_knows()
    {
        var (_, error) = await Parse("parseReferral", Intervention("progres/progres_outboundReferral.json"));

        Assert.That(error!.Message, Is.EqualTo("proGres intervention NUR-21-PRTITV-0000079 is missing required fields: interventiontype.progres_description"));
        Assert.That(error.Details!["code"]!.GetValue<string>(), Is.EqualTo("MISSING_FIELDS"));
        Assert.That(error.Details["closureReason"]!.GetValue<string>(), Is.EqualTo(Fixtures.Load("progres/errorNotificationToDTP.json")["closure_reason"]!.GetValue<string>()));

        var payload = Intervention();
        Row(payload).Remove("individuals.progres_givenname");
        Row(payload)["individuals.progres_registrationgroupid"] = new JsonObject { ["Id"] = "7151", ["Name"] = null };
        var (_, both) = await Parse("parseReferral", payload);
        Assert.That(both!.Details!["fields"]!.ToJsonString(), Is.EqualTo("""["individuals.progres_registrationgroupid","individuals.progres_givenname"]"""));
    }

    [TestCase("individuals.progres_sex", "125089999", "individuals.progres_sex has the unknown code '125089999'")]
    [TestCase("individuals.progres_dateofbirth", "last spring", "individuals.progres_dateofbirth is not a date ('last spring')")]
    [TestCase("individuals.progres_registrationgroupid", 42, "individuals.progres_registrationgroupid is not a lookup (an object with a Name)")]
    [TestCase("progres_interventionstartdate", "2023-13-45", "progres_interventionstartdate is not a date-time ('2023-13-45')")]
    public async Task An_unreadable_field_is_named(string field, object value, string problem)
    {
        var payload = Intervention();
        Row(payload)[field] = JsonValue.Create(value);

        var (_, error) = await Parse("parseReferral", payload);

        Assert.That(error!.Message, Is.EqualTo("proGres intervention 811-23-PRTITV-1000095: " + problem));
        Assert.That(error.Details!["code"]!.GetValue<string>(), Is.EqualTo("INVALID_FIELD"));
        Assert.That(error.Details["field"]!.GetValue<string>(), Is.EqualTo(field));
        Assert.That(error.Details["closureReason"]!.GetValue<string>(), Does.Contain(field));
    }

    [Test]
    public async Task A_message_of_the_other_kind_or_without_interventions_is_refused()
    {
        var (_, decision) = await Parse("parseReferral", Fixtures.Load("progres/progresDecision__flow2-3.json"));
        var (_, empty) = await Parse("parseDecision", new JsonObject { ["interventions"] = new JsonArray(), ["request_type"] = "PrimeroIncomingReferralDecision" });

        Assert.That(decision!.Message, Is.EqualTo(
            "DTP message: expected request_type PrimeroOutgoingReferral, got 'PrimeroIncomingReferralDecision' (use parseDecision)"));
        Assert.That(decision.Details!["code"]!.GetValue<string>(), Is.EqualTo("INVALID_MESSAGE"));
        Assert.That(empty!.Message, Is.EqualTo("DTP message: a PrimeroIncomingReferralDecision message needs a non-empty interventions list"));
    }

    [Test]
    public async Task A_decision_splits_the_org_referral_id_and_maps_the_codes()
    {
        var (items, error) = await Parse("parseDecision", Fixtures.Load("progres/progresDecision__flow2-3.json"));

        Assert.That(error, Is.Null);
        var decision = items!.Single()!;
        Assert.That(decision["caseId"]!.GetValue<string>(), Is.EqualTo("f59e880e-d58f-4b68-ba6e-e0616a49aefd"));
        Assert.That(decision["serviceSuffix"]!.GetValue<string>(), Is.EqualTo("eb097be51d89"));
        Assert.That(decision["decision"]!.GetValue<string>(), Is.EqualTo("accepted"));
        Assert.That(decision["referralNumber"]!.GetValue<string>(), Is.EqualTo("REF-IOP-DAD-000000112"));
        Assert.That(decision["reviewDate"]!.GetValue<string>(), Is.EqualTo("2021-08-25T00:00:00.000Z"));
        Assert.That(decision["rejectionReason"], Is.Null);
    }

    [Test]
    public async Task A_rejection_reads_the_two_misspelled_dynamics_fields_and_the_corrected_one()
    {
        var payload = Fixtures.Load("progres/progresDecision__flow2-3.json").AsObject();
        var row = Row(payload);
        row["progres_reviewdecision"] = "125080001";
        row["progres_interoperabiltyreferralrejectionreason"] = "125080000";
        row["progres_interoperabilityreferralrejectionomment"] = "No match in registration data";
        var corrected = payload.DeepClone().AsObject();
        Row(corrected).Remove("progres_interoperabilityreferralrejectionomment");
        Row(corrected)["progres_interoperabilityreferralrejectioncomment"] = "Spelled right";
        Row(corrected)["progres_interoperabiltyreferralrejectionreason"] = "Free text reason";

        var (items, error) = await Parse("parseDecision", payload);
        var (correctedItems, _) = await Parse("parseDecision", corrected);

        Assert.That(error, Is.Null);
        var decision = items!.Single()!;
        Assert.That(decision["decision"]!.GetValue<string>(), Is.EqualTo("rejected"));
        Assert.That(decision["rejectionReasonCode"]!.GetValue<string>(), Is.EqualTo("125080000"));
        Assert.That(decision["rejectionReason"]!.GetValue<string>(), Is.EqualTo("Individual Not Found"));
        Assert.That(decision["rejectionComment"]!.GetValue<string>(), Is.EqualTo("No match in registration data"));
        Assert.That(correctedItems!.Single()!["rejectionComment"]!.GetValue<string>(), Is.EqualTo("Spelled right"));
        Assert.That(correctedItems!.Single()!["rejectionReason"]!.GetValue<string>(), Is.EqualTo("Free text reason"));
    }

    [Test]
    public async Task A_decision_whose_org_referral_id_is_not_case_and_suffix_is_refused()
    {
        var (_, error) = await Parse("parseDecision", Fixtures.Load("progres/progres_referralDecisionToPrimero.json"));

        Assert.That(error!.Message, Is.EqualTo(
            "DTP decision REF-IOP-DAD-000000051: progres_orgreferralid is 'string', not <Primero case_id>#<last 12 characters of the service unique_id>"));
        Assert.That(error.Details!["field"]!.GetValue<string>(), Is.EqualTo("progres_orgreferralid"));
    }

    [Test]
    public async Task The_code_tables_list_the_four_agreed_types()
    {
        var (result, _) = await ProgresSessionTests.Run(new AdaptorHarness(), [], "codes", null);

        Assert.That(result!["interventionTypes"]!.AsArray().Select(t => t!["progres"]!.GetValue<string>()),
            Is.EqualTo(new[] { "Alternative Care", "BIA", "BID", "Family Tracing and Reunification" }));
        Assert.That(result["sex"]!["125080003"]!.GetValue<string>(), Is.EqualTo("unknown"));
    }
}
