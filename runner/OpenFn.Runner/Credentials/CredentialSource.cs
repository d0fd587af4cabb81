namespace OpenFn.Runner.Credentials;

/// <summary>The credentials file of a long-running runner, re-read when it changes so rotated secrets apply to the next run.</summary>
public sealed class CredentialSource(string? file)
{
    private readonly Lock _lock = new();
    private CredentialStore? _store;
    private DateTime _readAt;

    public CredentialStore Current
    {
        get
        {
            lock (_lock)
            {
                var changedAt = file is not null && File.Exists(file) ? File.GetLastWriteTimeUtc(file) : DateTime.MinValue;
                if (_store is null || changedAt != _readAt)
                {
                    _store = CredentialStore.Load(file is not null && File.Exists(file) ? file : null);
                    _readAt = changedAt;
                }
                return _store;
            }
        }
    }
}
