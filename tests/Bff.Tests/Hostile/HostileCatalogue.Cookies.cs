namespace Bff.Tests.Hostile;

public static partial class HostileCatalogue
{
    private const string Me = "GET /me";
    private const string Logout = "POST /auth/logout";
    private const string LogoutAll = "POST /auth/logout-all";
    private const string Health = "GET /healthz, /readyz";
    private const string SessionRequired = "session_required";

    private static IEnumerable<HostileCase> HeadersAndCookies()
    {
        // Overlong and odd headers.
        yield return HostileCase.Of(Me, "16 kB unknown header", c => c.Authed("GET", "/me").With("X-Junk", new string('j', 16 * 1024))) with { Answer = Answer.Success, Status = [200] };
        yield return HostileCase.Of(Revoke, "16 kB X-CSRF", c => c.Authed("POST", RevokeTarget).Without("X-CSRF").With("X-CSRF", new string('1', 16 * 1024))) with { Status = [403], ErrorType = "bff_csrf_header_missing" };
        yield return HostileCase.Of(Revoke, "16 kB Origin", c => c.Authed("POST", RevokeTarget).With("Origin", "https://" + new string('a', 16 * 1024) + ".example")) with { Status = [403], ErrorType = "bff_origin_not_allowed" };
        yield return HostileCase.Of(Me, "16 kB X-Request-Id is not echoed", _ => new WireRequest("GET", "/me").With("X-CSRF", "1").With("X-Request-Id", new string('r', 16 * 1024))) with { Status = [401], ErrorType = SessionRequired };
        yield return HostileCase.Of(Me, "markup in X-Request-Id is not echoed", _ => new WireRequest("GET", "/me").With("X-CSRF", "1").With("X-Request-Id", "<script>alert(1)</script>"))
            with
        {
            Status = [401],
            ErrorType = SessionRequired,
            Check = (r, _) => r.Header("X-Request-Id")!.Contains('<', StringComparison.Ordinal) ? "the request id was echoed" : null,
        };
        yield return HostileCase.Of(Me, "100 kB cookie", c => c.Authed("GET", "/me").With("Cookie", "junk=" + new string('c', 100 * 1024))) with { Answer = Answer.KestrelRejects, Status = [431] };
        yield return HostileCase.Of(Me, "100 kB session cookie reaching the app", c => new WireRequest("GET", "/me").With("X-CSRF", "1").With("Cookie", $"{c.CookieName}={new string('c', 100 * 1024)}")) with { InApp = true, Status = [401], ErrorType = SessionRequired };
        yield return HostileCase.Of(Me, "150 headers", c => Enumerable.Range(0, 150).Aggregate(c.Authed("GET", "/me"), (r, i) => r.With($"X-H{i}", "v"))) with { Answer = Answer.KestrelRejects, Status = [431] };
        yield return HostileCase.Of(Revoke, "control character in X-CSRF", c => c.Authed("POST", RevokeTarget).Without("X-CSRF").With("X-CSRF", "1\u0001")) with { Status = [403], ErrorType = CsrfMissing };
        yield return HostileCase.Of(Revoke, "non-ASCII bytes in X-CSRF", c => c.Authed("POST", RevokeTarget).Without("X-CSRF").With("X-CSRF", "1\u00C3\u00A9")) with { Status = [403], ErrorType = CsrfMissing };
        yield return HostileCase.Of(Me, "NUL byte in a header value", c => c.Authed("GET", "/me").With("X-Junk", "a\u0000b")) with { Answer = Answer.KestrelRejects, Status = [400] };
        yield return HostileCase.Of(Me, "non-ASCII bytes in the cookie header", c => c.Authed("GET", "/me").Without("Cookie").With("Cookie", c.MainCookie + "\u00FF\u00FE")) with { Answer = Answer.KestrelRejects, Status = [400] };
        yield return HostileCase.Of(Me, "space in a header name", c => c.Authed("GET", "/me").With("X CSRF", "1")) with { Answer = Answer.KestrelRejects, Status = [400] };

        // Forged and spoiled session cookies.
        yield return Cookie("forged random value", c => $"{c.CookieName}={ForeignCookies.Random(300)}");
        yield return Cookie("tampered (one character changed)", c => $"{c.CookieName}={ForeignCookies.Tamper(c.MainCookieValue)}");
        yield return Cookie("truncated", c => $"{c.CookieName}={c.MainCookieValue[..(c.MainCookieValue.Length / 2)]}");
        yield return Cookie("empty value", c => $"{c.CookieName}=");
        yield return Cookie("chunked-cookie header without chunks", c => $"{c.CookieName}=chunks-3");
        yield return Cookie("minted by another Data Protection application name", c => $"{c.CookieName}={ForeignCookies.FromOtherKeyRing(c, "another-bff")}");
        yield return Cookie("minted by another key ring with the same application name", c => $"{c.CookieName}={ForeignCookies.FromOtherKeyRing(c, Bff.Sessions.SessionExtensions.DataProtectionApplicationName)}");
        yield return Cookie("the BFF's own keys, another purpose", c => $"{c.CookieName}={ForeignCookies.WithOtherPurpose(c)}");
        yield return Cookie("the BFF's own keys, a session key that does not exist", c => $"{c.CookieName}={ForeignCookies.PointingNowhere(c)}");
        // Cookie names are case-sensitive (RFC 6265): a look-alike is another cookie, and one that a sibling host can
        // set, as the __Host- prefix only protects the exact name. Of two cookies with the session cookie's name, the
        // first counts (the browser sends the more specific path first; a later duplicate is not allowed to win).
        yield return Cookie("the user's session under a lower-case name", c => $"{c.CookieName.ToLowerInvariant()}={c.MainCookieValue}");
        yield return Cookie("the user's session under an upper-case name", c => $"{c.CookieName.ToUpperInvariant()}={c.MainCookieValue}");
        yield return HostileCase.Of(Me, "a planted duplicate after the user's session cookie", c => new WireRequest("GET", "/me").With("X-CSRF", "1")
                .With("Cookie", $"{c.MainCookie}; {c.CookieName}={ForeignCookies.Random(200)}")) with
        { Answer = Answer.Success, Status = [200], Check = (r, c) => r.Json("user_id") == c.User.UserId ? null : "not the user's own session" };
        yield return new HostileCase(Me, "another session planted after the user's in a second Cookie header", async c =>
            {
                var planted = await c.LoginSomeoneElseAsync(TestContext.Current.CancellationToken);
                return new WireRequest("GET", "/me").With("X-CSRF", "1").With("Cookie", c.MainCookie).With("Cookie", planted);
            })
        { Answer = Answer.Success, Status = [200], Check = (r, c) => r.Json("session_id") == c.User.SessionId ? null : $"not the user's own session: {r.Excerpt()}" };
        yield return HostileCase.Of(Me, "a planted duplicate before the user's session cookie", c => new WireRequest("GET", "/me").With("X-CSRF", "1")
                .With("Cookie", $"{c.CookieName}={ForeignCookies.Random(200)}; {c.MainCookie}")) with
        { Status = [401], ErrorType = SessionRequired };
        yield return new HostileCase(Me, "the OAuth flow cookie as the session cookie", async c => new WireRequest("GET", "/me").With("X-CSRF", "1")
            .With("Cookie", $"{c.CookieName}={await ForeignCookies.OAuthFlowCookieAsync(c)}"))
        { Status = [401], ErrorType = SessionRequired };
        yield return HostileCase.Of(Revoke, "forged cookie", c => new WireRequest("POST", RevokeTarget).With("X-CSRF", "1").With("Cookie", $"{c.CookieName}={ForeignCookies.Random(200)}")) with { Status = [401], ErrorType = SessionRequired };
        yield return HostileCase.Of(Logout, "forged cookie", c => new WireRequest("POST", "/auth/logout").With("X-CSRF", "1").With("Cookie", $"{c.CookieName}={ForeignCookies.Random(200)}")) with { Status = [401], ErrorType = SessionRequired };
        yield return HostileCase.Of(Logout, "no session", _ => HostileContext.Anonymous("POST", "/auth/logout")) with { Status = [401], ErrorType = SessionRequired };

        // Log out everywhere: the same rules as logout, before any session is touched.
        yield return HostileCase.Of(LogoutAll, "no X-CSRF (a cross-site log-out-everywhere)", c => c.Authed("POST", "/auth/logout-all").Without("X-CSRF")) with { Status = [403], ErrorType = "bff_csrf_header_missing" };
        yield return HostileCase.Of(LogoutAll, "foreign Origin", c => c.Authed("POST", "/auth/logout-all").With("Origin", "https://evil.example")) with { Status = [403], ErrorType = "bff_origin_not_allowed" };
        yield return HostileCase.Of(LogoutAll, "forged cookie", c => new WireRequest("POST", "/auth/logout-all").With("X-CSRF", "1").With("Cookie", $"{c.CookieName}={ForeignCookies.Random(200)}")) with { Status = [401], ErrorType = SessionRequired };
        yield return new HostileCase(LogoutAll, "replayed after logout", async c => new WireRequest("POST", "/auth/logout-all").With("X-CSRF", "1").With("Cookie", await LoggedOutCookieAsync(c)))
        { Status = [401], ErrorType = SessionRequired };

        // Health probes: no session, no Stytch call, no detail for whoever asks, whatever the headers.
        yield return HostileCase.Of(Health, "16 kB header and spoofed forwarding headers", _ => new WireRequest("GET", "/healthz")
                .With("X-Junk", new string('h', 16 * 1024)).With("X-Forwarded-For", "203.0.113.9").With("X-Forwarded-Proto", "http").With("X-Forwarded-Host", "evil.example")) with
        { Answer = Answer.Success, Status = [200] };
        yield return HostileCase.Of(Health, "a Host of another site (probes address the instance, not the site)", _ => new WireRequest("GET", "/healthz").With("Host", "10.1.2.3:8080")) with { Answer = Answer.Success, Status = [200] };
        yield return HostileCase.Of(Health, "readiness with a query asking for details", _ => new WireRequest("GET", "/readyz?verbose=true&details=1")) with { Answer = Answer.Success, Status = [200], Check = (r, _) => r.BodyText.Contains("xception", StringComparison.Ordinal) || r.BodyText.Contains("redis:", StringComparison.OrdinalIgnoreCase) ? "details leaked" : null };

        // Replayed after logout: the cookie names a session that no longer exists.
        yield return new HostileCase(Me, "replayed after logout", async c => new WireRequest("GET", "/me").With("X-CSRF", "1").With("Cookie", await LoggedOutCookieAsync(c)))
        { Status = [401], ErrorType = SessionRequired };
        yield return new HostileCase(Revoke, "replayed after logout", async c => new WireRequest("POST", RevokeTarget).With("X-CSRF", "1").With("Cookie", await LoggedOutCookieAsync(c)))
        { Status = [401], ErrorType = SessionRequired };
        yield return new HostileCase(Logout, "replayed after logout", async c => new WireRequest("POST", "/auth/logout").With("X-CSRF", "1").With("Cookie", await LoggedOutCookieAsync(c)))
        { Status = [401], ErrorType = SessionRequired };

        // Expired: idle for longer than Session:IdleTimeout (the BFF's clock is moved, then moved back).
        yield return new HostileCase(Me, "expired (idle past the timeout)", async c =>
        {
            var cookie = await c.LoginSomeoneElseAsync(TestContext.Current.CancellationToken);
            c.Factory.Clock.Advance(IdleJump);
            return new WireRequest("GET", "/me").With("X-CSRF", "1").With("Cookie", cookie);
        })
        {
            Status = [401],
            ErrorType = SessionRequired,
            Cleanup = c =>
            {
                c.Factory.Clock.Advance(-IdleJump);
                return Task.CompletedTask;
            },
        };
    }

    private static readonly TimeSpan IdleJump = TimeSpan.FromMinutes(61);

    private static string RevokeTarget => $"/me/connected-apps/{HostileContext.AppId}/revoke";

    private static HostileCase Cookie(string name, Func<HostileContext, string> cookie) =>
        HostileCase.Of(Me, $"cookie {name}", c => new WireRequest("GET", "/me").With("X-CSRF", "1").With("Cookie", cookie(c))) with { Status = [401], ErrorType = SessionRequired };

    private static async Task<string> LoggedOutCookieAsync(HostileContext c)
    {
        var ct = TestContext.Current.CancellationToken;
        var cookie = await c.LoginSomeoneElseAsync(ct);
        var logout = await c.Transport.SendAsync(new WireRequest("POST", "/auth/logout").With("X-CSRF", "1").With("Cookie", cookie), ct);
        return logout.Status is 200 or 204 ? cookie : throw new InvalidOperationException($"Logout failed: {logout.Status} {logout.Excerpt()}");
    }
}
