using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using OpenFn.Simulators;

namespace OpenFn.Integrations.Tests.Support;

/// <summary>What a Primero user does in the UI, done through the Primero simulator's API (HTTP Basic).</summary>
public sealed class PrimeroUser(Uri primero) : IDisposable
{
    private readonly HttpClient _http = new()
    {
        BaseAddress = primero,
        DefaultRequestHeaders =
        {
            Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{SimulatorDefaults.PrimeroUser}:{SimulatorDefaults.PrimeroPassword}"))),
        },
    };

    public Task<JsonObject> CreateCaseAsync(JsonObject data) => SendAsync(HttpMethod.Post, "api/v2/cases", data);

    public Task<JsonObject> UpdateCaseAsync(string recordId, JsonObject data) => SendAsync(HttpMethod.Patch, $"api/v2/cases/{recordId}", data);

    /// <summary>Refers the case's service to a user (a Primero referral with <c>service_record_id</c>).</summary>
    public Task<JsonObject> ReferAsync(string recordId, string serviceUniqueId, string toUser) =>
        SendAsync(HttpMethod.Post, $"api/v2/cases/{recordId}/referrals", new JsonObject
        {
            ["transitioned_to"] = toUser, ["service_record_id"] = serviceUniqueId, ["notes"] = "Referred to UNHCR",
        });

    private async Task<JsonObject> SendAsync(HttpMethod method, string path, JsonObject data)
    {
        using var request = new HttpRequestMessage(method, path)
        {
            Content = new StringContent(new JsonObject { ["data"] = data }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!["data"]!.AsObject();
    }

    public void Dispose() => _http.Dispose();
}
