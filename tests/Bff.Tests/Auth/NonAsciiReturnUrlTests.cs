using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bff.Security;
using Bff.Tests.Infrastructure;
using Serilog.Events;

namespace Bff.Tests.Auth;

/// <summary>
/// A return URL with characters outside ASCII (<c>/café</c>) is a path the SPA may really have. It must survive every
/// login that takes one, as the percent-encoded UTF-8 a browser would send (<c>/caf%C3%A9</c>), and never cost the user
/// a spent single-use login token and a 500 (Kestrel refuses a raw non-ASCII <c>Location</c>). Password login takes no
/// return URL: it answers JSON and the SPA navigates itself.
/// </summary>
public sealed class NonAsciiReturnUrlTests : BffTest
{
    private const string Encoded = "/caf%C3%A9?tab=r%C3%A9sum%C3%A9";
    private readonly TestUser _user = new("ada@example.com", "correct-horse");

    [Fact]
    public async Task AMagicLinkAskedForWithANonAsciiReturnUrlLogsInAndComesBackThereEncoded()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = Factory.CreateSpaClient();
        Factory.Stytch.On("POST", "/v1/magic_links/email/login_or_create", FakeReply.Json(StytchShapes.MagicLinkSent(_user)));
        Factory.Stytch.On("POST", "/v1/magic_links/authenticate", FakeReply.Json(StytchShapes.Login(_user, Factory.Clock.GetUtcNow(), "magic_link")));

        using var send = await client.PostAsJsonAsync("/auth/magic-link", new { email = _user.Email, return_url = "/café?tab=résumé" }, ct);
        Assert.Equal(HttpStatusCode.Accepted, send.StatusCode);
        var link = new Uri(JsonDocument.Parse(Factory.Stytch.Requests[^1].Body!).RootElement.GetProperty("login_magic_link_url").GetString()!);
        Assert.True(link.OriginalString.All(char.IsAscii), $"the link Stytch will mail is not ASCII: {link.OriginalString}");

        // Stytch appends its token to the link; the browser follows it.
        using var callback = await client.GetAsync($"{link.PathAndQuery}&stytch_token_type=magic_links&token=magic-token-test-0123456789", ct);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal(Encoded, callback.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me", ct)).StatusCode);
        AssertNoErrorLogged();
    }

    [Fact]
    public async Task AnOAuthLoginStartedWithANonAsciiReturnUrlComesBackThereEncoded()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = Factory.CreateSpaClient(csrf: false);
        Factory.Stytch.On("POST", "/v1/oauth/authenticate", FakeReply.Json(StytchShapes.OAuthLogin(_user, Factory.Clock.GetUtcNow())));

        using var start = await client.GetAsync($"/auth/oauth/google?return_url={Uri.EscapeDataString("/café?tab=résumé")}", ct);
        using var callback = await client.GetAsync("/auth/callback?stytch_token_type=oauth&token=oauth-token-test-0123456789", ct);

        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal(Encoded, callback.Headers.Location?.OriginalString);
        AssertNoErrorLogged();
    }

    [Fact]
    public async Task AMagicLinkCallbackCarryingARawNonAsciiReturnUrlRedirectsThereEncodedNot500()
    {
        var ct = TestContext.Current.CancellationToken;
        // Only a BFF that allows cross-device links reads return_url from the link itself (otherwise it is in the flow cookie).
        Factory.Settings["MagicLinks:AllowCrossDevice"] = "true";
        var client = Factory.CreateSpaClient(csrf: false);
        Factory.Stytch.On("POST", "/v1/magic_links/authenticate", FakeReply.Json(StytchShapes.Login(_user, Factory.Clock.GetUtcNow(), "magic_link")));

        // A link written by hand, or mailed before this fix: return_url decodes to "/café".
        using var callback = await client.GetAsync("/auth/callback?stytch_token_type=magic_links&token=magic-token-test-0123456789&return_url=%2Fcaf%C3%A9", ct);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/caf%C3%A9", callback.Headers.Location?.OriginalString);
        AssertNoErrorLogged();
    }

    [Theory]
    [InlineData("/caf", 0xD800)] // a lone surrogate: no UTF-8 form to encode (JSON and query parsing never produce one)
    [InlineData("/", 0xDFFF)]
    public void TextThatIsNotValidUnicodeIsNotAReturnUrl(string prefix, int surrogate)
    {
        var returnUrl = prefix + (char)surrogate;
        Assert.False(ReturnUrl.IsLocal(returnUrl));
        Assert.Equal("/", ReturnUrl.LocalOrRoot(returnUrl));
    }

    [Theory]
    [InlineData("/café", "/caf%C3%A9")]
    [InlineData("/a/ü?b=ß#ñ", "/a/%C3%BC?b=%C3%9F#%C3%B1")]
    [InlineData("/already/caf%C3%A9", "/already/caf%C3%A9")]
    [InlineData("/\u202Eevil", "/%E2%80%AEevil")]
    public void LocalOrRootPercentEncodesWhatIsNotAscii(string url, string expected) => Assert.Equal(expected, ReturnUrl.LocalOrRoot(url));

    private void AssertNoErrorLogged() =>
        Assert.DoesNotContain(Factory.Logs.Events, e => e.Level >= LogEventLevel.Error);
}
