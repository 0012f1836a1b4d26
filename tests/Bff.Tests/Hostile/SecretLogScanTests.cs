using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bff.Auth;
using Bff.Sessions;
using Bff.Tests.Faults;
using Bff.Tests.Proxy;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Stytch.Emulator;

namespace Bff.Tests.Hostile;

/// <summary>
/// The whole flow against the Stytch emulator (password, magic link from the inbox, OAuth by hand, list, revoke, session
/// refresh, a proxied API call, logout, log out everywhere) while collecting every secret that passes through the BFF; then none of them may
/// appear anywhere in the captured logs, which must hold the Stytch request_ids (proof the scan read real logs).
/// </summary>
public sealed class SecretLogScanTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string AppId = "connected-app-test-0a1b2c3d-0000-4000-8000-000000000002";
    private readonly Dictionary<string, string> _secrets = new(StringComparer.Ordinal);
    private EmulatorHost _emulator = null!;
    private RecordingUpstream _upstream = null!;
    private EmulatorBffFactory _factory = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _emulator = await EmulatorHost.StartAsync(new EmulatorOptions(), b => b.Logging.ClearProviders(), ct: ct);
        _upstream = await RecordingUpstream.StartAsync(ct);
        _factory = new EmulatorBffFactory(_emulator, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15));
        HostileContext.UseUpstream(_factory, _upstream);

        // Everything the BFF and its libraries log, down to Debug: a secret must not hide at a lower level.
        _factory.Settings["Serilog:MinimumLevel:Default"] = "Debug";
        foreach (var category in new[] { "Microsoft.AspNetCore", "System.Net.Http.HttpClient", "Polly", "Yarp" })
        {
            _factory.Settings[$"Serilog:MinimumLevel:Override:{category}"] = "Debug";
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _upstream.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task NoSecretOfTheWholeFlowAppearsInTheLogsWhichHoldEveryStytchRequestId()
    {
        var ct = TestContext.Current.CancellationToken;
        Secret("Stytch secret", _emulator.Options.Secret);
        Secret("Stytch Basic credentials", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_emulator.Options.ProjectId}:{_emulator.Options.Secret}")));
        Secret("password", EmulatorBffFactory.DemoPassword);
        var requestIds = new List<string>();

        // Password login, list, revoke.
        var passwordJar = new CookieContainer();
        var spa = EmulatorFlows.Spa(_factory, passwordJar);
        await Ok(EmulatorFlows.PasswordLoginAsync(spa, ct));
        await CollectSessionAsync("password", passwordJar, ct);
        requestIds.Add(await RequestIdAsync(spa.GetAsync("/me/connected-apps", ct)));
        requestIds.Add(await RequestIdAsync(spa.PostAsync($"/me/connected-apps/{AppId}/revoke", null, ct)));

        // Magic link, with the link from the emulator's inbox.
        var magicJar = new CookieContainer();
        var magic = EmulatorFlows.Spa(_factory, magicJar);
        var link = await EmulatorFlows.MagicLinkAsync(_factory, magic, ct);
        Secret("magic-link token", link.Token);
        var flowCookie = Assert.Single(magicJar.GetCookies(BffFactoryAddress), c => c.Name.StartsWith(MagicLinkFlowCookie.CookiePrefix, StringComparison.Ordinal));
        Secret("magic-link flow cookie", flowCookie.Value);
        Redirected(await EmulatorFlows.MagicLinkCallbackAsync(magic, link, ct));
        Secret("magic-link PKCE code verifier", JsonDocument.Parse(_emulator.Calls.Last(EmulatorOperations.MagicLinksAuthenticate)!.Body).RootElement.GetProperty("code_verifier").GetString()!);
        await CollectSessionAsync("magic link", magicJar, ct);

        // OAuth, redirects followed by hand; the PKCE verifier as the BFF sent it to Stytch.
        var oauthJar = new CookieContainer();
        var oauth = EmulatorFlows.Spa(_factory, oauthJar);
        var callback = await EmulatorFlows.OAuthCallbackTargetAsync(_factory, oauth, ct);
        Secret("OAuth flow cookie", oauthJar.GetCookies(BffFactoryAddress)[OAuthFlowCookie.CookieName]!.Value);
        Secret("OAuth token", QueryHelpers.ParseQuery(new Uri(BffFactoryAddress, callback).Query)["token"].ToString());
        Redirected(await oauth.GetAsync(callback, ct));
        Secret("PKCE code verifier", JsonDocument.Parse(_emulator.Calls.Last(EmulatorOperations.OAuthAuthenticate)!.Body).RootElement.GetProperty("code_verifier").GetString()!);
        await CollectSessionAsync("OAuth", oauthJar, ct);

        // Session refresh: past the JWT's lifetime the BFF asks Stytch and stores a new JWT (and maybe a new token).
        _factory.AdvanceClocks(TimeSpan.FromMinutes(6));
        await Ok(spa.GetAsync("/me", ct));
        Assert.True(_emulator.Calls.Count(EmulatorOperations.SessionsAuthenticate) >= 1, "The session was not refreshed.");
        await CollectSessionAsync("password, refreshed", passwordJar, ct);

        // A proxied API call: the upstream gets the session JWT as a bearer token.
        await Ok(spa.GetAsync("/api/hello", ct));
        Secret("JWT as the upstream saw it", _upstream.Requests[^1].Authorization!["Bearer ".Length..]);

        requestIds.Add(await RequestIdAsync(spa.PostAsync("/auth/logout", null, ct)));
        requestIds.Add(await RequestIdAsync(magic.PostAsync("/auth/logout", null, ct)));
        requestIds.Add(await RequestIdAsync(oauth.PostAsync("/auth/logout-all", null, ct)));

        var logs = _factory.Logs.AllText();
        var leaks = _secrets.Where(s => logs.Contains(s.Value, StringComparison.Ordinal)).Select(s => s.Key).ToList();
        var missingIds = requestIds.Where(id => !logs.Contains(id, StringComparison.Ordinal)).ToList();
        var stytchCalls = _factory.Logs.WithEventName("StytchCall").Count();
        var summary = $"Log scan: {_secrets.Count} secret values × {_factory.Logs.Events.Count} log events ({logs.Length} chars): {leaks.Count} found; "
            + $"{requestIds.Count - missingIds.Count} of {requestIds.Count} Stytch request_ids found, {stytchCalls} Stytch calls logged";
        output.WriteLine(summary);
        TestContext.Current.SendDiagnosticMessage(summary);

        Assert.True(leaks.Count == 0, "Secrets in the logs: " + string.Join(", ", leaks));
        Assert.True(missingIds.Count == 0, "Stytch request_ids missing from the logs: " + string.Join(", ", missingIds));
        Assert.True(stytchCalls >= 10, $"Only {stytchCalls} Stytch calls were logged: the scan did not see the real logs.");
    }

    private static readonly Uri BffFactoryAddress = Infrastructure.BffFactory.SpaBaseAddress;

    private void Secret(string name, string value)
    {
        Assert.True(value.Length >= 8, $"The {name} is too short to scan for: '{value}'");
        _secrets.TryAdd($"{name} ({_secrets.Count})", value);
    }

    /// <summary>The session cookie, the server-side session key, and the Stytch session token and JWT it holds.</summary>
    private async Task CollectSessionAsync(string login, CookieContainer jar, CancellationToken ct)
    {
        var cookie = _factory.SessionCookieValue(jar) ?? throw new InvalidOperationException($"No session cookie after the {login} login.");
        Secret($"{login} session cookie", cookie);
        var key = _factory.SessionKeyOf(cookie) ?? throw new InvalidOperationException("The cookie names no session.");
        Secret($"{login} session key", key);
        var ticket = await _factory.Services.GetRequiredService<ITicketStore>().RetrieveAsync(key, ct);
        var session = SessionTicket.Read(ticket) ?? throw new InvalidOperationException("No stored session.");
        Secret($"{login} Stytch session token", session.SessionToken);
        Secret($"{login} Stytch session JWT", session.SessionJwt);
        Secret($"{login} Stytch session JWT signature", session.SessionJwt.Split('.')[2]);
    }

    private static async Task<HttpResponseMessage> Ok(Task<HttpResponseMessage> call)
    {
        var response = await call;
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri} → {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    private static void Redirected(HttpResponseMessage response) =>
        Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString == "/", $"login callback → {(int)response.StatusCode} {response.Headers.Location}");

    private static async Task<string> RequestIdAsync(Task<HttpResponseMessage> call)
    {
        using var response = await Ok(call);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("request_id").GetString()!;
    }
}
