using OpenFn.Runner.Deploy;

namespace OpenFn.Runner.Tests.Deploy;

public class CheckoutsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public void A_folder_is_removed_only_after_it_has_been_unused_for_the_delay_and_never_while_in_use()
    {
        using var folder = new TempFolder();
        foreach (var name in new[] { "active", "running", "old", "abc.partial" })
            Directory.CreateDirectory(folder.File($"checkouts/{name}"));
        var checkouts = new Checkouts(folder.File("checkouts"));
        var inUse = new HashSet<string> { "active", "running" };
        var delay = TimeSpan.FromSeconds(2);

        Assert.That(checkouts.RemoveUnused(inUse.Contains, delay, T0), Is.Empty, "first seen unused: kept for the delay");
        Assert.That(checkouts.RemoveUnused(inUse.Contains, delay, T0.AddSeconds(1)), Is.Empty);
        inUse.Add("old"); // a run queued on that version just in time
        Assert.That(checkouts.RemoveUnused(inUse.Contains, delay, T0.AddSeconds(3)), Is.EqualTo(new[] { "abc.partial" }));
        inUse.Remove("old");
        inUse.Remove("running");
        Assert.That(checkouts.RemoveUnused(inUse.Contains, delay, T0.AddSeconds(4)), Is.Empty, "unused again: the delay starts over");
        Assert.That(checkouts.RemoveUnused(inUse.Contains, delay, T0.AddSeconds(6)), Is.EquivalentTo(new[] { "old", "running" }));

        Assert.That(Directory.GetDirectories(folder.File("checkouts")).Select(Path.GetFileName), Is.EqualTo(new[] { "active" }));
    }
}
