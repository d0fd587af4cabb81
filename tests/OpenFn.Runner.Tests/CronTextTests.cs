using OpenFn.Runner.Projects;

namespace OpenFn.Runner.Tests;

public class CronTextTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    [TestCase("0 9 * * *", "UTC", "2026-03-02T09:00:00Z")]
    [TestCase("0 9 * * *", "Africa/Nairobi", "2026-03-02T06:00:00Z")]
    [TestCase("0 9 * * 0", "UTC", "2026-03-08T09:00:00Z")]
    [TestCase("0 9 * * 7", "UTC", "2026-03-08T09:00:00Z")]
    [TestCase("*/15 * * * *", "UTC", "2026-03-02T00:15:00Z")]
    [TestCase("30 */10 * * * ?", "UTC", "2026-03-02T00:00:30Z")]
    public void Five_fields_are_standard_cron_and_six_have_seconds_read_in_the_trigger_time_zone(string expression, string zone, string expected)
    {
        var next = CronText.Parse(expression, TimeZoneInfo.FindSystemTimeZoneById(zone)).GetNextValidTimeAfter(Monday);

        Assert.That(next, Is.EqualTo(DateTimeOffset.Parse(expected)));
    }

    [Test]
    public void A_local_time_skipped_by_daylight_saving_fires_when_the_clocks_move()
    {
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

        var next = CronText.Parse("30 2 * * *", paris).GetNextValidTimeAfter(new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero));

        Assert.That(next, Is.EqualTo(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero)), "02:30 does not exist on 29 March in Paris; clocks move at 01:00 UTC");
    }

    [TestCase("0 * * *", "it has 4 fields")]
    [TestCase("61 * * * *", "between 0 and 59")]
    public void A_bad_expression_says_why(string expression, string reason)
    {
        Assert.That(CronText.Validate(expression), Does.Contain(reason));
    }
}
