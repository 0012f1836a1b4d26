using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bff.Auth;
using Bff.Security;
using Bff.Tests.Infrastructure;
using Bff.Tests.Security;
using Microsoft.Net.Http.Headers;

namespace Bff.Tests.Auth;

/// <summary>
/// The consent page (/oauth/authorize) sends its whole URL, the app's OAuth authorization request, as the return URL of
/// the login. A long one must come back unchanged from the magic link and from OAuth (the password login never leaves
/// the page), and the flow cookies that carry it must still fit in a browser's 4096-byte cookie.
/// </summary>
public sealed class ConsentReturnUrlTests : BffTest
{
    private const int BrowserCookieLimit = 4096;
    private readonly TestUser _user = new("ada@example.com", "correct-horse");

    [Theory]
    [InlineData(0)] // the long request as it is (about 1.1 kB)
    [InlineData(ReturnUrl.MaxLength)] // padded to the longest return URL the BFF accepts
    public async Task AMagicLinkComesBackToALongAuthorizationRequestUnchangedAndItsFlowCookieFitsABrowser(int length)
    {
        var ct = TestContext.Current.CancellationToken;
        var returnUrl = AuthorizationRequestOfLength(length);
        Factory.Stytch.On("POST", "/v1/magic_links/email/login_or_create", FakeReply.Json(StytchShapes.MagicLinkSent(_user)));
        Factory.Stytch.On("POST", "/v1/magic_links/authenticate", FakeReply.Json(StytchShapes.Login(_user, Factory.Clock.GetUtcNow(), "magic_link")));
        var browser = Factory.CreateSpaClient();

        var send = await browser.PostAsJsonAsync("/auth/magic-link", new { email = _user.Email, return_url = returnUrl }, ct);
        Assert.Equal(HttpStatusCode.Accepted, send.StatusCode);
        var flow = Assert.Single(SetCookieHeaderValue.ParseList([.. send.Headers.GetValues("Set-Cookie")]), c => c.Name.Value!.StartsWith(MagicLinkFlowCookie.CookiePrefix, StringComparison.Ordinal));
        Assert.InRange(flow.Name.Length + 1 + flow.Value.Length, 1, BrowserCookieLimit);
        using var sent = JsonDocument.Parse(Factory.Stytch.Requests[0].Body!);
        var link = new Uri(sent.RootElement.GetProperty("login_magic_link_url").GetString()!);
        var callback = await browser.GetAsync($"{link.PathAndQuery}{(link.Query.Length == 0 ? "?" : "&")}stytch_token_type=magic_links&token=magic-link-token-0123456789", ct);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal(returnUrl, callback.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData(0)] // the long request as it is (about 1.1 kB)
    [InlineData(ReturnUrl.MaxLength)] // padded to the longest return URL the BFF accepts
    public async Task OAuthComesBackToALongAuthorizationRequestUnchangedAndItsFlowCookieFitsABrowser(int length)
    {
        var ct = TestContext.Current.CancellationToken;
        var returnUrl = AuthorizationRequestOfLength(length);
        Factory.Stytch.On("POST", "/v1/oauth/authenticate", FakeReply.Json(StytchShapes.OAuthLogin(_user, Factory.Clock.GetUtcNow())));
        var browser = Factory.CreateSpaClient(csrf: false);

        var start = await browser.GetAsync($"/auth/oauth/google?return_url={Uri.EscapeDataString(returnUrl)}", ct);
        var callback = await browser.GetAsync("/auth/callback?stytch_token_type=oauth&token=oauth-token-test-0123456789", ct);

        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var flow = Assert.Single(SetCookieHeaderValue.ParseList(start.Headers.GetValues("Set-Cookie").ToList()), c => c.Name == "__Host-bff-oauth");
        Assert.InRange(flow.Name.Length + 1 + flow.Value.Length, 1, BrowserCookieLimit);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal(returnUrl, callback.Headers.Location?.OriginalString);
    }

    /// <summary>The long authorization request, padded (its state) to <paramref name="length"/> characters unless 0.</summary>
    private static string AuthorizationRequestOfLength(int length)
    {
        var returnUrl = ReturnUrlTests.LongAuthorizationRequest();
        if (length > 0)
        {
            returnUrl = ReturnUrlTests.LongAuthorizationRequest(256 + length - returnUrl.Length);
            Assert.Equal(length, returnUrl.Length);
        }

        return returnUrl;
    }
}
