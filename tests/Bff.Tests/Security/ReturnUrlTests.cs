using Bff.Security;

namespace Bff.Tests.Security;

public sealed class ReturnUrlTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/settings")]
    [InlineData("/settings/apps?tab=consent&x=%2Fy")]
    [InlineData("/a#fragment")]
    [InlineData("/oauth/authorize?client_id=connected-app-test-1&redirect_uri=http%3A%2F%2F127.0.0.1%3A5090%2Fcallback&scope=openid%20email%20profile")]
    [InlineData("/oauth/authorize?scope=openid+email&state=a%2Fb%5Cc")] // percent-encoded slashes, backslashes, spaces in the query
    public void ALocalPathIsLocal(string url) => Assert.True(ReturnUrl.IsLocal(url));

    /// <summary>
    /// The consent page's return URL is the whole OAuth authorization request. A long one (a 56-character client_id, an
    /// https redirect_uri, six scopes, a 256-character state and nonce, a PKCE challenge, two resources) must survive
    /// every login method.
    /// </summary>
    [Fact]
    public void ALongOAuthAuthorizationRequestIsALocalReturnUrl()
    {
        var url = LongAuthorizationRequest();

        Assert.InRange(url.Length, 1000, ReturnUrl.MaxLength);
        Assert.True(ReturnUrl.IsLocal(url));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("settings")]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData("/%2Fevil.example")]
    [InlineData("/%5Cevil.example")]
    [InlineData("/a\tb")]
    [InlineData("/a b")]
    [InlineData("/a%0d%0aSet-Cookie:x=y")]
    [InlineData("javascript:alert(1)")]
    [InlineData(" /settings")]
    [InlineData("/%2F%2Fevil.example?client_id=x")] // the path is checked decoded, whatever follows it
    [InlineData("/%5Cevil.example#x")]
    [InlineData("/oauth/authorize?scope=openid email")] // raw whitespace, also in the query
    [InlineData("/oauth/authorize?state=a\\b")] // raw backslash (the SPA sends it as %5C)
    [InlineData("/oauth/authorize?state=a\nb")] // raw control character
    public void AnythingElseIsNot(string? url) => Assert.False(ReturnUrl.IsLocal(url));

    [Fact]
    public void AnOverlongReturnUrlIsNotLocal() => Assert.False(ReturnUrl.IsLocal("/" + new string('a', ReturnUrl.MaxLength)));

    /// <param name="stateLength">256 by default; longer to pad the request up to a given length.</param>
    internal static string LongAuthorizationRequest(int stateLength = 256)
    {
        static string E(string value) => Uri.EscapeDataString(value);
        var state = new string('s', stateLength);
        var nonce = new string('n', 256);
        return "/oauth/authorize"
            + $"?client_id={E("connected-app-test-0b6b1f7e-3f55-4c8e-9f4e-2d1c5a7b9e10")}"
            + $"&redirect_uri={E("https://connector.thirdparty.example.com/oauth/callback/stytch-connected-app")}"
            + "&response_type=code"
            + $"&scope={E("openid email profile phone offline_access read:projects")}"
            + $"&state={state}&nonce={nonce}"
            + $"&code_challenge={new string('c', 43)}&code_challenge_method=S256&prompt=consent"
            + $"&resource={E("https://mcp.thirdparty.example.com/mcp")}&resource={E("https://api.thirdparty.example.com/v2")}";
    }

    [Fact]
    public void LocalOrRootFallsBackToRoot()
    {
        Assert.Equal("/", ReturnUrl.LocalOrRoot("//evil.example"));
        Assert.Equal("/apps", ReturnUrl.LocalOrRoot("/apps"));
    }
}
