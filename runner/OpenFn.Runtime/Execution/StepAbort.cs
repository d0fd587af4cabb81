namespace OpenFn.Runtime.Execution;

/// <summary>Why a step was stopped from outside its own code.</summary>
internal enum AbortReason
{
    None,
    Timeout,
    Memory,
    Cancelled,
}

/// <summary>
/// The step's kill switch: one token that is cancelled when the step's time budget runs out, when live memory passes
/// the limit, or when the caller cancels. The first reason is the one reported.
/// </summary>
internal sealed class StepAbort : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly Timer? _timeout;
    private readonly MemoryWatchdog? _watchdog;
    private readonly CancellationTokenRegistration _callerRegistration;
    private int _reason;

    public StepAbort(TimeSpan timeout, long memoryBytes, CancellationToken callerToken)
    {
        if (timeout > TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
            _timeout = new Timer(_ => Abort(AbortReason.Timeout), null, timeout, Timeout.InfiniteTimeSpan);
        if (memoryBytes > 0)
            _watchdog = new MemoryWatchdog(memoryBytes, () => Abort(AbortReason.Memory));
        _callerRegistration = callerToken.Register(() => Abort(AbortReason.Cancelled));
    }

    public CancellationToken Token => _source.Token;

    public AbortReason Reason => (AbortReason)Volatile.Read(ref _reason);

    /// <summary>Peak live managed memory the watchdog saw above the step's starting point.</summary>
    public long PeakLiveBytes => _watchdog?.PeakLiveBytes ?? 0;

    public void Abort(AbortReason reason)
    {
        if (Interlocked.CompareExchange(ref _reason, (int)reason, (int)AbortReason.None) != (int)AbortReason.None)
            return;
        try
        {
            _source.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _callerRegistration.Dispose();
        _timeout?.Dispose();
        _watchdog?.Dispose();
        _source.Dispose();
    }
}
