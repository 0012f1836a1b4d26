using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Bench.Stub;

/// <summary>
/// A Stytch stand-in for the benchmark: every password login succeeds and creates a session; session JWTs have
/// Stytch's shape and size (RS256-sized signature, 5-minute <c>exp</c>); every connected-app revoke is a real 200, so
/// a benchmark can revoke as many apps as it likes. Each call is counted in <see cref="CallCounters"/>.
/// </summary>
public sealed class StytchStub(CallCounters counters)
{
    private const string ProjectIdFallback = "project-test-00000000-0000-4000-8000-0000000bench";
    private static readonly TimeSpan JwtLifetime = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, StubSession> _sessions = new(StringComparer.Ordinal);

    public void Map(WebApplication app)
    {
        var stytch = app.MapGroup("/v1").AddEndpointFilter(async (context, next) =>
            context.HttpContext.Request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.Ordinal)
                ? await next(context)
                : Error(401, "unauthorized_credentials", "Unauthorized credentials."));

        stytch.MapPost("/passwords/authenticate", async (HttpRequest request, CancellationToken ct) =>
        {
            counters.Add("passwords.authenticate");
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            var email = body.RootElement.TryGetProperty("email", out var e) ? e.GetString() ?? "" : "";
            var session = NewSession(email);
            return Json(LoginJson(session, includeUserId: true));
        });

        stytch.MapPost("/sessions/authenticate", async (HttpRequest request, CancellationToken ct) =>
        {
            counters.Add("sessions.authenticate");
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            var token = body.RootElement.TryGetProperty("session_token", out var t) ? t.GetString() : null;
            return token is not null && _sessions.TryGetValue(token, out var session)
                ? Json(LoginJson(session, includeUserId: false))
                : Error(404, "session_not_found", "Session could not be found.");
        });

        stytch.MapPost("/sessions/revoke", () =>
        {
            counters.Add("sessions.revoke");
            return Json(Ack());
        });

        stytch.MapGet("/users/{userId}/connected_apps", (string userId) =>
        {
            counters.Add("connected_apps.list");
            return Json($$"""{"request_id":"{{RequestId()}}","status_code":200,"connected_apps":[{{App(1)}},{{App(2)}},{{App(3)}}]}""");
        });

        stytch.MapPost("/users/{userId}/connected_apps/{appId}/revoke", (string userId, string appId) =>
        {
            counters.Add("connected_apps.revoke");
            return Json(Ack());
        });
    }

    private StubSession NewSession(string email)
    {
        var userId = "user-test-" + GuidFrom(email);
        var session = new StubSession(
            Token: Base64Url(RandomNumberGenerator.GetBytes(33)),
            SessionId: "session-test-" + Guid.NewGuid(),
            UserId: userId,
            EmailId: "email-test-" + GuidFrom("email:" + email),
            Email: email,
            StartedAt: DateTimeOffset.UtcNow);
        _sessions[session.Token] = session;
        return session;
    }

    private static string LoginJson(StubSession s, bool includeUserId)
    {
        var now = DateTimeOffset.UtcNow;
        var sessionJson = SessionJson(s, now);
        var userField = includeUserId ? $"\"user_id\":\"{s.UserId}\"," : "";
        return $$"""
            {"request_id":"{{RequestId()}}","status_code":200,{{userField}}"session_token":"{{s.Token}}","session_jwt":"{{Jwt(s, now)}}","session":{{sessionJson}},"user":{{UserJson(s)}}}
            """;
    }

    private static string SessionJson(StubSession s, DateTimeOffset now) => $$"""
        {"session_id":"{{s.SessionId}}","user_id":"{{s.UserId}}","started_at":"{{Time(s.StartedAt)}}","last_accessed_at":"{{Time(now)}}","expires_at":"{{Time(s.StartedAt.AddHours(12))}}","attributes":{"ip_address":"","user_agent":""},"authentication_factors":[{{Factor(s)}}],"roles":["stytch_user"],"custom_claims":{} }
        """;

    private static string Factor(StubSession s) => $$"""
        {"type":"password","delivery_method":"knowledge","email_factor":{"email_id":"{{s.EmailId}}","email_address":"{{s.Email}}"},"last_authenticated_at":"{{Time(s.StartedAt)}}"}
        """;

    private static string UserJson(StubSession s) => $$"""
        {"user_id":"{{s.UserId}}","emails":[{"email_id":"{{s.EmailId}}","email":"{{s.Email}}","verified":true}],"name":{"first_name":"Bench","middle_name":"","last_name":"User"},"status":"active","phone_numbers":[],"providers":[],"roles":["stytch_user"],"trusted_metadata":{},"untrusted_metadata":{} }
        """;

    /// <summary>A Stytch-shaped JWT: real header and claims, a random 2048-bit-sized signature (the BFF only reads <c>exp</c>).</summary>
    private static string Jwt(StubSession s, DateTimeOffset now)
    {
        var header = """{"alg":"RS256","kid":"jwk-test-00000000-0000-4000-8000-000000000001","typ":"JWT"}""";
        var iat = now.ToUnixTimeSeconds();
        var payload = $$"""
            {"aud":["{{ProjectIdFallback}}"],"exp":{{(now + JwtLifetime).ToUnixTimeSeconds()}},"https://stytch.com/session":{"id":"{{s.SessionId}}","started_at":"{{Time(s.StartedAt)}}","last_accessed_at":"{{Time(now)}}","expires_at":"{{Time(s.StartedAt.AddHours(12))}}","attributes":{"ip_address":"","user_agent":""},"authentication_factors":[{{Factor(s)}}],"roles":["stytch_user"]},"iat":{{iat}},"iss":"stytch.com/{{ProjectIdFallback}}","nbf":{{iat}},"sub":"{{s.UserId}}"}
            """;
        return $"{Base64Url(Encoding.UTF8.GetBytes(header))}.{Base64Url(Encoding.UTF8.GetBytes(payload))}.{Base64Url(RandomNumberGenerator.GetBytes(256))}";
    }

    private static string App(int n) => $$"""
        {"connected_app_id":"connected-app-test-00000000-0000-4000-8000-00000000000{{n}}","name":"Bench app {{n}}","description":"A connected app for the benchmark","client_type":"third_party","scopes_granted":"openid email profile","logo_url":null}
        """;

    private static string Ack() => $$"""{"request_id":"{{RequestId()}}","status_code":200}""";

    private static string RequestId() => "request-id-test-" + Guid.NewGuid();

    private static IResult Json(string body) => Results.Text(body, "application/json", Encoding.UTF8);

    private static IResult Error(int status, string type, string message) => Results.Text(
        $$"""{"status_code":{{status}},"request_id":"{{RequestId()}}","error_type":"{{type}}","error_message":"{{message}}","error_url":"https://stytch.com/docs/api/errors/{{status}}#{{type}}"}""",
        "application/json", Encoding.UTF8, status);

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static Guid GuidFrom(string text) => new(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record StubSession(string Token, string SessionId, string UserId, string EmailId, string Email, DateTimeOffset StartedAt);
}
