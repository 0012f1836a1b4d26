namespace Bff.Sessions;

/// <summary>
/// The other BFF instances that share this instance's session store: how a change made here reaches their local copies
/// (<see cref="LocalSessionCache"/>), whether this instance's own copies can be trusted without reading the store, and
/// which instance asks Stytch when a session needs a check. With the in-process store there are none
/// (<see cref="NoSessionPeers"/>); with Redis it is <see cref="Bff.Redis.RedisSessionPeers"/>.
/// </summary>
public interface ISessionPeers
{
    /// <summary>
    /// True while every change announced by any instance is known to reach this instance's <see cref="LocalSessionCache"/>
    /// in time: a trusted copy may then be served without reading the store. Read on every request: cheap.
    /// </summary>
    bool CopiesTrusted { get; }

    /// <summary>Tells every other instance that the session under <paramref name="key"/> changed or ended (after the store write).</summary>
    Task AnnounceChangeAsync(string key, CancellationToken ct);

    /// <summary>
    /// True: this instance asks Stytch about the session now (release with <see cref="ReleaseRefreshAsync"/>). False:
    /// another instance is asking; <see cref="WaitForRefreshAsync"/> waits for it to finish.
    /// </summary>
    Task<bool> TryClaimRefreshAsync(string key, CancellationToken ct);

    /// <summary>Returns when the instance holding the claim on <paramref name="key"/> has released it, or its claim has lapsed.</summary>
    Task WaitForRefreshAsync(string key, CancellationToken ct);

    Task ReleaseRefreshAsync(string key);
}

/// <summary>One instance with its sessions in this process: nothing to tell anyone; the store is read on every request.</summary>
public sealed class NoSessionPeers : ISessionPeers
{
    public bool CopiesTrusted => false;

    public Task AnnounceChangeAsync(string key, CancellationToken ct) => Task.CompletedTask;

    public Task<bool> TryClaimRefreshAsync(string key, CancellationToken ct) => Task.FromResult(true);

    public Task WaitForRefreshAsync(string key, CancellationToken ct) => Task.CompletedTask;

    public Task ReleaseRefreshAsync(string key) => Task.CompletedTask;
}
