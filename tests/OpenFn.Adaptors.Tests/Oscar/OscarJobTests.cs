using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OpenFn.Adaptors.Oscar;
using OpenFn.Adaptors.Tests.Support;
using RichardSzalay.MockHttp;

namespace OpenFn.Adaptors.Tests.Oscar;

/// <summary>An OSCaR job through the runtime: resolved arguments, callbacks, next state.</summary>
public class OscarJobTests
{
    [Test]
    public async Task Get_clients_from_the_cursor_then_link_them()
    {
        var harness = new AdaptorHarness();
        harness.Mock.When(HttpMethod.Post, "https://oscar.example.org/api/v1/admin_auth/sign_in").Respond(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
            response.Headers.Add("access-token", "kq3Xb0wR9uVtM1cZpL2yAg");
            response.Headers.Add("client", "7HfTq2mN0sPz8eRk4wYcVw");
            return response;
        });
        harness.Mock.When(HttpMethod.Get, "https://oscar.example.org/api/v1/organizations/clients")
            .Respond("application/json", """{"data":[{"global_id":"01J1","external_id":null}]}""");
        harness.Mock.When(HttpMethod.Put, "https://oscar.example.org/api/v1/organizations/clients/update_links")
            .Respond("application/json", """{"message":"Record saved."}""");
        const string job = """
            getClients(state => state.lastQueryDate, {}, state => ({ ...state, clients: state.data }));
            updateLinks(state => state.clients.map(c => ({ global_id: c.global_id, external_id: c.external_id, is_referred: false })));
            """;
        var input = new JsonObject
        {
            ["configuration"] = new JsonObject { ["baseUrl"] = "https://oscar.example.org", ["username"] = "u@example.org", ["password"] = "Oscar-S3cret!" },
            ["lastQueryDate"] = "2025-08-02 00:00:00",
        };

        var outcome = await JobRunner.RunAsync(harness, new OscarAdaptor(), "oscar", job, input);

        Assert.That(outcome.Error, Is.Null);
        Assert.That(harness.Requests.Select(r => r.Wire()), Is.EqualTo(new[]
        {
            "POST https://oscar.example.org/api/v1/admin_auth/sign_in",
            "GET https://oscar.example.org/api/v1/organizations/clients?since_date=2025-08-02+00:00:00",
            "PUT https://oscar.example.org/api/v1/organizations/clients/update_links",
        }));
        Assert.That(harness.Bodies[2], Is.EqualTo("""{"data":[{"global_id":"01J1","external_id":"","is_referred":false}]}"""));
        Assert.That(outcome.Output!["data"]!["message"]!.GetValue<string>(), Is.EqualTo("Record saved."));
        Assert.That(outcome.Output.ToJsonString(), Does.Not.Contain("kq3Xb0wR9uVtM1cZpL2yAg"));
    }
}
