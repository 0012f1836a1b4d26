namespace Bff.Tests.Hostile;

public static partial class HostileCatalogue
{
    private const string Api = "/api/** (proxied)";
    private const string InvalidPath = "invalid_path";
    private const string HostNotAllowed = "host_not_allowed";
    private const string PublicHost = "app.example.test"; // the host of Bff:PublicOrigin in the tests

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

        // Path parameters (';'). Kestrel keeps "..;" (it is not a dot segment to it), but servlet containers (Tomcat,
        // Jetty) drop the parameter and then resolve the "..": /api/..;/admin would reach the upstream's /admin.
        yield return Proxied("path-parameter dot segment ..;", "/api/..;/admin", 400, InvalidPath);
        yield return Proxied("encoded dots with a path parameter %2e%2e;", "/api/%2e%2e;/admin", 400, InvalidPath);
        yield return Proxied("dot-dot with an encoded semicolon ..%3B", "/api/..%3B/admin", 400, InvalidPath);
        yield return Proxied("dot-dot with a parameter value ..;x=1", "/api/a/..;x=1/..;y=2/admin", 400, InvalidPath);
        yield return Proxied("single dot with a path parameter .;", "/api/.;/admin", 400, InvalidPath);
        yield return Proxied("a path parameter on an ordinary segment", "/api/hello;jsessionid=abc", 400, InvalidPath);
        yield return HostileCase.Of(Api, "path-parameter dot segment reaching the app", c => c.Authed("GET", "/api/..;/admin")) with { InApp = true, Status = [400], ErrorType = InvalidPath };

        // Dot segments are resolved by Kestrel before routing: the request leaves /api/** and is never forwarded.
        yield return HostileCase.Of(Api, "raw ../ out of /api", c => c.Authed("GET", "/api/../admin")) with
        {
            Answer = Answer.Success,
            Status = [200],
            Check = (r, _) => r.MediaType == "text/html" ? null : $"expected the SPA's page, got {r.MediaType}",
        };
        yield return HostileCase.Of(Api, "encoded %2e%2e out of /api onto /me", c => c.Authed("GET", "/api/%2e%2e/me")) with { Answer = Answer.Success, Status = [200], Check = (r, c) => r.Json("user_id") == c.User.UserId ? null : "not the user's own /me" };

        // The BFF's own rules in front of the proxy.
        yield return HostileCase.Of(Api, "no session", _ => HostileContext.Anonymous("GET", "/api/hello")) with { Status = [401], ErrorType = SessionRequired };
        yield return HostileCase.Of(Api, "forged cookie", c => HostileContext.Anonymous("GET", "/api/hello").With("Cookie", $"{c.CookieName}={ForeignCookies.Random(200)}")) with { Status = [401], ErrorType = SessionRequired };
        yield return HostileCase.Of(Api, "no X-CSRF", c => c.Authed("GET", "/api/hello").Without("X-CSRF")) with { Status = [403], ErrorType = CsrfMissing };
        yield return HostileCase.Of(Api, "foreign Origin", c => c.Authed("POST", "/api/hello").With("Origin", "https://evil.example").WithJson("{}")) with { Status = [403], ErrorType = OriginRefused };
        yield return HostileCase.Of(Api, "Origin: null", c => c.Authed("POST", "/api/hello").With("Origin", "null").WithJson("{}")) with { Status = [403], ErrorType = OriginRefused };
        yield return new HostileCase(Api, "replayed after logout", async c => HostileContext.Anonymous("GET", "/api/hello").With("Cookie", await LoggedOutCookieAsync(c)))
        { Status = [401], ErrorType = SessionRequired };
        yield return HostileCase.Of(Api, "40 MB body announced", c => c.Authed("POST", "/api/upload").WithBody([], "application/octet-stream") with { ContentLength = 40L * 1024 * 1024 }) with { Status = [413], ErrorType = "request_too_large" };

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

        // What the upstream is told about the request: the public host of Bff:PublicOrigin, never the caller's choice.
        yield return Forwarded("X-Forwarded-Host is the public origin's, not the caller's Host", "/api/hello", "/upstream/api/hello") with
        {
            Check = (_, c) => UpstreamHeader(c, "X-Forwarded-Host") == PublicHost ? null : $"the upstream got X-Forwarded-Host '{UpstreamHeader(c, "X-Forwarded-Host")}'",
        };
        yield return Forwarded("a caller's X-Forwarded-Host and Forwarded are not passed on", "/api/hello", "/upstream/api/hello",
            r => r.With("X-Forwarded-Host", "evil.example").With("Forwarded", "for=203.0.113.9;host=evil.example;proto=https").With("X-Real-IP", "203.0.113.9")) with
        {
            Check = (_, c) => UpstreamHeader(c, "X-Forwarded-Host") == PublicHost && UpstreamHeader(c, "Forwarded") is null && UpstreamHeader(c, "X-Real-IP") is null
                ? null
                : $"the upstream got X-Forwarded-Host '{UpstreamHeader(c, "X-Forwarded-Host")}', Forwarded '{UpstreamHeader(c, "Forwarded")}', X-Real-IP '{UpstreamHeader(c, "X-Real-IP")}'",
        };
        yield return HostileCase.Of(Api, "Host of another site", c => c.Authed("GET", "/api/hello").With("Host", "evil.example")) with { Status = [400], ErrorType = HostNotAllowed };
        yield return HostileCase.Of(Api, "Host of the public origin", c => c.Authed("GET", "/api/hello").With("Host", PublicHost)) with { Answer = Answer.Success, Status = [200], UpstreamCalls = 1, UpstreamTarget = "/upstream/api/hello" };

        // Hop-by-hop: what the caller names in Connection ends at the BFF. Kestrel hands the app only the token when the
        // list also has keep-alive, close or upgrade: the first case is HTTP/1.0 (closed after the answer without a
        // "close"), the second shows the app's rule on a full list.
        yield return Forwarded("headers named in Connection are not forwarded", "/api/hello", "/upstream/api/hello",
            r => r.With("Connection", "X-Hop-Secret, X-Api-Version").With("X-Hop-Secret", "only-for-the-bff").With("X-Api-Version", "9") with { Protocol = "HTTP/1.0" }) with
        {
            Check = HopByHopNotForwarded,
        };
        yield return Forwarded("headers named in Connection next to keep-alive are not forwarded", "/api/hello", "/upstream/api/hello",
            r => r.With("Connection", "keep-alive, X-Hop-Secret, X-Api-Version").With("X-Hop-Secret", "only-for-the-bff").With("X-Api-Version", "9")) with
        {
            InApp = true,
            Check = HopByHopNotForwarded,
        };

        yield return Forwarded("Connection naming no valid header", "/api/hello", "/upstream/api/hello",
            r => r.With("Connection", "a@b, (x), \"q\", , ;").With("X-Hop-Secret", "kept") with { Protocol = "HTTP/1.0" }) with
        {
            Check = (_, c) => UpstreamHeader(c, "X-Hop-Secret") == "kept" ? null : "an unrelated header was dropped",
        };

        // What the upstream answers: never cached by the browser, no CORS grant, no Refresh redirect.
        yield return Forwarded("upstream caching, CORS and Refresh headers are not passed on", "/api/hostile-headers", "/upstream/api/hostile-headers") with
        {
            Check = (r, _) => r.Header("Cache-Control") == "no-store" && r.Header("Expires") is null && r.Header("Refresh") is null
                && !r.Headers.Any(h => h.Name.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase)) && r.Header("X-Upstream") == "yes"
                ? null
                : $"answer headers: {string.Join(", ", r.Headers.Select(h => $"{h.Name}: {h.Value}"))}",
        };
        yield return Forwarded("a proxied answer without caching headers is no-store", "/api/hello", "/upstream/api/hello") with
        {
            Check = (r, _) => r.Header("Cache-Control") == "no-store" ? null : $"Cache-Control '{r.Header("Cache-Control")}'",
        };
    }

    private static string? HopByHopNotForwarded(WireResponse response, HostileContext context) =>
        UpstreamHeader(context, "X-Hop-Secret") is null && UpstreamHeader(context, "X-Api-Version") is null
            ? null
            : $"a header named in Connection reached the upstream: X-Hop-Secret '{UpstreamHeader(context, "X-Hop-Secret")}', X-Api-Version '{UpstreamHeader(context, "X-Api-Version")}'";

    private static string? UpstreamHeader(HostileContext context, string name) =>
        context.Upstream!.Requests[^1].Headers.TryGetValue(name, out var value) ? value : null;

    private static HostileCase Proxied(string name, string target, int status, string? errorType) =>
        HostileCase.Of(Api, name, c => c.Authed("GET", target)) with { Status = [status], ErrorType = errorType };

    private static HostileCase Forwarded(string name, string target, string upstreamTarget, Func<WireRequest, WireRequest>? change = null) =>
        HostileCase.Of(Api, name, c => (change ?? (r => r))(c.Authed("GET", target))) with { Answer = Answer.Success, Status = [200], UpstreamCalls = 1, UpstreamTarget = upstreamTarget };
}
