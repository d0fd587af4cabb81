namespace OpenFn.Adaptors.Tests.Support;

/// <summary>A clock fixed at <see cref="Now"/> whose timers fire at once and record the delay that was asked for.</summary>
public sealed class RecordingTimeProvider : TimeProvider
{
    private readonly List<TimeSpan> _delays = [];

    public DateTimeOffset Now { get; set; } = new(2025, 8, 2, 10, 0, 0, TimeSpan.Zero);

    public IReadOnlyList<TimeSpan> Delays
    {
        get
        {
            lock (_delays)
                return _delays.ToList();
        }
    }

    public override DateTimeOffset GetUtcNow() => Now;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            lock (_delays)
                _delays.Add(dueTime);
        }
        return System.CreateTimer(callback, state, dueTime == Timeout.InfiniteTimeSpan ? dueTime : TimeSpan.Zero, period);
    }
}
