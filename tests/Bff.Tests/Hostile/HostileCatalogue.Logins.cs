namespace Bff.Tests.Hostile;

public static partial class HostileCatalogue
{
    private const string OtherBrowser = "magic_link_other_browser";

    /// <summary>
    /// Login CSRF through magic links (a link that this browser did not ask for must not log it in, and is refused
    /// before Stytch spends its token), and user enumeration through the password login.
    /// </summary>
    private static IEnumerable<HostileCase> LoginCsrfAndEnumeration()
    {
        var ct = TestContext.Current.CancellationToken;
        var link = $"stytch_token_type=magic_links&token={ValidLookingToken}";
        const string someFlow = "flow=AAAAAAAAAAAAAAAAAAAAAA";

        yield return CallbackCase("magic link without a flow (opened in another browser, or an attacker's link)", link, OtherBrowser);
        yield return CallbackCase("magic link naming a flow this browser does not have", $"{link}&{someFlow}", OtherBrowser);
        yield return CallbackCase("magic link with an empty flow", $"{link}&flow=", OtherBrowser);
        yield return CallbackCase("magic link with traversal in the flow", $"{link}&flow=..%2F..%2Fauth%2Flogout", OtherBrowser);
        yield return CallbackCase("magic link with a 10 kB flow", $"{link}&flow={new string('f', 10 * 1024)}", OtherBrowser) with { InApp = true };
        yield return HostileCase.Of(Callback, "magic link with a forged flow cookie", _ => new WireRequest("GET", $"/auth/callback?{link}&{someFlow}")
                .With("Cookie", $"{HostileContext.MagicLinkFlowCookiePrefix}AAAAAAAAAAAAAAAAAAAAAA={ForeignCookies.Random(180)}")) with
        { Status = [400], ErrorType = OtherBrowser };
        yield return HostileCase.Of(Callback, "magic link with the session cookie as its flow cookie", c => new WireRequest("GET", $"/auth/callback?{link}&{someFlow}")
                .With("Cookie", $"{HostileContext.MagicLinkFlowCookiePrefix}AAAAAAAAAAAAAAAAAAAAAA={c.MainCookieValue}")) with
        { Status = [400], ErrorType = OtherBrowser };
        yield return new HostileCase(Callback, "magic link with the OAuth flow cookie as its flow cookie", async c =>
            {
                var start = await c.Transport.SendAsync(new WireRequest("GET", "/auth/oauth/google"), ct);
                var oauth = start.SetCookie(Bff.Auth.OAuthFlowCookie.CookieName);
                return new WireRequest("GET", $"/auth/callback?{link}&{someFlow}").With("Cookie", $"{HostileContext.MagicLinkFlowCookiePrefix}AAAAAAAAAAAAAAAAAAAAAA={oauth}");
            }) with
        { Status = [400], ErrorType = OtherBrowser };
        yield return new HostileCase(Callback, "another link's flow cookie renamed to this link's flow", async c =>
            {
                var (ownLink, ownCookie) = await c.SendMagicLinkAsync(null, ct);
                var (otherLink, _) = await c.SendMagicLinkAsync(null, ct);
                var value = ownCookie[(ownCookie.IndexOf('=', StringComparison.Ordinal) + 1)..];
                var otherFlow = otherLink.Split("flow=")[1].Split('&')[0];
                return new WireRequest("GET", otherLink).With("Cookie", $"{HostileContext.MagicLinkFlowCookiePrefix}{otherFlow}={value}");
            }) with
        { Status = [400], ErrorType = OtherBrowser };
        yield return HostileCase.Of(Callback, "a person opening a link from another browser", _ => new WireRequest("GET", $"/auth/callback?{link}&{someFlow}")
                .With("Accept", "text/html,application/xhtml+xml").With("Sec-Fetch-Site", "cross-site"))
            with
        {
            Answer = Answer.Success,
            Status = [302],
            Check = (r, _) => r.Header("Location") == $"/?auth_error={OtherBrowser}" && r.SetCookie("__Host-bff-session") is null
                ? null : $"redirected to '{r.Header("Location")}', session cookie '{r.SetCookie("__Host-bff-session")}'",
        };

        // The link really logs in where it was asked for; a return_url added to it cannot choose where it lands.
        foreach (var url in OpenRedirects.Take(5))
        {
            yield return new HostileCase(Callback, $"valid login, return_url {WireRequest.Printable(url, 40)} added to the link", async c =>
                {
                    var (ownLink, flowCookie) = await c.SendMagicLinkAsync("/", ct);
                    return new WireRequest("GET", $"{ownLink}&return_url={Uri.EscapeDataString(url)}").With("Cookie", flowCookie);
                })
                with
            {
                Answer = Answer.Success,
                Status = [302],
                StytchCalls = 1,
                StytchPath = "/v1/magic_links/authenticate",
                Check = (r, _) => r.Header("Location") == "/" ? null : $"redirected to '{r.Header("Location")}'",
            };
        }

        // An unknown email and a wrong password: one identical 401, nothing that tells them apart but the request ids.
        yield return HostileCase.Of(Password, "unknown email", _ => HostileContext.Anonymous("POST", "/auth/password").WithJson("""{"email":"nobody@example.com","password":"a-guess"}""")) with { Status = [401], ErrorType = "unauthorized_credentials", StytchCalls = 1, StytchPath = "/v1/passwords/authenticate", Check = SameAsAFailedLogin };
        yield return HostileCase.Of(Password, "wrong password", _ => HostileContext.Anonymous("POST", "/auth/password").WithJson("""{"email":"ada@example.com","password":"a-guess"}""")) with { Status = [401], ErrorType = "unauthorized_credentials", StytchCalls = 1, StytchPath = "/v1/passwords/authenticate", Check = SameAsAFailedLogin };
    }

    /// <summary>A failed password login's problem: Stytch's request_id for support, nothing of Stytch's status or error type.</summary>
    private static string? SameAsAFailedLogin(WireResponse response, HostileContext context) =>
        response.Json("stytch_status_code") is not null || response.Json("stytch_error_type") is not null || response.Json("error_url") is not null
            ? $"the problem tells an unknown email from a wrong password: {response.Excerpt()}"
            : response.Json("error_message") != FailedLoginMessage ? $"error_message '{response.Json("error_message")}'"
            : response.Json("request_id") is not { Length: > 0 } ? "no Stytch request_id for support"
            : null;

    private const string FailedLoginMessage = "The email address or password is not correct.";
}
