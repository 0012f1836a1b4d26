using System.Security.Claims;
using Bff.Sessions;
using Microsoft.AspNetCore.Authentication;

namespace Bff.Tests.Sessions;

/// <summary>
/// When a local copy may be served without reading the store: only when it was filled or verified while the change
/// channel was live, and no change could have slipped in between the store read and the fill.
/// </summary>
public sealed class LocalSessionCacheTests : IDisposable
{
    private const string Key = "k0000000000000000000000000000000000000000000";
    private static readonly byte[] StoredBytes = [1, 2, 3, 4];
    private readonly LocalSessionCache _copies = new();

    public void Dispose() => _copies.Dispose();

    [Fact]
    public void ACopyFilledWhileTheChannelIsLiveIsTrusted()
    {
        _copies.Set(Key, StoredBytes, Ticket("jwt"), _copies.BeginRead(trusted: true));

        Assert.Equal("jwt", _copies.GetTrusted(Key)?.Properties.Items["jwt"]);
    }

    [Fact]
    public void ACopyFilledWhileTheChannelIsNotLiveIsOnlyUsedAfterAStoreRead()
    {
        _copies.Set(Key, StoredBytes, Ticket("jwt"), _copies.BeginRead(trusted: false));

        Assert.Null(_copies.GetTrusted(Key));
        Assert.Equal("jwt", _copies.Get(Key, StoredBytes, _copies.BeginRead(trusted: false))?.Properties.Items["jwt"]);
        Assert.Null(_copies.Get(Key, [9, 9], _copies.BeginRead(trusted: false)));
    }

    [Fact]
    public void AStoreReadThatRacedWithAnInvalidationDoesNotFillATrustedCopy()
    {
        var stamp = _copies.BeginRead(trusted: true); // the read starts...
        _copies.Invalidate(Key);                     // ...a change to the session is announced meanwhile...
        _copies.Set(Key, StoredBytes, Ticket("maybe-stale"), stamp); // ...and the read, maybe from before the change, ends

        Assert.Null(_copies.GetTrusted(Key));
    }

    [Fact]
    public void AfterTheChannelWasInterruptedNoCopyIsTrustedUntilAStoreReadVerifiesIt()
    {
        _copies.Set(Key, StoredBytes, Ticket("jwt"), _copies.BeginRead(trusted: true));

        _copies.DistrustAll();

        Assert.Null(_copies.GetTrusted(Key));
        Assert.NotNull(_copies.Get(Key, StoredBytes, _copies.BeginRead(trusted: true))); // the store has the same bytes
        Assert.Equal("jwt", _copies.GetTrusted(Key)?.Properties.Items["jwt"]);
    }

    [Fact]
    public void AnInvalidatedSessionHasNoCopy()
    {
        _copies.Set(Key, StoredBytes, Ticket("jwt"), _copies.BeginRead(trusted: true));

        _copies.Invalidate(Key);

        Assert.Null(_copies.GetTrusted(Key));
        Assert.Null(_copies.Get(Key, StoredBytes, _copies.BeginRead(trusted: true)));
    }

    [Fact]
    public void EachReaderGetsItsOwnCopy()
    {
        _copies.Set(Key, StoredBytes, Ticket("jwt"), _copies.BeginRead(trusted: true));
        var first = _copies.GetTrusted(Key)!;

        first.Properties.Items["jwt"] = "changed-by-a-request";
        ((ClaimsIdentity)first.Principal.Identity!).AddClaim(new Claim("added", "by-a-request"));
        var second = _copies.GetTrusted(Key)!;

        Assert.Equal("jwt", second.Properties.Items["jwt"]);
        Assert.Null(second.Principal.FindFirst("added"));
    }

    private static AuthenticationTicket Ticket(string jwt)
    {
        var properties = new AuthenticationProperties();
        properties.Items["jwt"] = jwt;
        return new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "user-test-1")], "test")), properties, "test");
    }
}
