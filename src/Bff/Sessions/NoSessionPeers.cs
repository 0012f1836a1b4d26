namespace Bff.Sessions;

/// <summary>One instance with its sessions in this process: nothing to tell anyone; the store is read on every request.</summary>
public sealed class NoSessionPeers : ISessionPeers
{
    public bool CopiesTrusted => false;

    public Task AnnounceChangeAsync(string key, CancellationToken ct) => Task.CompletedTask;

    public Task<bool> TryClaimRefreshAsync(string key, CancellationToken ct) => Task.FromResult(true);

    public Task WaitForRefreshAsync(string key, CancellationToken ct) => Task.CompletedTask;

    public Task ReleaseRefreshAsync(string key) => Task.CompletedTask;
}
