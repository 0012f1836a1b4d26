namespace Bff.Tests.Hostile;

/// <summary>The hostile-request catalogue: every case, grouped by what it attacks.</summary>
public static partial class HostileCatalogue
{
    private const string Revoke = "POST /me/connected-apps/{id}/revoke";
    private const string List = "GET /me/connected-apps";
    private const string Routes = "unknown routes";
    private const string InvalidId = "invalid_connected_app_id";

    public static IEnumerable<HostileCase> All() =>
        [.. ConnectedAppIds(), .. Routing(), .. HeadersAndCookies(), .. CsrfAndMethods(), .. Bodies(), .. LoginRedirects(), .. LoginCsrfAndEnumeration(), .. ProxiedApi()];

    /// <summary>Ids and paths that try to reach another Stytch path or another user through the revoke route.</summary>
    private static IEnumerable<HostileCase> ConnectedAppIds()
    {
        // Traversal that Kestrel resolves before routing: the request lands on no route at all.
        yield return Id("dot-dot segment", "..", 404, "not_found");
        yield return Id("encoded dot-dot %2e%2e", "%2e%2e", 404, "not_found");
        yield return Id("mixed .%2E", ".%2E", 404, "not_found");
        yield return Id("single dot", ".", 404, "not_found");

        // Traversal hidden in one segment: refused by the id check before Stytch.
        yield return Id("encoded slashes ..%2F..%2Fusers%2Fother", "..%2F..%2Fusers%2Fuser-test-other", 400);
        yield return Id("upper-case %2E%2E%2F", "%2E%2E%2F%2E%2E%2Fv1", 400);
        yield return Id("encoded backslashes %5C..%5Cadmin", "%5C..%5Cadmin", 400);
        yield return Id("raw backslash", "..\\..\\admin", 400);
        yield return Id("double-encoded slash %252F", "..%252F..%252Fadmin", 400);
        yield return Id("double-encoded dots %252e%252e", "%252e%252e", 400);
        yield return Id("encoded ? to add a query", "app%3Fuser_id%3Duser-test-other", 400);
        yield return Id("encoded # to cut the path", "app%23", 400);
        yield return Id("matrix parameter ;", "app;user_id=other", 400);
        yield return Id("encoded space and +", "app%20+x", 400);
        yield return Id("encoded control character %01", "app%01x", 400);
        yield return Id("encoded CR LF header injection", "app%0D%0ASet-Cookie:%20x=1", 400);
        yield return Id("right-to-left override U+202E", "%E2%80%AEppa", 400);
        yield return Id("fullwidth dots U+FF0E", "%EF%BC%8E%EF%BC%8E", 400);
        yield return Id("raw control byte 0x01", "a\u0001b", 400);
        yield return Id("4 kB id", new string('a', 4096), 400);
        yield return Id("empty id", "", 404, "not_found");
        yield return Id("two segments", "a/b", 404, "not_found");

        // What Kestrel's request parser refuses before the app runs.
        yield return Id("raw UTF-8 bytes", "caf\u00C3\u00A9", 400, null) with { Answer = Answer.KestrelRejects };
        yield return Id("encoded NUL", "app%00x", 400, null) with { Answer = Answer.KestrelRejects };
        yield return Id("raw 0xFF byte", "a\u00FFb", 400, null) with { Answer = Answer.KestrelRejects };
        yield return Id("invalid UTF-8 %FF%FE", "%FF%FE", 400);
        yield return Id("overlong UTF-8 dot-dot %C0%AE%C0%AE", "%C0%AE%C0%AE", 400);
        yield return Id("10 kB id (over Kestrel's 8 kB request line)", new string('a', 10 * 1024), 414, null) with { Answer = Answer.KestrelRejects };

        // The same ids as the app sees them when no server has normalised the path.
        yield return Id("'..' reaching the app", "..", 400) with { InApp = true };
        yield return Id("'.' reaching the app", ".", 400) with { InApp = true };
        yield return Id("'%2F' kept encoded reaching the app", "..%2F..%2Fadmin", 400) with { InApp = true };
        yield return Id("NUL reaching the app", "app\0x", 400) with { InApp = true };
        yield return Id("unicode homoglyph reaching the app", "\u0441onnected-app", 400) with { InApp = true };
        yield return Id("10 kB id reaching the app", new string('a', 10 * 1024), 400) with { InApp = true };

        // Harmless variations: Stytch is called once, at exactly the intended path.
        yield return HostileCase.Of(Revoke, "upper-case route", c => c.Authed("POST", $"/ME/CONNECTED-APPS/{HostileContext.AppId}/REVOKE")) with { Answer = Answer.Success, Status = [200], StytchCalls = 1, StytchPath = RevokeOf(HostileContext.AppId) };
        yield return HostileCase.Of(Revoke, "trailing slash", c => c.Authed("POST", $"/me/connected-apps/{HostileContext.AppId}/revoke/")) with { Answer = Answer.Success, Status = [200], StytchCalls = 1, StytchPath = RevokeOf(HostileContext.AppId) };
        yield return HostileCase.Of(Revoke, "percent-encoded letters", c => c.Authed("POST", "/me/connected-apps/%63onnected-app-test-%31/revoke")) with { Answer = Answer.Success, Status = [200], StytchCalls = 1, StytchPath = RevokeOf(HostileContext.EncodedLettersAppId) };
        yield return HostileCase.Of(Revoke, "another user's id in the query", c => c.Authed("POST", $"/me/connected-apps/{HostileContext.AppId}/revoke?user_id=user-test-other")) with { Answer = Answer.Success, Status = [200], StytchCalls = 1, StytchPath = RevokeOf(HostileContext.AppId) };
        yield return HostileCase.Of(Revoke, "another user's id in a JSON body", c => c.Authed("POST", $"/me/connected-apps/{HostileContext.AppId}/revoke")
                .WithJson("""{"user_id":"user-test-00000000-0000-4000-8000-000000000000"}""")) with
        { Answer = Answer.Success, Status = [200], StytchCalls = 1, StytchPath = RevokeOf(HostileContext.AppId) };
        yield return HostileCase.Of(List, "another user's id in the query", c => c.Authed("GET", "/me/connected-apps?user_id=user-test-other&%75ser_id=x")) with { Answer = Answer.Success, Status = [200], StytchCalls = 1, StytchPath = "/v1/users/{user}/connected_apps" };
    }

    private static IEnumerable<HostileCase> Routing()
    {
        // Unknown paths under the server's prefixes are 404 problems (client-side routes get the SPA's index.html).
        yield return Route("unknown path under /me", new WireRequest("GET", "/me/nope").With("X-CSRF", "1"));
        yield return Route("unknown path under /auth", new WireRequest("GET", "/auth/nope"));
        yield return Route("unknown path under /dev", new WireRequest("GET", "/dev/nope"));
        yield return Route("unknown path, browser Accept", new WireRequest("GET", "/auth/nope").With("Accept", "text/html,application/xhtml+xml"));
        yield return Route("unknown file, browser Accept", new WireRequest("GET", "/wp-login.php").With("Accept", "text/html,application/xhtml+xml"));
        yield return Route("POST to a client-side route", new WireRequest("POST", "/settings").With("X-CSRF", "1"));
        yield return Route("Stytch's own API path on the BFF", new WireRequest("GET", "/v1/users/user-test-other/connected_apps.json"));
        yield return Route("/auth alone", new WireRequest("GET", "/auth"));
        yield return Route("below the revoke route", new WireRequest("POST", $"/me/connected-apps/{HostileContext.AppId}/revoke/again").With("X-CSRF", "1"));
        yield return Route("dot-file", new WireRequest("GET", "/.env"));
        yield return Route("encoded traversal to the config file", new WireRequest("GET", "/js/..%2F..%2F..%2Fappsettings.json"));
        yield return Route("backslash traversal to the config file", new WireRequest("GET", "/js/%2e%2e%5C%2e%2e%5C%2e%2e%5Cappsettings.json"));
        yield return Route("raw backslash traversal to the config file", new WireRequest("GET", "/js/..\\..\\appsettings.json"));
        yield return Spa("raw traversal to /etc/passwd", new WireRequest("GET", "/../../../etc/passwd"));
        yield return Spa("encoded traversal to /etc/passwd", new WireRequest("GET", "/%2e%2e/%2e%2e/etc/passwd"));
        yield return HostileCase.Of(Routes, "absolute-form target naming another host", c => c.Authed("GET", "http://evil.example/me")) with { Answer = Answer.KestrelRejects, Status = [400] };
        yield return HostileCase.Of(Routes, "invalid Host header", _ => new WireRequest("GET", "/me").With("Host", "evil example")) with { Answer = Answer.KestrelRejects, Status = [400] };
    }

    /// <summary>A traversal that resolves to a client-side route: the SPA's index.html, never a file outside wwwroot.</summary>
    private static HostileCase Spa(string name, WireRequest request) =>
        HostileCase.Of(Routes, name, _ => request) with
        {
            Answer = Answer.Success,
            Status = [200],
            Check = (r, _) => r.MediaType == "text/html" && r.BodyText.Contains("/js/app.js", StringComparison.Ordinal) && !r.BodyText.Contains("root:", StringComparison.Ordinal)
                ? null
                : $"not the SPA's index.html: {r.MediaType} {r.Excerpt()}",
        };

    private static HostileCase Id(string name, string rawId, int status, string? errorType = InvalidId) =>
        HostileCase.Of(Revoke, name, c => c.Authed("POST", $"/me/connected-apps/{rawId}/revoke")) with { Status = [status], ErrorType = errorType };

    private static HostileCase Route(string name, WireRequest request) =>
        HostileCase.Of(Routes, name, _ => request) with { Status = [404], ErrorType = "not_found" };

    private static string RevokeOf(string appId) => $"/v1/users/{{user}}/connected_apps/{appId}/revoke";
}
