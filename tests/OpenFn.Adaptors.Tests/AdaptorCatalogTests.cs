using OpenFn.Adaptors.Common;
using OpenFn.Adaptors.Http;
using OpenFn.Adaptors.Oscar;
using OpenFn.Adaptors.Primero;
using OpenFn.Runtime;

namespace OpenFn.Adaptors.Tests;

/// <summary>How steps name adaptor versions, and what each version declares.</summary>
public class AdaptorCatalogTests
{
    private static readonly AdaptorRegistry Registry = new([new HttpAdaptor(), new PrimeroAdaptor(), new OscarAdaptor()]);

    [TestCase("http", "7.2.10")]
    [TestCase("http@latest", "7.2.10")]
    [TestCase("@openfn/language-http@4.2.8", "4.2.8")]
    [TestCase("http@4", "4.2.8")]
    [TestCase("http@5.0.1", "4.2.8")]
    [TestCase("http@3.1.0", "4.2.8")]
    [TestCase("http@^7.0.0", "7.2.10")]
    [TestCase("http@7.2", "7.2.10")]
    [TestCase("primero", "4.1.1")]
    [TestCase("primero@2.7.1", "2.7.0")]
    [TestCase("@openfn/language-primero@3.2.0", "4.1.1")]
    [TestCase("primero@1", "1.0.0")]
    [TestCase("oscar", "1.0.0")]
    [TestCase("@openfn-dotnet/language-oscar@1.0.0", "1.0.0")]
    public void A_version_spec_resolves_to_the_emulation_that_stands_for_it(string specifier, string expected)
    {
        Assert.That(Registry.Resolve(specifier).Version, Is.EqualTo(expected));
    }

    [Test]
    public void A_version_that_is_not_emulated_names_the_ones_that_are()
    {
        var error = Assert.Throws<AdaptorResolutionException>(() => Registry.Resolve("http@6.4.2"));

        Assert.That(error!.Message, Is.EqualTo("@openfn/language-http@6.4.2 is not emulated. Available: 4.2.8 (for 3.x–5.x), 7.2.10 (for 7.x)."));
    }

    [TestCase("http@4.2.8", new[] { "get", "post", "put", "patch", "del" })]
    [TestCase("http@7.2.10", new[] { "request", "get", "post", "put", "patch", "del", "util" })]
    [TestCase("primero@2.7.0", new[] { "getCases", "createCase", "updateCase", "upsertCase", "getReferrals", "createReferrals", "updateReferrals" })]
    [TestCase("primero@4.1.1", new[] { "getCases", "createCase", "updateCase", "upsertCase", "getReferrals", "createReferrals", "updateReferral", "updateReferrals", "getForms", "getLookups", "getLocations", "http" })]
    [TestCase("primero@1.0.0", new[] { "getCases", "createCase", "updateCase", "upsertCase" })]
    [TestCase("oscar", new[] { "getClients", "upsertClients", "updateLinks", "updateStatuses" })]
    public void Each_version_declares_its_operations_with_a_doc(string specifier, string[] operations)
    {
        var version = Registry.Resolve(specifier);

        Assert.That(version.Operations.Select(o => o.Name), Is.EqualTo(operations));
        Assert.That(version.Operations.Select(o => o.Doc), Has.All.Not.Empty);
        Assert.That(version.JsModule, Does.StartWith("(function (common, host)").Or.StartWith("// "));
    }

    [Test]
    public void Http_7_re_exports_exactly_the_documented_common_functions()
    {
        Assert.That(Registry.Resolve("http@7").CommonExports, Does.Contain("each").And.Contain("cursor").And.Not.Contain("log").And.Not.Contain("assert"));
        Assert.That(Registry.Resolve("http@7").Operations.First(o => o.Name == "post").Signature, Is.EqualTo("post(path, data?, options?)"));
    }
}
