using Bff.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bff.BrowserTests;

public sealed class MagicLinkLoginTests(ChromiumFixture chromium) : BrowserTest(chromium)
{
    [Fact]
    public async Task AMagicLinkFromTheInboxLogsInAndReturnsToThePageItWasRequestedFrom()
    {
        var page = Spa.Page;
        await page.GotoAsync("/account");
        await Expect(Spa.LoginHeading).ToBeVisibleAsync();
        await Spa.MagicLinkForm.GetByLabel("Email").FillAsync(SpaPage.DemoEmail);
        await Spa.MagicLinkForm.GetByRole(AriaRole.Button, new() { Name = "Email me a login link" }).ClickAsync();
        await Expect(Spa.MagicLinkForm.GetByRole(AriaRole.Status)).ToContainTextAsync($"We sent a login link to {SpaPage.DemoEmail}");

        var message = App.Emulator.Inbox.Latest(SpaPage.DemoEmail);
        Assert.NotNull(message);
        Assert.StartsWith(new Uri(App.BaseUrl, "/auth/callback").AbsoluteUri, message.Link.AbsoluteUri, StringComparison.Ordinal);
        await page.GotoAsync(message.Link.AbsoluteUri);

        await Expect(page).ToHaveURLAsync(new Uri(App.BaseUrl, "/account").AbsoluteUri);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Account", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#me-factors")).ToContainTextAsync("Magic link");
        Assert.Contains(await Context.CookiesAsync(), c => c.Name == "__Host-bff-session");
        Assert.Empty(Errors.All);
    }

    [Fact]
    public async Task AUsedMagicLinkLandsOnTheLoginPageWithTheAuthError()
    {
        var page = Spa.Page;
        await page.GotoAsync("/");
        await Spa.MagicLinkForm.GetByLabel("Email").FillAsync(SpaPage.DemoEmail);
        await Spa.MagicLinkForm.GetByRole(AriaRole.Button, new() { Name = "Email me a login link" }).ClickAsync();
        await Expect(Spa.MagicLinkForm.GetByRole(AriaRole.Status)).ToBeVisibleAsync();
        var link = App.Emulator.Inbox.Latest(SpaPage.DemoEmail)!.Link.AbsoluteUri;
        await page.GotoAsync(link);
        await Expect(Spa.AppsHeading).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(Spa.LoginHeading).ToBeVisibleAsync();

        await page.GotoAsync(link); // single use: Stytch refuses it the second time

        await Expect(Spa.LoginHeading).ToBeVisibleAsync();
        var alert = page.Locator("#auth-error");
        await Expect(alert).ToBeVisibleAsync();
        await Expect(alert).ToContainTextAsync("auth_error=");
        await Expect(page).ToHaveURLAsync(App.BaseUrl.AbsoluteUri); // the SPA tidied the address bar
        Assert.Equal(401, await Spa.FetchStatusAsync("/me"));
        Assert.Empty(Errors.All);
    }
}
