using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bff.RateLimiting;
using Bff.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bff.Tests.RateLimiting;

/// <summary>
/// The login and link-sending endpoints are limited per client address and per target email, whatever session the
/// request carries: logging in again (a new session, so once a fresh per-session window) resets neither.
/// </summary>
public sealed class LoginRateLimitTests : BffTest
{
    private const int AddressLimit = 4;
    private const int EmailLimit = 3;
    private const string PasswordAuthenticate = "/v1/passwords/authenticate";
    private const string LoginOrCreate = "/v1/magic_links/email/login_or_create";
    private readonly TestUser _attacker = new("mallory@example.com", "attackers-own-password");
    private readonly TestUser _victim = new("ada@example.com", "correct-horse", "Ada", "Lovelace");

    public LoginRateLimitTests()
    {
        Factory.Settings["RateLimiting:PermitLimit"] = "30";
        Factory.Settings["RateLimiting:LoginPermitLimitPerAddress"] = AddressLimit.ToString(CultureInfo.InvariantCulture);
        Factory.Settings["RateLimiting:LoginPermitLimitPerEmail"] = EmailLimit.ToString(CultureInfo.InvariantCulture);
        // Long windows: the test can never straddle a window boundary, however slow the machine.
        Factory.Settings["RateLimiting:Window"] = "00:10:00";
        Factory.Settings["RateLimiting:LoginEmailWindow"] = "00:30:00";
        Factory.RemoteIpFromTestHeader = true;
    }

    [Fact]
    public async Task LoggingInAgainDoesNotResetTheLoginLimitOfAClientAddress()
    {
        // The pen test: 145 failed logins in 2 s from one address, by logging in to an own account between guesses
        // (each login a new session, and the limit was per session whenever a cookie was present).
        var ct = TestContext.Current.CancellationToken;
        Factory.Settings["RateLimiting:LoginPermitLimitPerEmail"] = "1000"; // only the address limit is under test here
        Factory.Stytch.On("POST", PasswordAuthenticate, r =>
            Email(r) == _attacker.Email
                ? FakeReply.Json(StytchShapes.Login(_attacker with { SessionId = $"session-test-{Guid.NewGuid()}" }, Factory.Clock.GetUtcNow()))
                : FakeReply.Error(401, "unauthorized_credentials", "Unauthorized credentials."));
        Factory.Stytch.On("POST", "/v1/sessions/revoke", FakeReply.Ack());
        var client = From("203.0.113.7");
        var guesses = 0;
        var refused = 0;

        for (var round = 0; round < 20; round++)
        {
            await client.PostAsJsonAsync("/auth/password", new { email = _attacker.Email, password = _attacker.Password }, ct);
            for (var i = 0; i < 3; i++)
            {
                var guess = await client.PostAsJsonAsync("/auth/password", new { email = $"victim{i}@example.com", password = $"guess-{round}-{i}" }, ct);
                guesses++;
                refused += guess.StatusCode == HttpStatusCode.TooManyRequests ? 1 : 0;
            }
        }

        Assert.True(Factory.Stytch.Count("POST", PasswordAuthenticate) <= AddressLimit,
            $"{Factory.Stytch.Count("POST", PasswordAuthenticate)} password checks reached Stytch from one address; the limit is {AddressLimit} per window");
        Assert.True(refused >= guesses - AddressLimit, $"only {refused} of {guesses} guesses were refused");
    }

    [Fact]
    public async Task MagicLinksToOneAddressAreLimitedPerEmailWhateverTheSession()
    {
        // The pen test: 30 magic-link emails per session (and more by logging in again): email bombing.
        var ct = TestContext.Current.CancellationToken;
        Factory.Settings["RateLimiting:LoginPermitLimitPerAddress"] = "1000"; // only the email limit is under test here
        Factory.Stytch.On("POST", LoginOrCreate, FakeReply.Json(StytchShapes.MagicLinkSent(_victim)));
        var client = await LoginFromAsync("198.51.100.2", ct);

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 31; i++)
        {
            answers.Add((await client.PostAsJsonAsync("/auth/magic-link", new { email = _victim.Email }, ct)).StatusCode);
        }

        Assert.Equal(EmailLimit, Factory.Stytch.Count("POST", LoginOrCreate));
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Accepted, EmailLimit).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 31 - EmailLimit)), answers);
    }

    [Fact]
    public async Task FailedLoginsForOneEmailAreLimitedAcrossClientAddresses()
    {
        var ct = TestContext.Current.CancellationToken;
        Factory.Stytch.On("POST", PasswordAuthenticate, FakeReply.Error(401, "unauthorized_credentials", "Unauthorized credentials."));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            var client = From($"203.0.113.{10 + i}");
            statuses.Add((await client.PostAsJsonAsync("/auth/password", new { email = i % 2 == 0 ? _victim.Email : _victim.Email.ToUpperInvariant(), password = $"guess-{i}" }, ct)).StatusCode);
        }

        Assert.Equal(EmailLimit, Factory.Stytch.Count("POST", PasswordAuthenticate));
        Assert.Equal(EmailLimit, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(10 - EmailLimit, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task AnEmailRefusalIsA429ProblemWithRetryAfterAndOtherEmailsStillWork()
    {
        var ct = TestContext.Current.CancellationToken;
        Factory.Settings["RateLimiting:LoginPermitLimitPerAddress"] = "1000";
        Factory.Stytch.On("POST", LoginOrCreate, FakeReply.Json(StytchShapes.MagicLinkSent(_victim)));
        var client = From("192.0.2.1");
        for (var i = 0; i < EmailLimit; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync("/auth/magic-link", new { email = _victim.Email }, ct)).StatusCode);
        }

        var refused = await client.PostAsJsonAsync("/auth/magic-link", new { email = _victim.Email }, ct);
        var other = await client.PostAsJsonAsync("/auth/magic-link", new { email = "grace@example.com" }, ct);

        var problem = await Problem.AssertAsync(refused, HttpStatusCode.TooManyRequests, "bff_rate_limited");
        Assert.Contains("email", Problem.Text(problem, "error_message"), StringComparison.Ordinal);
        Assert.InRange(refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(30));
        Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);
        Assert.DoesNotContain(Factory.Logs.AllText(), _victim.Email, StringComparison.OrdinalIgnoreCase); // the address is not logged
    }

    [Fact]
    public async Task PasswordAndMagicLinkCountSeparatelyPerEmail()
    {
        // Someone sending links to an address does not lock its owner out of password login, and the other way round.
        var ct = TestContext.Current.CancellationToken;
        Factory.Settings["RateLimiting:LoginPermitLimitPerAddress"] = "1000";
        Factory.Stytch.On("POST", LoginOrCreate, FakeReply.Json(StytchShapes.MagicLinkSent(_victim)));
        Factory.Stytch.On("POST", PasswordAuthenticate, FakeReply.Json(StytchShapes.Login(_victim, Factory.Clock.GetUtcNow())));
        var client = From("192.0.2.2");
        for (var i = 0; i < EmailLimit + 2; i++)
        {
            await client.PostAsJsonAsync("/auth/magic-link", new { email = _victim.Email }, ct);
        }

        var login = await From("192.0.2.3").PostAsJsonAsync("/auth/password", new { email = _victim.Email, password = _victim.Password }, ct);

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Fact]
    public async Task TheMagicLinkCallbackIsLimitedPerClientAddressWhateverTheSession()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await LoginFromAsync("203.0.113.99", ct); // spends one of the address's permits

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < AddressLimit + 2; i++)
        {
            statuses.Add((await client.GetAsync($"/auth/callback?stytch_token_type=magic_links&token=token-{i:D8}-abcdefgh&flow=AAAAAAAAAAAAAAAAAAAAAA", ct)).StatusCode);
        }

        Assert.Equal(AddressLimit - 1, statuses.Count(s => s != HttpStatusCode.TooManyRequests));
        Assert.All(statuses.Skip(AddressLimit - 1), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }

    [Theory]
    [InlineData("RateLimiting:LoginPermitLimitPerAddress", "0", "RateLimiting:LoginPermitLimitPerAddress")]
    [InlineData("RateLimiting:LoginPermitLimitPerEmail", "0", "RateLimiting:LoginPermitLimitPerEmail")]
    [InlineData("RateLimiting:LoginPermitLimitPerEmail", "-5", "RateLimiting:LoginPermitLimitPerEmail")]
    [InlineData("RateLimiting:LoginEmailWindow", "00:00:00", "RateLimiting:LoginEmailWindow")]
    [InlineData("RateLimiting:LoginEmailWindow", "2.00:00:00", "RateLimiting:LoginEmailWindow")]
    [InlineData("RateLimiting:AnonymousPermitLimit", "10", "RateLimiting:LoginPermitLimitPerAddress")] // renamed: say so
    public void AnInvalidLoginLimitIsRefusedAtStartUpWithAMessageNamingTheKeyToSet(string key, string value, string named)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddBffRateLimiting()
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<RateLimitingOptions>>().Value);

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    private HttpClient From(string address)
    {
        var client = Factory.CreateSpaClient();
        client.DefaultRequestHeaders.Add(RemoteIpStartupFilter.HeaderName, address);
        return client;
    }

    private async Task<HttpClient> LoginFromAsync(string address, CancellationToken ct)
    {
        var user = new TestUser($"someone-{Guid.NewGuid():N}@example.com", "a-long-password");
        Factory.Stytch.On("POST", PasswordAuthenticate, FakeReply.Json(StytchShapes.Login(user, Factory.Clock.GetUtcNow())));
        var client = From(address);
        var login = await client.PostAsJsonAsync("/auth/password", new { email = user.Email, password = user.Password }, ct);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return client;
    }

    private static string Email(RecordedRequest request) => JsonDocument.Parse(request.Body!).RootElement.GetProperty("email").GetString()!;
}
