using System.Text;
using OpenFn.Runner.Deploy;

namespace OpenFn.Runner.Tests.Deploy;

public class PushSignatureTests
{
    // The example in GitHub's "Validating webhook deliveries" documentation.
    private const string DocsSecret = "It's a Secret to Everybody";
    private static readonly byte[] DocsBody = Encoding.UTF8.GetBytes("Hello, World!");
    private const string DocsSignature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    [Test]
    public void GitHubs_documented_example_is_valid()
    {
        Assert.That(PushSignature.IsValid(DocsSecret, DocsBody, DocsSignature), Is.True);
        Assert.That(PushSignature.IsValid(DocsSecret, DocsBody, DocsSignature.ToUpperInvariant().Replace("SHA256=", "sha256=")), Is.True);
        Assert.That(PushSignature.Sign(DocsSecret, DocsBody), Is.EqualTo(DocsSignature));
    }

    [TestCase(null, TestName = "missing header")]
    [TestCase("", TestName = "empty header")]
    [TestCase("757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", TestName = "no sha256= prefix")]
    [TestCase("sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", TestName = "another algorithm")]
    [TestCase("sha256=not-hex", TestName = "not hex")]
    [TestCase("sha256=757107ea0eb2509fc211221cce984b8a", TestName = "truncated")]
    [TestCase("sha256=857107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", TestName = "one digit off")]
    public void A_missing_or_wrong_signature_is_refused(string? header) =>
        Assert.That(PushSignature.IsValid(DocsSecret, DocsBody, header), Is.False);

    [Test]
    public void Another_body_or_secret_does_not_match()
    {
        Assert.That(PushSignature.IsValid(DocsSecret, Encoding.UTF8.GetBytes("Hello, World?"), DocsSignature), Is.False);
        Assert.That(PushSignature.IsValid("It's a secret to everybody", DocsBody, DocsSignature), Is.False);
    }
}
