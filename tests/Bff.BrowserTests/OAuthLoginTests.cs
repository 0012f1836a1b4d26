using Bff.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using Stytch.Emulator;
using static Microsoft.Playwright.Assertions;

namespace Bff.BrowserTests;

public sealed class OAuthLoginTests(ChromiumFixture chromium) : BrowserTest(chromium)
{
    /// <summary>
    /// The login comes back from another site (the provider page, then Stytch's redirect): the session cookie is
    /// SameSite=Strict, the PKCE flow cookie Lax. This pins that the round trip still ends logged in under the CSP.
    /// </summary>
    [Fact]
    public async Task OAuthThroughTheSimulatedProviderEndsLoggedInWithAStrictHttpOnlyCookie()
    {
        var page = Spa.Page;
        await page.GotoAsync("/");

        await page.GetByRole(AriaRole.Link, new() { Name = "Continue with Google" }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(App.Emulator.BaseUrl.AbsoluteUri, StringComparison.Ordinal));
        await page.Locator("#continue").ClickAsync();

        await Expect(Spa.AppsHeading).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(App.BaseUrl.AbsoluteUri);
        await Expect(Spa.AppNames).ToHaveCountAsync(3);
        var cookies = await Context.CookiesAsync([App.BaseUrl.AbsoluteUri]);
        var session = Assert.Single(cookies, c => c.Name == "__Host-bff-session");
        Assert.True(session.HttpOnly);
        Assert.True(session.Secure);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.Equal("/", session.Path);
        Assert.DoesNotContain(cookies, c => c.Name == "__Host-bff-oauth"); // the one-time PKCE cookie is gone
        Assert.DoesNotContain("__Host-", await page.EvaluateAsync<string>("document.cookie"), StringComparison.Ordinal);
        Assert.Single(App.Emulator.Calls.Of(EmulatorOperations.OAuthAuthenticate), c => c.StatusCode == 200);
        Assert.Empty(Errors.All);
    }

    [Fact]
    public async Task OAuthStartedFromAClientRouteReturnsToIt()
    {
        var page = Spa.Page;
        await page.GotoAsync("/account");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Continue with Google" }))
            .ToHaveAttributeAsync("href", "/auth/oauth/google?return_url=%2Faccount");

        await page.GetByRole(AriaRole.Link, new() { Name = "Continue with Google" }).ClickAsync();
        await page.Locator("#continue").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Uri(App.BaseUrl, "/account").AbsoluteUri);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Account", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#me-factors")).ToContainTextAsync("Social login");
        Assert.Empty(Errors.All);
    }
}
