using System.Text;
using Bff.Tests.Infrastructure;
using static Bff.Tests.Me.OAuthAuthorize;

namespace Bff.Tests.Me;

/// <summary>The consent endpoints' body limit, on real Kestrel (the test server does not enforce body sizes).</summary>
public sealed class OAuthAuthorizeWireTests(KestrelBff bff) : IClassFixture<KestrelBff>
{
    [Theory]
    [InlineData(StartPath, false)]
    [InlineData(AuthorizePath, false)]
    [InlineData(StartPath, true)]
    [InlineData(AuthorizePath, true)]
    public async Task ABodyOver32KiBIs413AndStytchIsNotCalled(string path, bool chunked)
    {
        var ct = TestContext.Current.CancellationToken;
        var before = bff.Factory.Stytch.Requests.Count;
        var json = (path == StartPath ? StartBody() : AuthorizeBody()).ToJsonString();
        var body = Encoding.UTF8.GetBytes(json[..^1] + ",\"state\":\"" + new string('s', 33 * 1024) + "\"}");
        var framing = chunked ? "Transfer-Encoding: chunked" : $"Content-Length: {body.Length}";
        var head = $"POST {path} HTTP/1.1\r\nHost: localhost\r\nX-CSRF: 1\r\nCookie: {bff.SessionCookie}\r\nContent-Type: application/json\r\n{framing}\r\nConnection: close\r\n\r\n";
        var payload = chunked
            ? [.. Encoding.ASCII.GetBytes(head), .. Encoding.ASCII.GetBytes($"{body.Length:X}\r\n"), .. body, .. "\r\n0\r\n\r\n"u8]
            : Encoding.ASCII.GetBytes(head).Concat(body).ToArray();

        var response = await RawHttp.SendAsync(bff.Address, payload, ct);

        Assert.True(response.Status == 413, $"{response.Status} {response.Body}");
        Assert.StartsWith("application/problem+json", response.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Contains("\"request_too_large\"", response.Body, StringComparison.Ordinal);
        Assert.Empty(bff.Factory.Stytch.Requests.Skip(before));
    }

    [Fact]
    public async Task ABodyJustUnderTheLimitIsRead()
    {
        var ct = TestContext.Current.CancellationToken;
        var before = bff.Factory.Stytch.Requests.Count;
        var json = StartBody().ToJsonString();
        var body = Encoding.UTF8.GetBytes(json[..^1] + ",\"padding\":\"" + new string(' ', 30 * 1024) + "\"}");
        var head = $"POST {StartPath} HTTP/1.1\r\nHost: localhost\r\nX-CSRF: 1\r\nCookie: {bff.SessionCookie}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";

        var response = await RawHttp.SendAsync(bff.Address, [.. Encoding.ASCII.GetBytes(head), .. body], ct);

        // Read whole, then refused for its unknown field: not for its size.
        Assert.True(response.Status == 400, $"{response.Status} {response.Body}");
        Assert.Contains("\"invalid_json_body\"", response.Body, StringComparison.Ordinal);
        Assert.Empty(bff.Factory.Stytch.Requests.Skip(before));
    }
}
