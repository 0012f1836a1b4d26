using Bff.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using Stytch.Emulator;
using static Microsoft.Playwright.Assertions;

namespace Bff.BrowserTests;

public sealed class OAuthLoginTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private LiveApp _app = null!;
    private IBrowserContext _context = null!;
    private SpaPage _spa = null!;
    private PageErrors _errors = null!;

    public async ValueTask InitializeAsync()
    {
        _app = await LiveApp.StartAsync(TestContext.Current.CancellationToken);
        _context = await chromium.NewContextAsync(_app.BaseUrl);
        var page = await _context.NewPageAsync();
        _errors = PageErrors.Watch(page);
        _spa = new SpaPage(page);
    }

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        await _app.DisposeAsync();
    }

    /// <summary>
    /// The login comes back from another site (the provider page, then Stytch's redirect): the session cookie is
    /// SameSite=Strict, the PKCE flow cookie Lax. This pins that the round trip still ends logged in under the CSP.
    /// </summary>
    [Fact]
    public async Task OAuthThroughTheSimulatedProviderEndsLoggedInWithAStrictHttpOnlyCookie()
    {
        var page = _spa.Page;
        await page.GotoAsync("/");

        await page.GetByRole(AriaRole.Link, new() { Name = "Continue with Google" }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(_app.Emulator.BaseUrl.AbsoluteUri, StringComparison.Ordinal));
        await page.Locator("#continue").ClickAsync();

        await Expect(_spa.AppsHeading).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(_app.BaseUrl.AbsoluteUri);
        await Expect(_spa.AppNames).ToHaveCountAsync(3);
        var cookies = await _context.CookiesAsync([_app.BaseUrl.AbsoluteUri]);
        var session = Assert.Single(cookies, c => c.Name == "__Host-bff-session");
        Assert.True(session.HttpOnly);
        Assert.True(session.Secure);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.Equal("/", session.Path);
        Assert.DoesNotContain(cookies, c => c.Name == "__Host-bff-oauth"); // the one-time PKCE cookie is gone
        Assert.DoesNotContain("__Host-", await page.EvaluateAsync<string>("document.cookie"), StringComparison.Ordinal);
        Assert.Single(_app.Emulator.Calls.Of(EmulatorOperations.OAuthAuthenticate), c => c.StatusCode == 200);
        Assert.Empty(_errors.All);
    }

    [Fact]
    public async Task OAuthStartedFromAClientRouteReturnsToIt()
    {
        var page = _spa.Page;
        await page.GotoAsync("/account");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Continue with Google" }))
            .ToHaveAttributeAsync("href", "/auth/oauth/google?return_url=%2Faccount");

        await page.GetByRole(AriaRole.Link, new() { Name = "Continue with Google" }).ClickAsync();
        await page.Locator("#continue").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Uri(_app.BaseUrl, "/account").AbsoluteUri);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Account", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#me-factors")).ToContainTextAsync("Social login");
        Assert.Empty(_errors.All);
    }
}
