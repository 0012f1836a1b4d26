using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bff.Tests.Infrastructure;

namespace Bff.Tests.Auth;

public sealed class MagicLinkTests : IAsyncLifetime
{
    private const string LoginOrCreate = "/v1/magic_links/email/login_or_create";
    private const string MagicLinkAuthenticate = "/v1/magic_links/authenticate";
    private const string Token = "DOYoip3rvIMMW5lgItikFK-Ak1CfMsgjuiCyI7uuU94=";
    private readonly BffFactory _factory = new();
    private readonly TestUser _user = new("ada@example.com", "correct-horse");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Theory]
    [InlineData(null, "https://app.example.test/auth/callback")]
    [InlineData("/", "https://app.example.test/auth/callback")]
    [InlineData("/settings/apps?tab=consent", "https://app.example.test/auth/callback?return_url=%2Fsettings%2Fapps%3Ftab%3Dconsent")]
    public async Task SendingAMagicLinkIs202AndPointsStytchAtTheCallbackWithTheReturnUrl(string? returnUrl, string expectedUrl)
    {
        var ct = TestContext.Current.CancellationToken;
        var stytchBody = StytchShapes.MagicLinkSent(_user);
        _factory.Stytch.On("POST", LoginOrCreate, FakeReply.Json(stytchBody));

        var response = await _factory.CreateSpaClient().PostAsJsonAsync("/auth/magic-link", new { email = _user.Email, return_url = returnUrl }, ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        Assert.Equal(StytchShapes.RequestIdOf(stytchBody), answer.RootElement.GetProperty("request_id").GetString());
        Assert.Equal(202, answer.RootElement.GetProperty("status_code").GetInt32());
        var sent = Assert.Single(_factory.Stytch.Requests);
        using var body = JsonDocument.Parse(sent.Body!);
        Assert.Equal(_user.Email, body.RootElement.GetProperty("email").GetString());
        Assert.Equal(expectedUrl, body.RootElement.GetProperty("login_magic_link_url").GetString());
        Assert.Equal(expectedUrl, body.RootElement.GetProperty("signup_magic_link_url").GetString());
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example")]
    [InlineData("/%2F%2Fevil.example")]
    [InlineData("/%5Cevil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("settings")]
    [InlineData("/a\r\nSet-Cookie: x=y")]
    public async Task ANonLocalReturnUrlIsRefusedBeforeStytchIsCalled(string returnUrl)
    {
        var ct = TestContext.Current.CancellationToken;

        var response = await _factory.CreateSpaClient().PostAsJsonAsync("/auth/magic-link", new { email = _user.Email, return_url = returnUrl }, ct);

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid_return_url");
        Assert.Empty(_factory.Stytch.Requests);
    }

    [Fact]
    public async Task AnInvalidEmailIsRefusedBeforeStytchIsCalled()
    {
        var ct = TestContext.Current.CancellationToken;

        var response = await _factory.CreateSpaClient().PostAsJsonAsync("/auth/magic-link", new { email = new string('a', 300) + "@example.com" }, ct);

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Empty(_factory.Stytch.Requests);
    }

    [Fact]
    public async Task SendingAMagicLinkIsNeverRetriedSoNoSecondEmailGoesOut()
    {
        var ct = TestContext.Current.CancellationToken;
        _factory.Stytch.On("POST", LoginOrCreate, FakeReply.Error(500, "internal_server_error", "Oops."));

        var response = await _factory.CreateSpaClient().PostAsJsonAsync("/auth/magic-link", new { email = _user.Email }, ct);

        await Problem.AssertAsync(response, HttpStatusCode.BadGateway, "internal_server_error");
        Assert.Equal(1, _factory.Stytch.Count("POST", LoginOrCreate));
    }

    [Theory]
    [InlineData("&return_url=%2Fsettings", "/settings")]
    [InlineData("", "/")]
    [InlineData("&return_url=https%3A%2F%2Fevil.example%2F", "/")]
    [InlineData("&return_url=%2F%2Fevil.example", "/")]
    public async Task TheMagicLinkCallbackStartsASessionAndRedirectsToALocalReturnUrl(string query, string expectedLocation)
    {
        var ct = TestContext.Current.CancellationToken;
        _factory.Stytch.On("POST", MagicLinkAuthenticate, FakeReply.Json(StytchShapes.Login(_user, _factory.Clock.GetUtcNow(), "magic_link")));
        var browser = _factory.CreateSpaClient();

        var response = await browser.GetAsync($"/auth/callback?stytch_token_type=magic_links&token={Uri.EscapeDataString(Token)}{query}", ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expectedLocation, response.Headers.Location?.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-bff-session=", StringComparison.Ordinal));
        var sent = Assert.Single(_factory.Stytch.Requests);
        using var body = JsonDocument.Parse(sent.Body!);
        Assert.Equal(Token, body.RootElement.GetProperty("token").GetString());
        Assert.Equal(720, body.RootElement.GetProperty("session_duration_minutes").GetInt32());
        var me = await browser.GetFromJsonAsync<JsonElement>("/me", ct);
        Assert.Equal(_user.UserId, me.GetProperty("user_id").GetString());
        Assert.Equal("magic_link", me.GetProperty("authentication_factors")[0].GetProperty("type").GetString());
    }

    [Theory]
    [InlineData(404, "magic_link_not_found", "Magic link could not be found.")]
    [InlineData(401, "unable_to_auth_magic_link", "The magic link could not be authenticated because it was either already used or expired.")]
    [InlineData(401, "unauthorized_credentials", "Unauthorized credentials.")]
    public async Task AUsedOrExpiredMagicLinkIs401WithStytchsFields(int stytchStatus, string errorType, string message)
    {
        var ct = TestContext.Current.CancellationToken;
        var stytchBody = StytchShapes.Error(stytchStatus, errorType, message);
        _factory.Stytch.On("POST", MagicLinkAuthenticate, FakeReply.Json(stytchBody, stytchStatus));

        var response = await _factory.CreateSpaClient().GetAsync($"/auth/callback?stytch_token_type=magic_links&token={Token}", ct);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, errorType);
        Assert.Equal(StytchShapes.RequestIdOf(stytchBody), Problem.Text(problem, "request_id"));
        Assert.Equal(message, Problem.Text(problem, "error_message"));
        Assert.StartsWith("https://stytch.com/docs/", Problem.Text(problem, "error_url"), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Equal(1, _factory.Stytch.Count("POST", MagicLinkAuthenticate));
    }

    [Fact]
    public async Task APersonFollowingAFailedLinkIsSentBackToTheSpaWithTheErrorType()
    {
        var ct = TestContext.Current.CancellationToken;
        _factory.Stytch.On("POST", MagicLinkAuthenticate, FakeReply.Error(404, "magic_link_not_found", "Magic link could not be found."));
        using var navigation = new HttpRequestMessage(HttpMethod.Get, $"/auth/callback?stytch_token_type=magic_links&token={Token}");
        navigation.Headers.Add("Accept", "text/html,application/xhtml+xml");

        var response = await _factory.CreateSpaClient(csrf: false).SendAsync(navigation, ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/?auth_error=magic_link_not_found", response.Headers.Location?.OriginalString);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task TheMagicLinkExchangeIsNeverRetried()
    {
        var ct = TestContext.Current.CancellationToken;
        _factory.Stytch.On("POST", MagicLinkAuthenticate, FakeReply.Error(500, "internal_server_error", "Oops."));

        var response = await _factory.CreateSpaClient().GetAsync($"/auth/callback?stytch_token_type=magic_links&token={Token}", ct);

        await Problem.AssertAsync(response, HttpStatusCode.BadGateway);
        Assert.Equal(1, _factory.Stytch.Count("POST", MagicLinkAuthenticate));
    }

    [Theory]
    [InlineData("/auth/callback?stytch_token_type=magic_links", "invalid_token")]
    [InlineData("/auth/callback?stytch_token_type=magic_links&token=short", "invalid_token")]
    [InlineData("/auth/callback?stytch_token_type=magic_links&token=abc%2F..%2F..%2Fusers12", "invalid_token")]
    [InlineData("/auth/callback?stytch_token_type=passwords&token=abcdefgh12345678", "invalid_token_type")]
    [InlineData("/auth/callback?token=abcdefgh12345678", "invalid_token_type")]
    public async Task AMalformedCallbackIs400WithoutCallingStytch(string url, string errorType)
    {
        var ct = TestContext.Current.CancellationToken;

        var response = await _factory.CreateSpaClient().GetAsync(url, ct);

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, errorType);
        Assert.Empty(_factory.Stytch.Requests);
    }
}
