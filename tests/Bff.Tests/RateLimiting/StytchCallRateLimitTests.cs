using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bff.RateLimiting;
using Bff.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bff.Tests.RateLimiting;

public sealed class StytchCallRateLimitTests : BffTest
{
    private const int Limit = 3;
    private const int AnonymousLimit = 4;
    private const string AppId = "connected-app-test-5b0c6f1e-4d1a-4c55-9a3e-1f2b3c4d5e6f";
    private readonly TestUser _ada = new("ada@example.com", "correct-horse");
    private readonly TestUser _grace = new("grace@example.com", "battery-staple", "Grace", "Hopper");

    public StytchCallRateLimitTests()
    {
        Factory.Settings["RateLimiting:PermitLimit"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Factory.Settings["RateLimiting:LoginPermitLimitPerAddress"] = AnonymousLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // A long window: the test can never straddle a window boundary, however slow the machine.
        Factory.Settings["RateLimiting:Window"] = "00:10:00";
    }

    [Fact]
    public async Task RevokeBeyondThePermitLimitIs429ProblemWithRetryAfterAndStytchIsNotCalled()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_ada, ct);
        var revokePath = RevokePath(_ada);
        Factory.Stytch.On("POST", revokePath, FakeReply.Ack());

        for (var i = 0; i < Limit; i++)
        {
            var ok = await client.PostAsync($"/me/connected-apps/{AppId}/revoke", null, ct);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        var response = await client.PostAsync($"/me/connected-apps/{AppId}/revoke", null, ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal(429, problem.GetProperty("status_code").GetInt32());
        Assert.Equal("bff_rate_limited", problem.GetProperty("error_type").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("bff_request_id").GetString()));
        Assert.Equal(Limit, Factory.Stytch.Count("POST", revokePath));
        Assert.Empty(Factory.Stytch.Unexpected);
    }

    [Fact]
    public async Task ListAndRevokeShareOneBudgetPerSession()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_ada, ct);
        var listPath = $"/v1/users/{_ada.UserId}/connected_apps";
        Factory.Stytch.On("GET", listPath, FakeReply.Json(StytchShapes.ConnectedApps((AppId, "Notes"))));
        Factory.Stytch.On("POST", RevokePath(_ada), FakeReply.Ack());

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me/connected-apps", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/me/connected-apps/{AppId}/revoke", null, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me/connected-apps", ct)).StatusCode);
        var refused = await client.GetAsync("/me/connected-apps", ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(2, Factory.Stytch.Count("GET", listPath));
        Assert.Equal(1, Factory.Stytch.Count("POST", RevokePath(_ada)));
    }

    [Fact]
    public async Task AnotherSessionIsNotAffectedWhenOneSessionIsLimited()
    {
        var ct = TestContext.Current.CancellationToken;
        var ada = await Factory.LoginAsync(_ada, ct);
        var grace = await Factory.LoginAsync(_grace, ct);
        Factory.Stytch.On("POST", RevokePath(_ada), FakeReply.Ack());
        Factory.Stytch.On("POST", RevokePath(_grace), FakeReply.Ack());
        for (var i = 0; i < Limit; i++)
        {
            await ada.PostAsync($"/me/connected-apps/{AppId}/revoke", null, ct);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await ada.PostAsync($"/me/connected-apps/{AppId}/revoke", null, ct)).StatusCode);

        var response = await grace.PostAsync($"/me/connected-apps/{AppId}/revoke", null, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, Factory.Stytch.Count("POST", RevokePath(_grace)));
    }

    [Fact]
    public async Task MeIsNotRateLimitedBecauseItNeverCallsStytch()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_ada, ct);
        var stytchCallsAfterLogin = Factory.Stytch.Requests.Count;

        for (var i = 0; i < Limit * 4; i++)
        {
            var response = await client.GetAsync("/me", ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(stytchCallsAfterLogin, Factory.Stytch.Requests.Count);
    }

    [Fact]
    public async Task LoginsWithoutASessionAreLimitedPerClientAddress()
    {
        var ct = TestContext.Current.CancellationToken;
        Factory.Stytch.On("POST", "/v1/passwords/authenticate", FakeReply.Error(401, "unauthorized_credentials", "Unauthorized credentials."));
        var client = Factory.CreateSpaClient();
        var body = new { email = _ada.Email, password = "wrong-password" };
        for (var i = 0; i < AnonymousLimit; i++)
        {
            var wrong = await client.PostAsJsonAsync("/auth/password", body, ct);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var response = await client.PostAsJsonAsync("/auth/password", body, ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal("bff_rate_limited", problem.GetProperty("error_type").GetString());
        Assert.Equal(AnonymousLimit, Factory.Stytch.Count("POST", "/v1/passwords/authenticate"));
    }

    [Fact]
    public async Task RequestsRefusedBeforeAuthorizationDoNotSpendTheBudget()
    {
        var ct = TestContext.Current.CancellationToken;
        var anonymous = Factory.CreateSpaClient();
        for (var i = 0; i < AnonymousLimit * 2; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/me/connected-apps", ct)).StatusCode);
        }

        // The same client address can still log in: the 401s above cost nothing.
        var client = await Factory.LoginAsync(_ada, ct);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me", ct)).StatusCode);
    }

    [Fact]
    public async Task DisabledRateLimitingLetsEveryCallThrough()
    {
        var ct = TestContext.Current.CancellationToken;
        Factory.Settings["RateLimiting:Enabled"] = "false";
        var client = await Factory.LoginAsync(_ada, ct);
        Factory.Stytch.On("POST", RevokePath(_ada), FakeReply.Ack());

        for (var i = 0; i < Limit * 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/me/connected-apps/{AppId}/revoke", null, ct)).StatusCode);
        }

        Assert.Equal(Limit * 3, Factory.Stytch.Count("POST", RevokePath(_ada)));
    }

    [Theory]
    [InlineData("RateLimiting:PermitLimit", "0")]
    [InlineData("RateLimiting:LoginPermitLimitPerAddress", "-1")]
    [InlineData("RateLimiting:Window", "00:00:00")]
    public void AnInvalidSettingIsRefusedAtStartUpWithAMessageNamingTheKey(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddBffRateLimiting()
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<RateLimitingOptions>>().Value);

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDefaultsAreValidAndLimitLoginsHarderThanSessions()
    {
        var defaults = new RateLimitingOptions();

        Assert.Equal(ValidateOptionsResult.Success, new RateLimitingOptionsValidator().Validate(null, defaults));
        Assert.True(defaults.Enabled);
        Assert.True(defaults.LoginPermitLimitPerAddress < defaults.PermitLimit);
        Assert.True(defaults.LoginPermitLimitPerEmail < defaults.LoginPermitLimitPerAddress);
    }

    private static string RevokePath(TestUser user) => $"/v1/users/{user.UserId}/connected_apps/{AppId}/revoke";
}
