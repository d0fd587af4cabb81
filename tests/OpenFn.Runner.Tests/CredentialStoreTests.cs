using OpenFn.Runner.Credentials;
using OpenFn.Runner.Projects;

namespace OpenFn.Runner.Tests;

public class CredentialStoreTests
{
    [Test]
    public void Environment_values_override_the_file_field_by_field()
    {
        using var folder = new TempFolder();
        var file = folder.Write("creds.json", """{ "me@x.org-Prod": { "url": "https://p.example.org", "user": "a", "password": "old" } }""");
        var environment = new Dictionary<string, string> { ["OPENFN_CREDENTIAL_ME_X_ORG_PROD"] = """{ "password": "new" }""" };

        var store = CredentialStore.Load(file, environment.GetValueOrDefault);

        Assert.That(store.Find("me@x.org-Prod")!.ToJsonString(), Is.EqualTo("""{"url":"https://p.example.org","user":"a","password":"new"}"""));
    }

    [Test]
    public void A_credential_can_come_from_the_environment_alone()
    {
        var store = CredentialStore.Load(null, name => name == "OPENFN_CREDENTIAL_INBOX" ? "plain-secret" : null);

        Assert.That(store.FindSecret("inbox"), Is.EqualTo("plain-secret"));
        Assert.That(store.Find("other"), Is.Null);
    }

    [Test]
    public void Malformed_json_names_the_file_line_and_column()
    {
        using var folder = new TempFolder();
        var file = folder.Write("creds.json", "{\n  \"a\": { \"user\": \"x\" }\n  \"b\": {}\n}");

        var error = Assert.Throws<InvalidInputException>(() => CredentialStore.Load(file))!;

        Assert.That(error.Message, Does.StartWith($"{file}:3:3: invalid JSON"));
    }

    [Test]
    public void A_missing_file_is_named()
    {
        var error = Assert.Throws<InvalidInputException>(() => CredentialStore.Load("/nowhere/creds.json"))!;

        Assert.That(error.Message, Is.EqualTo("/nowhere/creds.json: credentials file not found"));
    }
}
