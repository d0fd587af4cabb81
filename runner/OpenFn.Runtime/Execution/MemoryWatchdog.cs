namespace OpenFn.Runtime.Execution;

/// <summary>
/// Watches live managed memory while a step runs and calls <c>onExceeded</c> when it grows past the limit.
/// Jint's own allocation limit counts garbage too, so this is the check that matches OpenFn's memory limit: heap
/// growth is sampled cheaply, and only when it passes the limit is a full collection forced to see what is really live.
/// The measure is process-wide growth since the step started, so concurrent steps share the budget.
/// </summary>
internal sealed class MemoryWatchdog : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    private readonly long _limitBytes;
    private readonly Action _onExceeded;
    private readonly long _baseline;
    private readonly Timer _timer;
    private long _nextCollectionAt;
    private int _checking;
    private bool _fired;

    public MemoryWatchdog(long limitBytes, Action onExceeded)
    {
        _limitBytes = limitBytes;
        _onExceeded = onExceeded;
        _baseline = GC.GetTotalMemory(forceFullCollection: false);
        _nextCollectionAt = _baseline + limitBytes;
        _timer = new Timer(_ => Check(), null, Interval, Interval);
    }

    public long PeakLiveBytes { get; private set; }

    private void Check()
    {
        if (_fired || Interlocked.Exchange(ref _checking, 1) == 1)
            return;
        try
        {
            var total = GC.GetTotalMemory(forceFullCollection: false);
            if (total < _nextCollectionAt)
                return;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
            var live = GC.GetTotalMemory(forceFullCollection: false) - _baseline;
            PeakLiveBytes = Math.Max(PeakLiveBytes, live);
            if (live > _limitBytes)
            {
                _fired = true;
                _onExceeded();
                return;
            }
            // Live memory is under the limit: collect again only after another quarter of the budget is allocated.
            _nextCollectionAt = Math.Max(_baseline + _limitBytes, _baseline + live + _limitBytes / 4);
        }
        finally
        {
            Volatile.Write(ref _checking, 0);
        }
    }

    public void Dispose() => _timer.Dispose();
}
