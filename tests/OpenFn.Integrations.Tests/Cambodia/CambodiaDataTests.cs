using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenFn.Integrations.Tests.Support;
using OpenFn.Simulators.Seed;

namespace OpenFn.Integrations.Tests.Cambodia;

/// <summary>The data files of jobs/cambodia/data, which administrators edit.</summary>
public class CambodiaDataTests
{
    private static string DataFile(string name) => Path.Combine(IntegrationEnvironment.RepositoryRoot, "jobs", "cambodia", "data", name);

    /// <summary>Every property name of a JSON object, duplicates included (a JSON parser keeps only the last one).</summary>
    private static List<string> PropertyNames(string file)
    {
        var names = new List<string>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(File.ReadAllText(file)));
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                names.Add(reader.GetString()!);
        }
        return names;
    }

    [Test]
    public void Every_province_has_one_manager_and_19_and_22_are_fixed()
    {
        var names = PropertyNames(DataFile("province-users.json"));
        var users = JsonNode.Parse(File.ReadAllText(DataFile("province-users.json")))!.AsObject();

        Assert.Multiple(() =>
        {
            Assert.That(names, Is.EqualTo(Enumerable.Range(1, 25).Select(p => p.ToString("00", System.Globalization.CultureInfo.InvariantCulture))),
                "provinces 01 to 25, each once");
            Assert.That((string?)users["19"], Is.EqualTo("mgrstg"), "Stung Treng");
            Assert.That((string?)users["22"], Is.EqualTo("mgromc"), "Oddar Meanchey");
            Assert.That(users.Select(u => (string?)u.Value).Distinct().Count(), Is.EqualTo(25), "one manager per province");
        });
    }

    [Test]
    public void Every_OSCaR_service_name_maps_to_one_Primero_subtype()
    {
        var map = JsonNode.Parse(File.ReadAllText(DataFile("service-map.json")))!.AsObject();
        var rows = map["services"]!.AsArray().Select(r => (Subtype: (string)r!["primero_subtype"]!, Name: (string)r["oscar_name"]!)).ToList();
        var settled = map["oscar_to_primero"]!.AsObject();
        var shared = rows.GroupBy(r => r.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(CambodiaReference.OscarServiceNames.Except(rows.Select(r => r.Name)), Is.Empty, "every service OSCaR knows");
            Assert.That(rows.Select(r => r.Subtype), Is.Unique);
            Assert.That(settled.Select(s => s.Key), Is.EquivalentTo(shared), "names several subtypes share are settled");
            Assert.That(settled.Select(s => (string?)s.Value), Is.SubsetOf(rows.Select(r => r.Subtype)));
            Assert.That((string?)settled["Therapeutic interventions"], Is.EqualTo("mental_health_support_therapeutic_interventions"));
        });
    }

    [Test]
    public void The_NGOs_are_the_24_the_integration_knows()
    {
        var agencies = JsonNode.Parse(File.ReadAllText(DataFile("oscar-agencies.json")))!.AsArray().Select(a => (string?)a).ToList();

        Assert.That(agencies, Is.EquivalentTo(CambodiaReference.Agencies));
    }
}
