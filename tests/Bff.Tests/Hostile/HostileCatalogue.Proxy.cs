namespace Bff.Tests.Hostile;

public static partial class HostileCatalogue
{
    private const string Api = "/api/** (proxied)";
    private const string InvalidPath = "invalid_path";

    /// <summary>The proxied API: nothing hostile is forwarded, and what is forwarded stays under the upstream prefix.</summary>
    private static IEnumerable<HostileCase> ProxiedApi()
    {
        // Paths an upstream could read as another path: refused before forwarding.
        yield return Proxied("encoded slashes ..%2F..%2Fadmin", "/api/..%2F..%2Fadmin", 400, InvalidPath);
        yield return Proxied("lower-case %2f", "/api/..%2f..%2f..%2fadmin", 400, InvalidPath);
        yield return Proxied("protocol-relative %2F%2Fevil", "/api/%2F%2Fevil.example/x", 400, InvalidPath);
        yield return Proxied("raw backslashes", "/api/..\\..\\admin", 400, InvalidPath);
        yield return Proxied("encoded backslashes %5C", "/api/..%5C..%5Cadmin", 400, InvalidPath);
        yield return Proxied("double-encoded %252e%252e%252f", "/api/%252e%252e%252fadmin", 400, InvalidPath);
        yield return Proxied("encoded control character", "/api/a%01b", 400, InvalidPath);
        yield return Proxied("encoded CR LF", "/api/a%0D%0AX-Injected:%201", 400, InvalidPath);
        yield return Proxied("encoded NUL", "/api/a%00b", 400, null) with { Answer = Answer.KestrelRejects };
        yield return Proxied("10 kB path (over Kestrel's request line)", "/api/" + new string('p', 10 * 1024), 414, null) with { Answer = Answer.KestrelRejects };

        // Dot segments are resolved by Kestrel before routing: the request leaves /api/** and is never forwarded.
        yield return HostileCase.Of(Api, "raw ../ out of /api", c => c.Authed("GET", "/api/../admin")) with
        {
            Answer = Answer.Success, Status = [200], Check = (r, _) => r.MediaType == "text/html" ? null : $"expected the SPA's page, got {r.MediaType}",
        };
        yield return HostileCase.Of(Api, "encoded %2e%2e out of /api onto /me", c => c.Authed("GET", "/api/%2e%2e/me"))
            with { Answer = Answer.Success, Status = [200], Check = (r, c) => r.Json("user_id") == c.User.UserId ? null : "not the user's own /me" };

        // The BFF's own rules in front of the proxy.
        yield return HostileCase.Of(Api, "no session", _ => HostileContext.Anonymous("GET", "/api/hello")) with { Status = [401], ErrorType = SessionRequired };
        yield return HostileCase.Of(Api, "forged cookie", c => HostileContext.Anonymous("GET", "/api/hello").With("Cookie", $"{c.CookieName}={ForeignCookies.Random(200)}"))
            with { Status = [401], ErrorType = SessionRequired };
        yield return HostileCase.Of(Api, "no X-CSRF", c => c.Authed("GET", "/api/hello").Without("X-CSRF")) with { Status = [403], ErrorType = CsrfMissing };
        yield return HostileCase.Of(Api, "foreign Origin", c => c.Authed("POST", "/api/hello").With("Origin", "https://evil.example").WithJson("{}"))
            with { Status = [403], ErrorType = OriginRefused };
        yield return HostileCase.Of(Api, "Origin: null", c => c.Authed("POST", "/api/hello").With("Origin", "null").WithJson("{}")) with { Status = [403], ErrorType = OriginRefused };
        yield return new HostileCase(Api, "replayed after logout", async c => HostileContext.Anonymous("GET", "/api/hello").With("Cookie", await LoggedOutCookieAsync(c)))
            { Status = [401], ErrorType = SessionRequired };
        yield return HostileCase.Of(Api, "40 MB body announced", c => c.Authed("POST", "/api/upload").WithBody([], "application/octet-stream") with { ContentLength = 40L * 1024 * 1024 })
            with { Status = [413], ErrorType = "request_too_large" };

        // Forwarded, and only under the prefix, with the BFF's credentials rather than the caller's.
        yield return Forwarded("an ordinary path", "/api/hello", "/upstream/api/hello");
        yield return Forwarded("upper-case route prefix", "/API/hello", "/upstream/API/hello");
        yield return Forwarded("traversal in the query stays in the query", "/api/x?next=/../../admin&%2F=1", "/upstream/api/x?next=/../../admin&%2F=1");
        yield return Forwarded("a 4 kB path", "/api/" + new string('p', 4096), "/upstream/api/" + new string('p', 4096));
        yield return Forwarded("percent-encoded unicode", "/api/caf%C3%A9", "/upstream/api/caf%C3%A9");
        yield return Forwarded("an attacker's Authorization header is replaced", "/api/hello", "/upstream/api/hello",
            r => r.With("Authorization", "Bearer attacker-token")) with
        {
            Check = (_, c) => c.Upstream!.Requests[^1] is { Authorization: { } auth } && auth.StartsWith("Bearer ey", StringComparison.Ordinal) && !auth.Contains("attacker", StringComparison.Ordinal)
                ? null : $"the upstream got Authorization '{c.Upstream.Requests[^1].Authorization}'",
        };
        yield return Forwarded("the session cookie is not forwarded", "/api/hello", "/upstream/api/hello", r => r.With("Cookie", "theme=dark")) with
        {
            Check = (_, c) => c.Upstream!.Requests[^1].Cookie is not { } cookie || !cookie.Contains(c.CookieName, StringComparison.OrdinalIgnoreCase)
                ? null : $"the upstream got the session cookie: {c.Upstream.Requests[^1].Cookie}",
        };
    }

    private static HostileCase Proxied(string name, string target, int status, string? errorType) =>
        HostileCase.Of(Api, name, c => c.Authed("GET", target)) with { Status = [status], ErrorType = errorType };

    private static HostileCase Forwarded(string name, string target, string upstreamTarget, Func<WireRequest, WireRequest>? change = null) =>
        HostileCase.Of(Api, name, c => (change ?? (r => r))(c.Authed("GET", target)))
            with { Answer = Answer.Success, Status = [200], UpstreamCalls = 1, UpstreamTarget = upstreamTarget };
}
