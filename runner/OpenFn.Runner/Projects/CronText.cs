using Quartz;

namespace OpenFn.Runner.Projects;

/// <summary>
/// Reads a trigger's cron expression: five fields are standard (Unix) cron as OpenFn writes it; six or seven fields
/// are Quartz cron with a seconds field first (an extension, for schedules finer than a minute).
/// </summary>
public static class CronText
{
    public static CronExpression Parse(string expression, TimeZoneInfo timeZone)
    {
        var trimmed = expression.Trim();
        var fields = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (!trimmed.StartsWith('@') && fields is < 5 or > 7)
            throw new FormatException($"it has {fields} fields; standard cron has 5 (minute hour day-of-month month day-of-week), or 6-7 with seconds first");
        var format = trimmed.StartsWith('@') || fields == 5 ? CronFormat.Unix : CronFormat.Quartz;
        var parsed = CronExpression.Parse(trimmed, format);
        return new CronExpression(parsed.CronExpressionString, timeZone);
    }

    /// <summary>The reason an expression is not valid, or null when it is.</summary>
    public static string? Validate(string expression)
    {
        try
        {
            Parse(expression, TimeZoneInfo.Utc);
            return null;
        }
        catch (FormatException e)
        {
            return e.Message;
        }
    }
}
