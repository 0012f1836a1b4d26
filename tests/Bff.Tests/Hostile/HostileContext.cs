using System.Text.Json;
using Bff.Sessions;
using Bff.Tests.Infrastructure;
using Bff.Tests.Proxy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bff.Tests.Hostile;

/// <summary>
/// One BFF (on real Kestrel or on the test server) with a strict Stytch double that knows the calls a hostile request
/// could legitimately cause, and a logged-in user whose session every case must leave working.
/// </summary>
public sealed class HostileContext(BffFactory factory, IHostileTransport transport)
{
    public const string AppId = "connected-app-test-d731954d-dab3-4a2b-bdee-07f3ad1be888";

    /// <summary>A second valid id, reached only through percent-encoded letters in one case.</summary>
    public const string EncodedLettersAppId = "connected-app-test-1";

    /// <summary>The name of a magic-link flow cookie is this prefix and the flow's id.</summary>
    public const string MagicLinkFlowCookiePrefix = "__Host-bff-ml-";

    /// <summary>The token the Stytch double puts in every magic link.</summary>
    public const string MagicLinkToken = "DOYoip3rvIMMW5lgItikFK-Ak1CfMsgjuiCyI7uuU94=";

    private readonly Dictionary<string, TestUser> _users = new(StringComparer.OrdinalIgnoreCase);

    public BffFactory Factory { get; } = factory;

    public IHostileTransport Transport { get; } = transport;

    public FakeStytch Stytch => Factory.Stytch;

    /// <summary>The upstream of the proxied <c>/api/**</c> route, recording what it receives (see <see cref="UseUpstream"/>).</summary>
    public RecordingUpstream? Upstream { get; private set; }

    /// <summary>Points the BFF's <c>/api/**</c> route at <paramref name="upstream"/> under <c>/upstream/</c>. Call before the first request.</summary>
    public static void UseUpstream(BffFactory factory, RecordingUpstream upstream) =>
        factory.Settings["ReverseProxy:Clusters:sample-api:Destinations:sample-api-1:Address"] = new Uri(upstream.BaseAddress, "upstream/").ToString();

    public HostileContext WithUpstream(RecordingUpstream upstream)
    {
        Upstream = upstream;
        return this;
    }

    public TestUser User { get; } = new("ada@example.com", "correct-horse-battery-staple");

    public string CookieName => Factory.Services.GetRequiredService<IOptions<BffSessionOptions>>().Value.CookieName;

    /// <summary>The user's session, as a <c>Cookie</c> header value.</summary>
    public string MainCookie { get; private set; } = "";

    /// <summary>The session cookie's value alone.</summary>
    public string MainCookieValue => MainCookie[(CookieName.Length + 1)..];

    public string RevokePath(string appId) => $"/v1/users/{User.UserId}/connected_apps/{appId}/revoke";

    public async Task StartAsync(CancellationToken ct)
    {
        _users[User.Email] = User;
        Stytch.On("POST", "/v1/passwords/authenticate", r =>
        {
            var email = JsonDocument.Parse(r.Body!).RootElement.GetProperty("email").GetString()!;
            var password = JsonDocument.Parse(r.Body!).RootElement.GetProperty("password").GetString();
            return !_users.TryGetValue(email, out var user) ? FakeReply.Error(404, "email_not_found", "Email could not be found.")
                : user.Password != password ? FakeReply.Error(401, "unauthorized_credentials", "Unauthorized credentials.")
                : FakeReply.Json(StytchShapes.Login(user, Factory.Clock.GetUtcNow()));
        });
        Stytch.On("POST", "/v1/sessions/revoke", FakeReply.Ack());
        Stytch.On("POST", "/v1/magic_links/email/login_or_create", _ => FakeReply.Json(StytchShapes.MagicLinkSent(User)));
        Stytch.On("POST", "/v1/magic_links/authenticate", _ => FakeReply.Json(StytchShapes.Login(User, Factory.Clock.GetUtcNow(), "magic_link")));
        Stytch.On("GET", $"/v1/users/{User.UserId}/connected_apps", _ => FakeReply.Json(StytchShapes.ConnectedApps((AppId, "Example CLI"))));
        Stytch.On("POST", RevokePath(AppId), _ => FakeReply.Ack());
        Stytch.On("POST", RevokePath(EncodedLettersAppId), _ => FakeReply.Ack());
        MainCookie = await LoginAsync(User, ct);
    }

    /// <summary>Logs a user in through the transport; returns the session as a <c>Cookie</c> header value.</summary>
    public async Task<string> LoginAsync(TestUser user, CancellationToken ct)
    {
        _users[user.Email] = user;
        var body = JsonSerializer.Serialize(new { email = user.Email, password = user.Password });
        var response = await Transport.SendAsync(Anonymous("POST", "/auth/password").WithJson(body), ct);
        var value = response.SetCookie(CookieName);
        if (response.Status != 200 || string.IsNullOrEmpty(value))
        {
            throw new InvalidOperationException($"Login failed on {Transport.Name}: {response.Status} {response.Excerpt()} {Factory.Logs.AllText()[^Math.Min(3000, Factory.Logs.AllText().Length)..]}");
        }

        return $"{CookieName}={value}";
    }

    /// <summary>
    /// Asks for a magic link as the SPA of a browser without a session does. Returns the link as Stytch would email it
    /// (path and query, <c>token</c> added) and the flow cookie that browser got (<c>name=value</c>).
    /// </summary>
    public async Task<(string Link, string FlowCookie)> SendMagicLinkAsync(string? returnUrl, CancellationToken ct)
    {
        var body = JsonSerializer.Serialize(new { email = User.Email, return_url = returnUrl });
        var response = await Transport.SendAsync(Anonymous("POST", "/auth/magic-link").WithJson(body), ct);
        var cookie = response.HeaderValues("Set-Cookie").Select(c => c.Split(';')[0]).SingleOrDefault(c => c.StartsWith(MagicLinkFlowCookiePrefix, StringComparison.Ordinal));
        if (response.Status != 202 || cookie is null)
        {
            throw new InvalidOperationException($"Sending a magic link failed on {Transport.Name}: {response.Status} {response.Excerpt()}");
        }

        var sent = Stytch.Requests.Last(r => r.Path == "/v1/magic_links/email/login_or_create");
        var url = new Uri(JsonDocument.Parse(sent.Body!).RootElement.GetProperty("login_magic_link_url").GetString()!);
        return ($"{url.PathAndQuery}&stytch_token_type=magic_links&token={Uri.EscapeDataString(MagicLinkToken)}", cookie);
    }

    /// <summary>A fresh session of another user, for cases that end or spoil a session on purpose.</summary>
    public Task<string> LoginSomeoneElseAsync(CancellationToken ct) =>
        LoginAsync(new TestUser($"grace-{Guid.NewGuid():N}@example.com", "another-long-password") { UserId = User.UserId }, ct);

    /// <summary>The SPA's request: session cookie and <c>X-CSRF: 1</c>.</summary>
    public WireRequest Authed(string method, string target) =>
        new WireRequest(method, target).With("Cookie", MainCookie).With("X-CSRF", "1");

    /// <summary>The SPA's request before login: <c>X-CSRF: 1</c>, no cookie.</summary>
    public static WireRequest Anonymous(string method, string target) => new WireRequest(method, target).With("X-CSRF", "1");

    /// <summary>Whether the user's session still works: <c>GET /me</c> answers 200 with their user id.</summary>
    public async Task<string?> MainSessionProblemAsync(CancellationToken ct)
    {
        var me = await Transport.SendAsync(Authed("GET", "/me"), ct);
        return me.Status == 200 && me.Json("user_id") == User.UserId ? null : $"the user's session no longer works: GET /me → {me.Status} {me.Excerpt()}";
    }
}
