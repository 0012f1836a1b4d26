using Bff.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bff.BrowserTests;

/// <summary>What a newcomer sees after <c>dotnet run --project src/Bff.Dev</c>: Development, no Stytch settings.</summary>
public sealed class FirstRunTests(ChromiumFixture chromium) : BrowserTest(chromium)
{
    protected override Task<LiveApp> StartAppAsync(CancellationToken ct) => LiveApp.StartFirstRunAsync(ct);

    [Fact]
    public async Task TheLoginPageShowsTheDemoLoginWhichLogsInAndRevokes()
    {
        var page = Spa.Page;
        await page.GotoAsync("/");

        var dev = page.GetByRole(AriaRole.Complementary, new() { Name = "Development" });
        await Expect(dev).ToContainTextAsync($"Demo login: {SpaPage.DemoEmail} / {SpaPage.DemoPassword}");
        await Expect(dev).ToContainTextAsync(App.Emulator.BaseUrl.AbsoluteUri);
        await dev.GetByRole(AriaRole.Button, new() { Name = "Use the demo login" }).ClickAsync();
        await Expect(Spa.PasswordForm.GetByLabel("Email")).ToHaveValueAsync(SpaPage.DemoEmail);
        await Spa.PasswordForm.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();

        await Expect(Spa.AppNames).ToHaveCountAsync(3);
        await Spa.RevokeButton("Example CLI").ClickAsync();
        await Expect(Spa.RevokeResult).ToContainTextAsync("Access revoked for Example CLI.");
        await Expect(Spa.AppNames).ToHaveCountAsync(2);
        Assert.Empty(Errors.All);
    }

    [Fact]
    public async Task TheConnectedAppsPageLinksTheSampleAppWhichConnectsThroughTheConsentPage()
    {
        var page = Spa.Page;
        await page.GotoAsync("/");
        await Spa.LogInWithPasswordAsync();
        await Expect(Spa.AppNames).ToHaveCountAsync(3);

        var sampleLink = page.GetByRole(AriaRole.Complementary, new() { Name = "Development" }).GetByRole(AriaRole.Link, new() { Name = "open the sample Connected App" });
        await Expect(sampleLink).ToHaveAttributeAsync("href", App.SampleConnectedApp!.BaseAddress.AbsoluteUri);
        await sampleLink.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Connect", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sample third-party app wants to access your account", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();

        await Expect(page.Locator("#connected-as")).ToContainTextAsync(SpaPage.DemoEmail);
        await page.GetByRole(AriaRole.Link, new() { Name = "your Connected apps page" }).ClickAsync();
        await Expect(Spa.AppNames).ToHaveCountAsync(4);
        await Expect(Spa.Card("Sample third-party app")).ToBeVisibleAsync();
        Assert.Empty(Errors.All);
    }

    [Fact]
    public async Task TheAccountPageCallsTheDemoApiThroughTheBffWithTheSessionsJwt()
    {
        var page = Spa.Page;
        await page.GotoAsync("/");
        await Spa.LogInWithPasswordAsync();
        await Expect(Spa.AppNames).ToHaveCountAsync(3);

        await page.GotoAsync("/account");
        await page.GetByRole(AriaRole.Button, new() { Name = "Call GET /api/hello" }).ClickAsync();

        // The demo API (src/Sample.Api) verified the emulator-signed JWT the BFF attached and echoes its subject.
        var output = page.Locator("#api-output");
        await Expect(output).ToContainTextAsync("HTTP 200");
        await Expect(output).ToContainTextAsync($"\"sub\": \"{App.Emulator.FindUserId(SpaPage.DemoEmail)}\"");
        await Expect(output).ToContainTextAsync("\"path\": \"/api/hello\"");
        Assert.Empty(Errors.All);
    }

    [Fact]
    public async Task TheMagicLinkCanBeOpenedFromTheEmulatorInboxPage()
    {
        var page = Spa.Page;
        await page.GotoAsync("/");
        await Spa.MagicLinkForm.GetByLabel("Email").FillAsync(SpaPage.DemoEmail);
        await Spa.MagicLinkForm.GetByRole(AriaRole.Button, new() { Name = "Email me a login link" }).ClickAsync();

        var inboxLink = Spa.MagicLinkForm.GetByRole(AriaRole.Link, new() { Name = "Open the emulator inbox" });
        await Expect(inboxLink).ToHaveAttributeAsync("href", new Uri(App.Emulator.BaseUrl, "emulator/inbox").AbsoluteUri);
        var inbox = await Context.RunAndWaitForPageAsync(() => inboxLink.ClickAsync());
        await inbox.WaitForLoadStateAsync();
        await inbox.GetByRole(AriaRole.Link, new() { Name = new Uri(App.BaseUrl, "/auth/callback").AbsoluteUri }).First.ClickAsync();

        // The inbox tab is now logged in; the first tab notices when it is shown again.
        await Expect(inbox.GetByRole(AriaRole.Heading, new() { Name = "Connected apps", Level = 1 })).ToBeVisibleAsync();
        await Expect(new SpaPage(inbox).AppNames).ToHaveCountAsync(3);
        await page.BringToFrontAsync();
        await page.EvaluateAsync("document.dispatchEvent(new Event('visibilitychange'))");
        await Expect(Spa.AppsHeading).ToBeVisibleAsync();
        Assert.Empty(Errors.All);
    }
}
