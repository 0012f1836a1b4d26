using Bff.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bff.BrowserTests;

/// <summary>What a newcomer sees after <c>dotnet run --project src/Bff</c>: Development, no Stytch settings.</summary>
public sealed class FirstRunTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private LiveApp _app = null!;
    private IBrowserContext _context = null!;
    private SpaPage _spa = null!;
    private PageErrors _errors = null!;

    public async ValueTask InitializeAsync()
    {
        _app = LiveApp.StartFirstRun();
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
    public async Task TheLoginPageShowsTheDemoLoginWhichLogsInAndRevokes()
    {
        var page = _spa.Page;
        await page.GotoAsync("/");

        var dev = page.GetByRole(AriaRole.Complementary, new() { Name = "Development" });
        await Expect(dev).ToContainTextAsync($"Demo login: {SpaPage.DemoEmail} / {SpaPage.DemoPassword}");
        await Expect(dev).ToContainTextAsync(_app.Emulator.BaseUrl.AbsoluteUri);
        await dev.GetByRole(AriaRole.Button, new() { Name = "Use the demo login" }).ClickAsync();
        await Expect(_spa.PasswordForm.GetByLabel("Email")).ToHaveValueAsync(SpaPage.DemoEmail);
        await _spa.PasswordForm.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();

        await Expect(_spa.AppNames).ToHaveCountAsync(3);
        await _spa.RevokeButton("Example CLI").ClickAsync();
        await Expect(_spa.RevokeResult).ToContainTextAsync("Access revoked for Example CLI.");
        await Expect(_spa.AppNames).ToHaveCountAsync(2);
        Assert.Empty(_errors.All);
    }

    [Fact]
    public async Task TheAccountPageCallsTheDemoApiThroughTheBffWithTheSessionsJwt()
    {
        var page = _spa.Page;
        await page.GotoAsync("/");
        await _spa.LogInWithPasswordAsync();
        await Expect(_spa.AppNames).ToHaveCountAsync(3);

        await page.GotoAsync("/account");
        await page.GetByRole(AriaRole.Button, new() { Name = "Call GET /api/hello" }).ClickAsync();

        // The demo API (src/Sample.Api) verified the emulator-signed JWT the BFF attached and echoes its subject.
        var output = page.Locator("#api-output");
        await Expect(output).ToContainTextAsync("HTTP 200");
        await Expect(output).ToContainTextAsync($"\"sub\": \"{_app.Emulator.FindUserId(SpaPage.DemoEmail)}\"");
        await Expect(output).ToContainTextAsync("\"path\": \"/api/hello\"");
        Assert.Empty(_errors.All);
    }

    [Fact]
    public async Task TheMagicLinkCanBeOpenedFromTheEmulatorInboxPage()
    {
        var page = _spa.Page;
        await page.GotoAsync("/");
        await _spa.MagicLinkForm.GetByLabel("Email").FillAsync(SpaPage.DemoEmail);
        await _spa.MagicLinkForm.GetByRole(AriaRole.Button, new() { Name = "Email me a login link" }).ClickAsync();

        var inboxLink = _spa.MagicLinkForm.GetByRole(AriaRole.Link, new() { Name = "Open the emulator inbox" });
        await Expect(inboxLink).ToHaveAttributeAsync("href", new Uri(_app.Emulator.BaseUrl, "emulator/inbox").AbsoluteUri);
        var inbox = await _context.RunAndWaitForPageAsync(() => inboxLink.ClickAsync());
        await inbox.WaitForLoadStateAsync();
        await inbox.GetByRole(AriaRole.Link, new() { Name = new Uri(_app.BaseUrl, "/auth/callback").AbsoluteUri }).First.ClickAsync();

        // The inbox tab is now logged in; the first tab notices when it is shown again.
        await Expect(inbox.GetByRole(AriaRole.Heading, new() { Name = "Connected apps", Level = 1 })).ToBeVisibleAsync();
        await Expect(new SpaPage(inbox).AppNames).ToHaveCountAsync(3);
        await page.BringToFrontAsync();
        await page.EvaluateAsync("document.dispatchEvent(new Event('visibilitychange'))");
        await Expect(_spa.AppsHeading).ToBeVisibleAsync();
        Assert.Empty(_errors.All);
    }
}
