namespace Portal.Tests.Infrastructure;

/// <summary>Every await in the tests is bounded, so a hang fails one test with a clear message instead of the run.</summary>
internal static class TestTimeout
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    /// <summary>How long a component may take to show what a test waits for.</summary>
    public static readonly TimeSpan Render = TimeSpan.FromSeconds(10);

    public static Task<T> WithTimeout<T>(this Task<T> task) => task.WaitAsync(Default);

    public static Task WithTimeout(this Task task) => task.WaitAsync(Default);

    /// <summary>A token that cancels after <see cref="Default"/>, for service calls that take one.</summary>
    public static CancellationToken Token() => new CancellationTokenSource(Default).Token;
}
