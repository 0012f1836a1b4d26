using Bff.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bff.BrowserTests;

public sealed class MagicLinkLoginTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IAsyncLifetime
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

    [Fact]
    public async Task AMagicLinkFromTheInboxLogsInAndReturnsToThePageItWasRequestedFrom()
    {
        var page = _spa.Page;
        await page.GotoAsync("/account");
        await Expect(_spa.LoginHeading).ToBeVisibleAsync();
        await _spa.MagicLinkForm.GetByLabel("Email").FillAsync(SpaPage.DemoEmail);
        await _spa.MagicLinkForm.GetByRole(AriaRole.Button, new() { Name = "Email me a login link" }).ClickAsync();
        await Expect(_spa.MagicLinkForm.GetByRole(AriaRole.Status)).ToContainTextAsync($"We sent a login link to {SpaPage.DemoEmail}");

        var message = _app.Emulator.Inbox.Latest(SpaPage.DemoEmail);
        Assert.NotNull(message);
        Assert.StartsWith(new Uri(_app.BaseUrl, "/auth/callback").AbsoluteUri, message.Link.AbsoluteUri, StringComparison.Ordinal);
        await page.GotoAsync(message.Link.AbsoluteUri);

        await Expect(page).ToHaveURLAsync(new Uri(_app.BaseUrl, "/account").AbsoluteUri);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Account", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#me-factors")).ToContainTextAsync("Magic link");
        Assert.Contains(await _context.CookiesAsync(), c => c.Name == "__Host-bff-session");
        Assert.Empty(_errors.All);
    }

    [Fact]
    public async Task AUsedMagicLinkLandsOnTheLoginPageWithTheAuthError()
    {
        var page = _spa.Page;
        await page.GotoAsync("/");
        await _spa.MagicLinkForm.GetByLabel("Email").FillAsync(SpaPage.DemoEmail);
        await _spa.MagicLinkForm.GetByRole(AriaRole.Button, new() { Name = "Email me a login link" }).ClickAsync();
        await Expect(_spa.MagicLinkForm.GetByRole(AriaRole.Status)).ToBeVisibleAsync();
        var link = _app.Emulator.Inbox.Latest(SpaPage.DemoEmail)!.Link.AbsoluteUri;
        await page.GotoAsync(link);
        await Expect(_spa.AppsHeading).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(_spa.LoginHeading).ToBeVisibleAsync();

        await page.GotoAsync(link); // single use: Stytch refuses it the second time

        await Expect(_spa.LoginHeading).ToBeVisibleAsync();
        var alert = page.Locator("#auth-error");
        await Expect(alert).ToBeVisibleAsync();
        await Expect(alert).ToContainTextAsync("auth_error=");
        await Expect(page).ToHaveURLAsync(_app.BaseUrl.AbsoluteUri); // the SPA tidied the address bar
        Assert.Equal(401, await _spa.FetchStatusAsync("/me"));
        Assert.Empty(_errors.All);
    }
}
