using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bff.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace Bff.Tests.Security;

/// <summary>Runs every flow with known secrets and scans everything that was logged for them.</summary>
public sealed class SecretsInLogsTests : BffTest
{
    private const string MagicLinkToken = "mlt-KNOWN-0e1f2a3b4c5d6e7f8091a2b3c4d5e6f7";
    private const string OAuthToken = "oat-KNOWN-9f8e7d6c5b4a39281706f5e4d3c2b1a0";
    private const string WrongPassword = "WRONG-KNOWN-password-77";
    private readonly TestUser _user = new("ada@example.com", "P@ss-KNOWN-horse-91");
    private readonly HashSet<string> _secrets = new(StringComparer.Ordinal);

    [Theory]
    [InlineData("Information")]
    [InlineData("Verbose")]
    public async Task NoSecretTokenPasswordOrCookieIsEverLogged(string level)
    {
        if (level == "Verbose")
        {
            Factory.Settings["Serilog:MinimumLevel:Default"] = "Verbose";
            foreach (var source in new[] { "Microsoft.AspNetCore", "System.Net.Http.HttpClient", "Polly", "Microsoft.Hosting.Lifetime" })
            {
                Factory.Settings[$"Serilog:MinimumLevel:Override:{source}"] = "Verbose";
            }
        }

        var ct = TestContext.Current.CancellationToken;
        var list = $"/v1/users/{_user.UserId}/connected_apps";
        var login = Remember(StytchShapes.Login(_user, Factory.Clock.GetUtcNow()));
        var rotated = _user with { SessionToken = "rotated-KNOWN-session-token-abcdef0123456789" };
        Factory.Stytch.On("POST", "/v1/passwords/authenticate", r => r.Body!.Contains(WrongPassword, StringComparison.Ordinal)
            ? FakeReply.Error(401, "unauthorized_credentials", "Unauthorized credentials.")
            : FakeReply.Json(login));
        Factory.Stytch.On("GET", list, FakeReply.Json(StytchShapes.ConnectedApps(("connected-app-test-1", "CLI"))));
        Factory.Stytch.On("POST", $"{list}/connected-app-test-1/revoke", FakeReply.Ack());
        Factory.Stytch.On("POST", "/v1/sessions/authenticate", _ => FakeReply.Json(Remember(StytchShapes.SessionAuthenticate(rotated, Factory.Clock.GetUtcNow()))));
        Factory.Stytch.On("POST", "/v1/sessions/revoke", FakeReply.Ack());
        Factory.Stytch.On("POST", "/v1/magic_links/email/login_or_create", FakeReply.Json(StytchShapes.MagicLinkSent(_user)));
        Factory.Stytch.On("POST", "/v1/magic_links/authenticate", _ => FakeReply.Json(Remember(StytchShapes.Login(_user, Factory.Clock.GetUtcNow(), "magic_link"))));
        Factory.Stytch.On("POST", "/v1/oauth/authenticate", _ => FakeReply.Json(Remember(StytchShapes.OAuthLogin(_user, Factory.Clock.GetUtcNow()))));
        _secrets.UnionWith([FakeStytch.Secret, Convert.ToBase64String(Encoding.UTF8.GetBytes($"{FakeStytch.ProjectId}:{FakeStytch.Secret}")),
            _user.Password, WrongPassword, _user.SessionToken, rotated.SessionToken, MagicLinkToken, OAuthToken]);
        var client = Factory.CreateSpaClient();

        Check(await client.PostAsJsonAsync("/auth/password", new { email = _user.Email, password = WrongPassword }, ct), HttpStatusCode.Unauthorized);
        Check(await client.PostAsync("/auth/password", new StringContent($"{{\"email\":\"x\",\"password\":\"{WrongPassword}\"", Encoding.UTF8, "application/json"), ct), HttpStatusCode.BadRequest);
        Check(await client.PostAsJsonAsync("/auth/password", new { email = _user.Email, password = _user.Password }, ct), HttpStatusCode.OK);
        Check(await client.GetAsync("/me/connected-apps", ct), HttpStatusCode.OK);
        Check(await client.PostAsync("/me/connected-apps/connected-app-test-1/revoke", null, ct), HttpStatusCode.OK);
        Factory.Clock.Advance(TimeSpan.FromMinutes(6));
        Check(await client.GetAsync("/me", ct), HttpStatusCode.OK); // refresh
        Check(await client.PostAsync("/auth/logout", null, ct), HttpStatusCode.OK);
        Check(await client.PostAsJsonAsync("/auth/magic-link", new { email = _user.Email, return_url = "/apps" }, ct), HttpStatusCode.Accepted);
        var link = new Uri(JsonDocument.Parse(Factory.Stytch.Requests[^1].Body!).RootElement.GetProperty("login_magic_link_url").GetString()!);
        Check(await client.GetAsync($"{link.PathAndQuery}&stytch_token_type=magic_links&token={MagicLinkToken}", ct), HttpStatusCode.Redirect);
        var start = Check(await client.GetAsync("/auth/oauth/google", ct), HttpStatusCode.Redirect);
        Check(await client.GetAsync($"/auth/callback?stytch_token_type=oauth&token={OAuthToken}", ct), HttpStatusCode.Redirect);
        Check(await client.GetAsync("/me", ct), HttpStatusCode.OK);

        foreach (var exchange in new[] { "/v1/oauth/authenticate", "/v1/magic_links/authenticate" })
        {
            _secrets.Add(JsonDocument.Parse(Assert.Single(Factory.Stytch.Requests, r => r.Path == exchange).Body!).RootElement.GetProperty("code_verifier").GetString()!);
        }

        Assert.NotEmpty(QueryHelpers.ParseQuery(start.Headers.Location!.Query)["code_challenge"].ToString());
        Assert.Empty(Factory.Stytch.Unexpected);
        var logged = Factory.Logs.AllText();
        Assert.True(logged.Length > 1000, "the scan must have something to scan");
        Assert.Contains(_user.UserId, logged, StringComparison.Ordinal); // ids are logged; secrets are not
        Assert.All(_secrets.Where(s => s.Length >= 8), secret => Assert.False(
            logged.Contains(secret, StringComparison.Ordinal),
            $"A secret was logged: {secret[..8]}… in: {Around(logged, secret)}"));
    }

    private string Remember(string stytchBody)
    {
        using var json = JsonDocument.Parse(stytchBody);
        foreach (var name in new[] { "session_token", "session_jwt" })
        {
            if (json.RootElement.TryGetProperty(name, out var value) && value.GetString() is { Length: > 0 } secret)
            {
                _secrets.Add(secret);
                if (name == "session_jwt")
                {
                    _secrets.Add(secret.Split('.')[1]); // the claims alone are as good as the JWT for replay analysis
                }
            }
        }

        return stytchBody;
    }

    private HttpResponseMessage Check(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            foreach (var cookie in cookies)
            {
                var value = cookie[(cookie.IndexOf('=', StringComparison.Ordinal) + 1)..cookie.IndexOf(';', StringComparison.Ordinal)];
                if (value.Length > 0)
                {
                    _secrets.Add(value);
                }
            }
        }

        return response;
    }

    private static string Around(string text, string secret)
    {
        var at = text.IndexOf(secret, StringComparison.Ordinal);
        var from = Math.Max(0, at - 700);
        return text[from..Math.Min(text.Length, at + secret.Length + 50)];
    }
}
