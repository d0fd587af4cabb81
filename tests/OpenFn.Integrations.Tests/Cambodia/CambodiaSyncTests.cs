using System.Text.Json.Nodes;
using OpenFn.Runtime;

namespace OpenFn.Integrations.Tests.Cambodia;

public class CambodiaSyncTests
{
    [Test]
    public async Task Both_flows_run_on_the_seeded_simulators()
    {
        await using var sync = await CambodiaSync.StartAsync(cases: 50, clients: 50);
        var flow1 = await sync.RunAsync(CambodiaSync.PrimeroToOscar);
        TestContext.Out.WriteLine(flow1.FinalState?.ToJsonString());
        Assert.That(flow1.Status, Is.EqualTo(RunStatus.Success), flow1.Error);
        var flow2 = await sync.RunAsync(CambodiaSync.OscarToPrimero);
        TestContext.Out.WriteLine(flow2.FinalState?.ToJsonString());
        Assert.That(flow2.Status, Is.EqualTo(RunStatus.Success), flow2.Error);
    }
}
