using System.Collections.Immutable;

namespace GanXian.CreditHub.Data;

/// <summary>
/// The locks the current run already holds. A scheduled job runs under its lock, and the work it starts may take the
/// same lock itself (the nightly exchange job holds <c>exchange</c>, and so does the exchange runner it calls, which
/// the CLI and the API call directly too). Without this the inner acquire found the lock taken — by its own job — and
/// every scheduled exchange ended as "另一次交换正在运行".
/// </summary>
/// <remarks>
/// An <see cref="AsyncLocal{T}"/> flows into everything the holder awaits and goes out of scope with the holder's
/// async method, so only that run's own calls see the lock as theirs; another run in the same process does not.
/// </remarks>
public static class HeldLocks
{
    private static readonly AsyncLocal<ImmutableHashSet<string>?> Held = new();

    /// <summary>Marks <paramref name="name"/> as held by the calling async method and what it awaits.</summary>
    public static void Enter(string name) => Held.Value = (Held.Value ?? ImmutableHashSet<string>.Empty).Add(name);

    public static bool IsHeld(string name) => Held.Value?.Contains(name) == true;
}

/// <summary>Answers an acquire of a lock this run already holds with a handle that releases nothing.</summary>
internal sealed class ReentrantDistributedLock(IDistributedLock inner) : IDistributedLock
{
    private sealed class AlreadyHeld : IAsyncDisposable
    {
        public static readonly AlreadyHeld Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    public Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken ct) =>
        HeldLocks.IsHeld(name) ? Task.FromResult<IAsyncDisposable?>(AlreadyHeld.Instance) : inner.TryAcquireAsync(name, ct);
}
