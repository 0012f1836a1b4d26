namespace Bff.Tests.Hostile;

public static partial class HostileCatalogue
{
    private const string CsrfMissing = "bff_csrf_header_missing";
    private const string OriginRefused = "bff_origin_not_allowed";
    private const string Password = "POST /auth/password";
    private const string MagicLink = "POST /auth/magic-link";

    private static IEnumerable<HostileCase> CsrfAndMethods()
    {
        // X-CSRF must be exactly one header with the value 1.
        yield return Csrf("no X-CSRF", r => r.Without("X-CSRF"), CsrfMissing);
        yield return Csrf("X-CSRF: 0", r => r.Without("X-CSRF").With("X-CSRF", "0"), CsrfMissing);
        yield return Csrf("X-CSRF: true", r => r.Without("X-CSRF").With("X-CSRF", "true"), CsrfMissing);
        yield return Csrf("X-CSRF: 1, 1", r => r.Without("X-CSRF").With("X-CSRF", "1, 1"), CsrfMissing);
        yield return Csrf("two X-CSRF headers", r => r.With("X-CSRF", "1"), CsrfMissing);
        yield return Csrf("empty X-CSRF", r => r.Without("X-CSRF").With("X-CSRF", ""), CsrfMissing);

        // Origin, when present, must be on the allow-list.
        yield return Csrf("foreign Origin", r => r.With("Origin", "https://evil.example"), OriginRefused);
        yield return Csrf("Origin: null (sandboxed frame, file://)", r => r.With("Origin", "null"), OriginRefused);
        yield return Csrf("Origin with the allowed one as a prefix", r => r.With("Origin", "https://app.example.test.evil.example"), OriginRefused);
        yield return Csrf("Origin over http", r => r.With("Origin", "http://app.example.test"), OriginRefused);
        yield return Csrf("Origin on another port", r => r.With("Origin", "https://app.example.test:8443"), OriginRefused);
        yield return Csrf("Origin with a path", r => r.With("Origin", "https://app.example.test/"), OriginRefused);
        yield return Csrf("two Origin headers, one allowed", r => r.With("Origin", "https://app.example.test").With("Origin", "https://evil.example"), OriginRefused);

        // The same checks guard the other state-changing endpoints, before any Stytch call or session change.
        yield return HostileCase.Of(Password, "foreign Origin", _ => HostileContext.Anonymous("POST", "/auth/password").With("Origin", "https://evil.example").WithJson(ValidLogin)) with { Status = [403], ErrorType = OriginRefused };
        yield return HostileCase.Of(Password, "no X-CSRF", _ => new WireRequest("POST", "/auth/password").WithJson(ValidLogin)) with { Status = [403], ErrorType = CsrfMissing };
        yield return HostileCase.Of(MagicLink, "Origin: null", _ => HostileContext.Anonymous("POST", "/auth/magic-link").With("Origin", "null").WithJson(ValidMagicLink)) with { Status = [403], ErrorType = OriginRefused };
        yield return HostileCase.Of(Logout, "no X-CSRF (a cross-site logout)", c => c.Authed("POST", "/auth/logout").Without("X-CSRF")) with { Status = [403], ErrorType = CsrfMissing };
        yield return HostileCase.Of(Me, "no X-CSRF", c => c.Authed("GET", "/me").Without("X-CSRF")) with { Status = [403], ErrorType = CsrfMissing };
        yield return HostileCase.Of(List, "foreign Origin", c => c.Authed("GET", "/me/connected-apps").With("Origin", "https://evil.example")) with { Status = [403], ErrorType = OriginRefused };

        // Harmless: header names are case-insensitive; Stytch is called once, at the intended path.
        yield return HostileCase.Of(Revoke, "lower-case x-csrf header name", c => c.Authed("POST", RevokeTarget).Without("X-CSRF").With("x-csrf", "1")) with { Answer = Answer.Success, Status = [200], StytchCalls = 1, StytchPath = RevokeOf(HostileContext.AppId) };

        // Wrong methods: 405 problem, never the handler.
        yield return Method(Password, "GET", "/auth/password");
        yield return Method(MagicLink, "GET", "/auth/magic-link");
        yield return Method("GET /auth/callback", "POST", "/auth/callback?stytch_token_type=magic_links&token=" + ValidLookingToken);
        yield return Method("GET /auth/oauth/{provider}", "POST", "/auth/oauth/google");
        yield return Method(Logout, "GET", "/auth/logout");
        yield return Method(LogoutAll, "GET", "/auth/logout-all");
        yield return Method(Me, "PUT", "/me");
        yield return Method(Me, "DELETE", "/me");
        yield return Method(Me, "TRACE", "/me");
        yield return Method(Me, "BREW", "/me");
        yield return Method(List, "PATCH", "/me/connected-apps");
        yield return Method(Revoke, "GET", RevokeTarget);
        yield return Method(Revoke, "DELETE", RevokeTarget);
    }

    private const string ValidLogin = """{"email":"ada@example.com","password":"correct-horse-battery-staple"}""";
    private const string ValidMagicLink = """{"email":"ada@example.com"}""";
    private const string ValidLookingToken = "DOYoip3rvIMMW5lgItikFK-Ak1CfMsgjuiCyI7uuU94=";

    private static HostileCase Csrf(string name, Func<WireRequest, WireRequest> spoil, string errorType) =>
        HostileCase.Of(Revoke, name, c => spoil(c.Authed("POST", RevokeTarget))) with { Status = [403], ErrorType = errorType };

    private static HostileCase Method(string endpoint, string method, string target) =>
        HostileCase.Of(endpoint, $"{method} instead", c => c.Authed(method, target))
            with
        {
            Status = [405],
            ErrorType = "method_not_allowed",
            Check = (r, _) => r.Header("Allow") is null ? "no Allow header" : null,
        };
}
