using System.Net.Http.Json;
using System.Text.Json;
using Bff.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using Stytch.Emulator;
using static Microsoft.Playwright.Assertions;

namespace Bff.BrowserTests;

public sealed class MagicLinkLoginTests(ChromiumFixture chromium) : BrowserTest(chromium)
{
    private const string OtherBrowserMessage = "Open it in the browser where you asked for it";

    [Fact]
    public async Task AMagicLinkFromTheInboxLogsInAndReturnsToThePageItWasRequestedFrom()
    {
        var page = Spa.Page;
        await page.GotoAsync("/account");
        await Expect(Spa.LoginHeading).ToBeVisibleAsync();
        var link = await RequestLinkAsync(page, SpaPage.DemoEmail);

        Assert.StartsWith(new Uri(App.BaseUrl, "/auth/callback").AbsoluteUri, link, StringComparison.Ordinal);
        await page.GotoAsync(link);

        await Expect(page).ToHaveURLAsync(new Uri(App.BaseUrl, "/account").AbsoluteUri);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Account", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#me-factors")).ToContainTextAsync("Magic link");
        var cookies = await Context.CookiesAsync();
        Assert.Contains(cookies, c => c.Name == "__Host-bff-session");
        Assert.DoesNotContain(cookies, c => c.Name.StartsWith("__Host-bff-ml-", StringComparison.Ordinal)); // the flow is used up
        Assert.Empty(Errors.All);
    }

    /// <summary>
    /// Login CSRF: the attacker asks for a magic link to their own account (in their own browser), then a cross-site
    /// page the victim opens sends the victim's browser to that link. The victim must not end up logged in as the
    /// attacker, even while a link of their own is pending in this browser.
    /// </summary>
    [Fact]
    public async Task AnAttackersOwnLinkOpenedByACrossSitePageDoesNotLogTheVictimIn()
    {
        var ct = TestContext.Current.CancellationToken;
        const string attackerEmail = "mallory@example.com";
        using var attacker = new HttpClient { BaseAddress = App.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        attacker.DefaultRequestHeaders.Add("X-CSRF", "1");
        var sent = await attacker.PostAsJsonAsync("/auth/magic-link", new { email = attackerEmail }, ct);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, sent.StatusCode);
        var attackersLink = App.Emulator.Inbox.Latest(attackerEmail)!.Link.AbsoluteUri;

        var page = Spa.Page;
        await page.GotoAsync("/");
        await RequestLinkAsync(page, SpaPage.DemoEmail); // the victim's own pending link
        await Context.RouteAsync("http://evil.test/**", route => route.FulfillAsync(new()
        {
            ContentType = "text/html",
            Body = $"<!doctype html><title>Win a prize</title><script>location = {JsonSerializer.Serialize(attackersLink)};</script>",
        }));

        await page.GotoAsync("http://evil.test/prize");

        await page.WaitForURLAsync(url => url.StartsWith(App.BaseUrl.AbsoluteUri, StringComparison.Ordinal));
        await Expect(Spa.LoginHeading).ToBeVisibleAsync();
        await Expect(page.Locator("#auth-error")).ToContainTextAsync(OtherBrowserMessage);
        Assert.Equal(401, await Spa.FetchStatusAsync("/me"));
        Assert.DoesNotContain(await Context.CookiesAsync([App.BaseUrl.AbsoluteUri]), c => c.Name == "__Host-bff-session");
        Assert.DoesNotContain(App.Emulator.Calls.Of(EmulatorOperations.MagicLinksAuthenticate), c => c.StatusCode == 200);
        Assert.Empty(Errors.All);
    }

    [Fact]
    public async Task ALinkOpenedInAnotherBrowserSaysWhereToOpenItAndStillWorksWhereItWasRequested()
    {
        var page = Spa.Page;
        await page.GotoAsync("/account");
        var link = await RequestLinkAsync(page, SpaPage.DemoEmail);
        var thisBrowser = await Context.CookiesAsync();

        await Context.ClearCookiesAsync(); // another browser: none of this browser's cookies
        await page.GotoAsync(link);

        await Expect(Spa.LoginHeading).ToBeVisibleAsync();
        await Expect(page.Locator("#auth-error")).ToContainTextAsync(OtherBrowserMessage);
        Assert.Equal(401, await Spa.FetchStatusAsync("/me"));

        await Context.AddCookiesAsync(thisBrowser.Select(c => new Cookie
        {
            Name = c.Name,
            Value = c.Value,
            Domain = c.Domain,
            Path = c.Path,
            Expires = c.Expires,
            HttpOnly = c.HttpOnly,
            Secure = c.Secure,
            SameSite = c.SameSite,
        }));
        await page.GotoAsync(link);

        await Expect(page).ToHaveURLAsync(new Uri(App.BaseUrl, "/account").AbsoluteUri);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Account", Level = 1 })).ToBeVisibleAsync();
        Assert.Empty(Errors.All);
    }

    [Fact]
    public async Task LinksRequestedInTwoTabsOfOneBrowserEachLogInAndReturnToTheirOwnTab()
    {
        var accountTab = Spa.Page;
        await accountTab.GotoAsync("/account");
        var accountLink = await RequestLinkAsync(accountTab, SpaPage.DemoEmail);
        var appsTab = new SpaPage(await Context.NewPageAsync());
        await appsTab.Page.GotoAsync("/");
        var appsLink = await RequestLinkAsync(appsTab.Page, SpaPage.DemoEmail);
        Assert.NotEqual(accountLink, appsLink);

        await accountTab.GotoAsync(accountLink);
        await Expect(accountTab).ToHaveURLAsync(new Uri(App.BaseUrl, "/account").AbsoluteUri);
        await Expect(accountTab.GetByRole(AriaRole.Heading, new() { Name = "Account", Level = 1 })).ToBeVisibleAsync();
        await appsTab.Page.GotoAsync(appsLink);

        await Expect(appsTab.Page).ToHaveURLAsync(App.BaseUrl.AbsoluteUri);
        await Expect(appsTab.AppsHeading).ToBeVisibleAsync();
        Assert.Equal(2, App.Emulator.Calls.Of(EmulatorOperations.MagicLinksAuthenticate).Count(c => c.StatusCode == 200));
        Assert.Empty(Errors.All);
    }

    [Fact]
    public async Task AUsedMagicLinkLandsOnTheLoginPageWithTheAuthError()
    {
        var page = Spa.Page;
        await page.GotoAsync("/");
        var link = await RequestLinkAsync(page, SpaPage.DemoEmail);
        await page.GotoAsync(link);
        await Expect(Spa.AppsHeading).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(Spa.LoginHeading).ToBeVisibleAsync();

        await page.GotoAsync(link); // single use: its flow is gone from this browser, and Stytch would refuse it too

        await Expect(Spa.LoginHeading).ToBeVisibleAsync();
        var alert = page.Locator("#auth-error");
        await Expect(alert).ToBeVisibleAsync();
        await Expect(alert).ToContainTextAsync("auth_error=");
        await Expect(page).ToHaveURLAsync(App.BaseUrl.AbsoluteUri); // the SPA tidied the address bar
        Assert.Equal(401, await Spa.FetchStatusAsync("/me"));
        Assert.Empty(Errors.All);
    }

    /// <summary>Asks for a link with the SPA's form, as a user does; returns the link the emulator "emailed".</summary>
    private async Task<string> RequestLinkAsync(IPage page, string email)
    {
        var before = App.Emulator.Inbox.Latest(email);
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Magic link" });
        await form.GetByLabel("Email").FillAsync(email);
        await form.GetByRole(AriaRole.Button, new() { Name = "Email me a login link" }).ClickAsync();
        await Expect(form.GetByRole(AriaRole.Status)).ToContainTextAsync($"We sent a login link to {email}");
        var message = App.Emulator.Inbox.Latest(email);
        Assert.NotNull(message);
        Assert.NotEqual(before, message);
        return message.Link.AbsoluteUri;
    }
}
