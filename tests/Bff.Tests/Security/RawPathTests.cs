using System.Text;
using Bff.Tests.Infrastructure;

namespace Bff.Tests.Security;

/// <summary>
/// Connected-app ids sent as raw request lines to real Kestrel, the way a hand-made client could: whatever Kestrel
/// and routing make of them, none reaches Stytch. The app's answers are problem+json; Kestrel's own refusals of
/// malformed request lines (400, 414) have no body.
/// </summary>
public sealed class RawPathTests(KestrelBff bff) : IClassFixture<KestrelBff>
{
    public static TheoryData<string> RawIds() =>
    [
        "..", "%2e%2e", ".%2E", "%2F", "%2f", "..%2F..%2F..%2Fsessions", "a/b", "a/../../../v1/sessions",
        "?", "#", "a\\b", "%5C", "%00", "a%00b", "%0A", "%0D%0A", "\u0001", "%C3%A9", "\u00e9", "%E2%80%AE",
        "%252F", "a;b", "a%20b", "a b",
        new string('a', 10 * 1024),
    ];

    [Theory]
    [MemberData(nameof(RawIds))]
    public async Task ARawConnectedAppIdOnTheWireNeverReachesStytch(string rawId)
    {
        var ct = TestContext.Current.CancellationToken;
        var before = bff.Factory.Stytch.Requests.Count;
        var head = $"POST /me/connected-apps/{rawId}/revoke HTTP/1.1\r\nHost: localhost\r\nX-CSRF: 1\r\nCookie: {bff.SessionCookie}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

        var response = await RawHttp.SendAsync(bff.Address, Encoding.UTF8.GetBytes(head), ct);

        Assert.True(response.Status is 400 or 404 or 405 or 414, $"{rawId} → {response.Status} {response.Body}");
        if (response.Body.Length > 0)
        {
            Assert.StartsWith("application/problem+json", response.Header("Content-Type"), StringComparison.Ordinal);
            Assert.NotNull(response.Header("X-Request-Id"));
        }

        Assert.Empty(bff.Factory.Stytch.Requests.Skip(before)); // this class shares one BFF: only this test's calls count
        Assert.Empty(bff.Factory.Stytch.Unexpected);
    }

    [Fact]
    public async Task AGoodIdOnTheWireReachesExactlyTheIntendedPath()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = $"/v1/users/{bff.User.UserId}/connected_apps/connected-app-test-wire/revoke";
        bff.Factory.Stytch.On("POST", path, FakeReply.Ack());
        var head = $"POST /me/connected-apps/connected-app-test-wire/revoke HTTP/1.1\r\nHost: localhost\r\nX-CSRF: 1\r\nCookie: {bff.SessionCookie}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

        var response = await RawHttp.SendAsync(bff.Address, head, ct);

        Assert.Equal(200, response.Status);
        Assert.Single(bff.Factory.Stytch.Requests, r => r.RawPathAndQuery == path);
    }
}
