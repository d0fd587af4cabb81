namespace OpenFn.Runtime.Execution;

/// <summary>Runs work on a new thread with a large stack, so deep recursion in a job hits the engine's limit, not the process's.</summary>
internal static class DedicatedThread
{
    public static Task<T> Run<T>(Func<T> work, int stackBytes, string name)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                completion.SetResult(work());
            }
            catch (Exception e)
            {
                completion.SetException(e);
            }
        }, stackBytes)
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return completion.Task;
    }
}
