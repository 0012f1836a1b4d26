using System.Text;

namespace Bff.Tests.Hostile;

public static partial class HostileCatalogue
{
    private const string OAuthStart = "GET /auth/oauth/{provider}";
    private const string Callback = "GET /auth/callback";
    private const string InvalidReturnUrl = "invalid_return_url";
    private const string UnsupportedMediaType = "unsupported_media_type";

    /// <summary>Open-redirect attempts: each must be refused (or, where only a redirect is possible, replaced by "/").</summary>
    private static readonly string[] OpenRedirects =
    [
        "//evil.example", "/\\evil.example", "https://evil.example/", "/%2F%2Fevil.example", "%2F%2Fevil.example",
        "/\t/evil.example", "javascript:alert(1)", "/%5Cevil.example", "/%09/evil.example", " /evil.example", "\\\\evil.example",
    ];

    private static IEnumerable<HostileCase> Bodies()
    {
        yield return Login("junk JSON", Json("{\"email\":"));
        yield return Login("a JSON array", Json("[]"));
        yield return Login("a JSON string", Json("\"ada@example.com\""));
        yield return Login("JSON null", Json("null"));
        yield return Login("wrong types", Json("""{"email":123,"password":true}"""));
        yield return Login("missing fields", Json("{}"));
        yield return Login("not an email", Json("""{"email":"not-an-email","password":"x"}"""));
        yield return Login("NUL inside the email", Json("""{"email":"ada\u0000@example.com","password":"x"}"""));
        yield return Login("10 kB password", Json($$"""{"email":"ada@example.com","password":"{{new string('p', 10 * 1024)}}"}"""));
        yield return Login("10 kB email", Json($$"""{"email":"{{new string('e', 10 * 1024)}}@example.com","password":"x"}"""));
        yield return Login("nesting 1000 deep", Json("{\"email\":" + new string('[', 1000) + new string(']', 1000) + "}"));
        yield return Login("invalid UTF-8 bytes", r => r.WithBody([.. "{\"email\":\"ada\u00C3"u8, 0xFF, 0xFE, .. "@example.com\",\"password\":\"x\"}"u8], "application/json"));
        yield return Login("text/plain body", r => r.WithBody(Encoding.UTF8.GetBytes(ValidLogin), "text/plain")) with { Status = [415], ErrorType = "unsupported_media_type" };
        // JSON is UTF-8 (RFC 8259 §8.1). Any other charset, known or not, is refused before the body is read.
        yield return Login("charset=utf-7", r => r.WithBody(Encoding.UTF8.GetBytes(ValidLogin), "application/json; charset=utf-7")) with { Status = [415], ErrorType = UnsupportedMediaType };
        yield return Login("an unknown charset", r => r.WithBody(Encoding.UTF8.GetBytes(ValidLogin), "application/json; charset=x-klingon")) with { Status = [415], ErrorType = UnsupportedMediaType };
        yield return Login("a known charset other than UTF-8", r => r.WithBody(Encoding.Unicode.GetBytes(ValidLogin), "application/json; charset=utf-16")) with { Status = [415], ErrorType = UnsupportedMediaType };
        yield return Login("an empty charset", r => r.WithBody(Encoding.UTF8.GetBytes(ValidLogin), "application/json; charset=")) with { Status = [415], ErrorType = UnsupportedMediaType };
        yield return Login("two charsets", r => r.WithBody(Encoding.UTF8.GetBytes(ValidLogin), "application/json; charset=utf-8; charset=utf-7")) with { Status = [415], ErrorType = UnsupportedMediaType };
        yield return HostileCase.Of(MagicLink, "charset=utf-7", _ => HostileContext.Anonymous("POST", "/auth/magic-link").WithBody(Encoding.UTF8.GetBytes(ValidMagicLink), "application/json; charset=utf-7")) with { Status = [415], ErrorType = UnsupportedMediaType };
        yield return HostileCase.Of(Password, "charset=\"UTF-8\" (quoted, upper case) is UTF-8", _ => HostileContext.Anonymous("POST", "/auth/password")
                .WithBody(Encoding.UTF8.GetBytes(ValidLogin), "application/json; charset=\"UTF-8\"")) with
        { Answer = Answer.Success, Status = [200], StytchCalls = 1, StytchPath = "/v1/passwords/authenticate" };
        yield return Login("no body", r => r);
        yield return Login("empty JSON body", r => r.WithBody([], "application/json"));
        yield return Login("truncated body, then the client closes", r => r.WithBody(Encoding.UTF8.GetBytes(ValidLogin[..10]), "application/json") with { ContentLength = 100, HalfClose = true }) with { Answer = Answer.NoAnswerToAClosedClient, Status = [0] };
        yield return Login("truncated body reaching the app", r => r.WithBody(Encoding.UTF8.GetBytes(ValidLogin[..10]), "application/json") with { ContentLength = 100 }) with { InApp = true };
        yield return Login("malformed chunked body", r => r.With("Transfer-Encoding", "chunked").WithBody(Encoding.ASCII.GetBytes("zz\r\n{}\r\n0\r\n\r\n"), "application/json"));
        yield return Login("chunked body cut short, then the client closes", r => r.With("Transfer-Encoding", "chunked").WithBody(Encoding.ASCII.GetBytes("64\r\n{\"email\":"), "application/json") with { HalfClose = true }) with { Answer = Answer.NoAnswerToAClosedClient, Status = [0] };
        yield return Login("40 MB announced, over Kestrel's 30 MB limit", r => r.WithBody([], "application/json") with { ContentLength = 40L * 1024 * 1024 }) with { Status = [413], ErrorType = "request_too_large" };
        yield return HostileCase.Of(MagicLink, "junk JSON", _ => HostileContext.Anonymous("POST", "/auth/magic-link").WithJson("{\"email\":\"ada@example.com\",")) with { Status = [400] };
        yield return HostileCase.Of(MagicLink, "CR LF inside the email", _ => HostileContext.Anonymous("POST", "/auth/magic-link").WithJson("""{"email":"ada@example.com\r\nBcc: all@example.com"}""")) with { Status = [400] };
        yield return HostileCase.Of(MagicLink, "10 kB return_url", _ => HostileContext.Anonymous("POST", "/auth/magic-link").WithJson($$"""{"email":"ada@example.com","return_url":"/{{new string('r', 10 * 1024)}}"}""")) with { Status = [400] };

        // Neither Host nor forwarded headers change where the magic link points: only Bff:PublicOrigin does.
        yield return HostileCase.Of(MagicLink, "X-Forwarded-Host: evil.example", _ => HostileContext.Anonymous("POST", "/auth/magic-link")
                .With("X-Forwarded-Host", "evil.example").With("X-Forwarded-Proto", "http").With("Forwarded", "host=evil.example;proto=http").WithJson(ValidMagicLink))
            with
        {
            Answer = Answer.Success,
            Status = [202],
            StytchCalls = 1,
            StytchPath = "/v1/magic_links/email/login_or_create",
            Check = (_, c) => c.Stytch.Requests[^1].Body is { } body && body.Contains("\"https://app.example.test/auth/callback", StringComparison.Ordinal)
                && !body.Contains("evil", StringComparison.Ordinal) ? null : $"the magic link does not point at the public origin: {c.Stytch.Requests[^1].Body}",
        };
        // A Host that is not the public origin's is refused before anything else (Bff:PublicOrigin, Bff:AllowedOrigins).
        yield return HostileCase.Of(MagicLink, "Host: evil.example", _ => HostileContext.Anonymous("POST", "/auth/magic-link").With("Host", "evil.example").WithJson(ValidMagicLink)) with { Status = [400], ErrorType = "host_not_allowed" };
        yield return HostileCase.Of(MagicLink, "Host: the allowed one as a prefix", _ => HostileContext.Anonymous("POST", "/auth/magic-link").With("Host", "app.example.test.evil.example").WithJson(ValidMagicLink)) with { Status = [400], ErrorType = "host_not_allowed" };
    }

    private static IEnumerable<HostileCase> LoginRedirects()
    {
        foreach (var url in OpenRedirects)
        {
            var json = System.Text.Json.JsonSerializer.Serialize(new { email = "ada@example.com", return_url = url });
            yield return HostileCase.Of(MagicLink, $"return_url {WireRequest.Printable(url, 40)}", _ => HostileContext.Anonymous("POST", "/auth/magic-link").WithJson(json)) with { Status = [400], ErrorType = InvalidReturnUrl };
        }

        foreach (var url in OpenRedirects.Take(8))
        {
            yield return HostileCase.Of(OAuthStart, $"return_url {WireRequest.Printable(url, 40)}", _ => new WireRequest("GET", $"/auth/oauth/google?return_url={Uri.EscapeDataString(url)}")) with { Status = [400], ErrorType = InvalidReturnUrl, Check = NoFlowCookie };
        }

        // Characters outside ASCII: kept, percent-encoded as UTF-8 (Kestrel refuses a raw non-ASCII Location: that
        // was a 500 after Stytch had spent the login token). The return URL travels in the link's flow cookie.
        foreach (var (name, url, location) in new[]
        {
            ("non-ASCII return_url /café", "/café", "/caf%C3%A9"),
            ("return_url with a right-to-left override", "/\u202Eevil", "/%E2%80%AEevil"),
        })
        {
            yield return new HostileCase(Callback, $"valid login, {name}", async c =>
                {
                    var (link, flowCookie) = await c.SendMagicLinkAsync(url, TestContext.Current.CancellationToken);
                    return new WireRequest("GET", link).With("Cookie", flowCookie);
                })
                with
            {
                Answer = Answer.Success,
                Status = [302],
                StytchCalls = 1,
                StytchPath = "/v1/magic_links/authenticate",
                Check = (r, _) => r.Header("Location") == location ? null : $"redirected to '{r.Header("Location")}'",
            };
        }

        yield return HostileCase.Of(MagicLink, "return_url with an escaped lone surrogate (no UTF-8 form)", _ => HostileContext.Anonymous("POST", "/auth/magic-link")
                .WithJson("""{"email":"ada@example.com","return_url":"/caf\ud800"}""")) with
        { Status = [400] };
        yield return HostileCase.Of(OAuthStart, "non-ASCII return_url /café", _ => new WireRequest("GET", "/auth/oauth/google?return_url=%2Fcaf%C3%A9")) with { Answer = Answer.Success, Status = [302], Check = (r, _) => r.SetCookie(Bff.Auth.OAuthFlowCookie.CookieName) is null ? "no flow cookie" : null };

        yield return Provider("unknown provider", "notaprovider", 404, "unknown_oauth_provider");
        yield return Provider("host name as provider", "evil.example", 400, "invalid_oauth_provider");
        yield return Provider("upper-case provider", "GOOGLE", 400, "invalid_oauth_provider");
        yield return Provider("provider with encoded slashes", "google%2F..%2F..%2Fv1%2Fusers", 400, "invalid_oauth_provider");
        yield return Provider("provider with a NUL", "google%00", 400, null) with { Answer = Answer.KestrelRejects };
        yield return Provider("provider with a control character", "google%01", 400, "invalid_oauth_provider");
        yield return Provider("10 kB provider reaching the app", new string('g', 10 * 1024), 400, "invalid_oauth_provider") with { InApp = true };

        yield return CallbackCase("unknown token type", $"stytch_token_type=otp&token={ValidLookingToken}", "invalid_token_type");
        yield return CallbackCase("token type given twice", $"stytch_token_type=oauth&stytch_token_type=magic_links&token={ValidLookingToken}", "invalid_token_type");
        yield return CallbackCase("no token", "stytch_token_type=magic_links", "invalid_token");
        yield return CallbackCase("traversal in the token", "stytch_token_type=magic_links&token=..%2F..%2Fv1%2Fusers%2Fx", "invalid_token");
        yield return CallbackCase("invalid UTF-8 in the token", "stytch_token_type=magic_links&token=%FF%FE%C0%AFabcdefgh", "invalid_token");
        yield return CallbackCase("10 kB token reaching the app", $"stytch_token_type=magic_links&token={new string('t', 10 * 1024)}", "invalid_token") with { InApp = true };
        yield return CallbackCase("OAuth without the flow cookie", $"stytch_token_type=oauth&token={ValidLookingToken}", "oauth_flow_not_found");
        yield return HostileCase.Of(Callback, "OAuth with a forged flow cookie", _ => new WireRequest("GET", $"/auth/callback?stytch_token_type=oauth&token={ValidLookingToken}")
                .With("Cookie", $"{Bff.Auth.OAuthFlowCookie.CookieName}={ForeignCookies.Random(180)}")) with
        { Status = [400], ErrorType = "oauth_flow_not_found" };
        yield return HostileCase.Of(Callback, "OAuth with the session cookie as the flow cookie", c => new WireRequest("GET", $"/auth/callback?stytch_token_type=oauth&token={ValidLookingToken}")
                .With("Cookie", $"{Bff.Auth.OAuthFlowCookie.CookieName}={c.MainCookieValue}")) with
        { Status = [400], ErrorType = "oauth_flow_not_found" };
    }

    private static Func<WireRequest, WireRequest> Json(string json) => r => r.WithJson(json);

    private static HostileCase Login(string name, Func<WireRequest, WireRequest> body) =>
        HostileCase.Of(Password, name, _ => body(HostileContext.Anonymous("POST", "/auth/password"))) with { Status = [400] };

    private static HostileCase Provider(string name, string provider, int status, string? errorType) =>
        HostileCase.Of(OAuthStart, name, _ => new WireRequest("GET", $"/auth/oauth/{provider}")) with { Status = [status], ErrorType = errorType, Check = NoFlowCookie };

    private static HostileCase CallbackCase(string name, string query, string errorType) =>
        HostileCase.Of(Callback, name, _ => new WireRequest("GET", $"/auth/callback?{query}")) with { Status = [400], ErrorType = errorType };

    private static string? NoFlowCookie(WireResponse response, HostileContext context) =>
        response.SetCookie(Bff.Auth.OAuthFlowCookie.CookieName) is null ? null : "an OAuth flow was started anyway (flow cookie set)";
}
