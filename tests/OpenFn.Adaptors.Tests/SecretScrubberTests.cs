using System.Text;
using System.Text.Json.Nodes;
using OpenFn.Adaptors.Common;

namespace OpenFn.Adaptors.Tests;

public class SecretScrubberTests
{
    [Test]
    public void Password_and_its_basic_auth_form_are_masked()
    {
        var scrubber = SecretScrubber.FromConfigurations(JsonNode.Parse("""{"username":"admin","password":"s3cr3t!","url":"http://h"}"""));
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:s3cr3t!"));

        var scrubbed = scrubber.Scrub($"login with s3cr3t! then Authorization: Basic {basic} to http://h");

        Assert.That(scrubbed, Is.EqualTo("login with **** then Authorization: Basic **** to http://h"));
    }

    [Test]
    public void An_empty_password_masks_nothing()
    {
        var scrubber = SecretScrubber.FromConfigurations(JsonNode.Parse("""{"password":""}"""));

        Assert.That(scrubber.Scrub("nothing to hide"), Is.EqualTo("nothing to hide"));
    }
}
