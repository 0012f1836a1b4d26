using System.Text.RegularExpressions;
using Bff.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using Stytch.Emulator;
using static Microsoft.Playwright.Assertions;

namespace Bff.BrowserTests;

public sealed partial class PasswordLoginTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private const string SessionCookie = "__Host-bff-session";
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
    public async Task PasswordLoginListsTheAppsRevokesOneKeepsTheSessionOnReloadAndLogsOut()
    {
        var page = _spa.Page;
        await page.GotoAsync("/");
        await _spa.LogInWithPasswordAsync();

        await Expect(_spa.AppsHeading).ToBeVisibleAsync();
        await Expect(_spa.AppNames).ToHaveTextAsync(["Example CLI", "Analytics Dashboard", "Mobile Companion"]);
        await Expect(page.GetByText("Ada Lovelace")).ToBeVisibleAsync();

        await _spa.RevokeButton("Example CLI").ClickAsync();

        await Expect(_spa.RevokeResult).ToContainTextAsync("Access revoked for Example CLI.");
        await Expect(_spa.RevokeResult.Locator("code")).ToHaveTextAsync(RequestId());
        await Expect(_spa.AppNames).ToHaveTextAsync(["Analytics Dashboard", "Mobile Companion"]);
        var revoke = Assert.Single(_app.Emulator.Calls.Of(EmulatorOperations.UsersRevoke));
        Assert.Equal(200, revoke.StatusCode);
        Assert.EndsWith("/connected_apps/connected-app-test-0a1b2c3d-0000-4000-8000-000000000001/revoke", revoke.Path, StringComparison.Ordinal);

        await page.ReloadAsync();
        await Expect(_spa.AppsHeading).ToBeVisibleAsync();
        await Expect(_spa.AppNames).ToHaveTextAsync(["Analytics Dashboard", "Mobile Companion"]);

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Account" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(_app.BaseUrl, "/account").AbsoluteUri);
        await page.ReloadAsync(); // a client-side route: the BFF falls back to index.html, the session holds
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Account", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#me-emails")).ToHaveTextAsync(SpaPage.DemoEmail);

        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();

        await Expect(_spa.LoginHeading).ToBeVisibleAsync();
        await Expect(page.GetByText("You have logged out.")).ToBeVisibleAsync();
        Assert.Equal(401, await _spa.FetchStatusAsync("/me"));
        Assert.DoesNotContain(await _context.CookiesAsync(), c => c.Name == SessionCookie);
        Assert.Empty(_errors.All);
    }

    [Fact]
    public async Task TheSessionCookieIsHttpOnlySecureStrictAndInvisibleToScript()
    {
        await _spa.Page.GotoAsync("/");
        await _spa.LogInWithPasswordAsync();
        await Expect(_spa.AppsHeading).ToBeVisibleAsync();

        var cookie = Assert.Single(await _context.CookiesAsync(), c => c.Name == SessionCookie);
        Assert.True(cookie.HttpOnly);
        Assert.True(cookie.Secure);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal("/", cookie.Path);
        Assert.Equal("localhost", cookie.Domain); // host-only: no Domain attribute
        var visibleToScript = await _spa.Page.EvaluateAsync<string>("document.cookie");
        Assert.DoesNotContain(SessionCookie, visibleToScript, StringComparison.Ordinal);
        Assert.Equal(200, await _spa.FetchStatusAsync("/me"));
        Assert.Empty(_errors.All);
    }

    [Fact]
    public async Task AWrongPasswordShowsStytchsErrorMessageAndNoSessionStarts()
    {
        await _spa.Page.GotoAsync("/");
        await _spa.LogInWithPasswordAsync(password: "not-the-password");

        await Expect(_spa.PasswordForm.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await Expect(_spa.PasswordForm.GetByRole(AriaRole.Alert)).Not.ToBeEmptyAsync();
        await Expect(_spa.LoginHeading).ToBeVisibleAsync();
        Assert.DoesNotContain(await _context.CookiesAsync(), c => c.Name == SessionCookie);
        Assert.Equal(401, await _spa.FetchStatusAsync("/me"));
    }

    [GeneratedRegex("^request-id-test-[0-9a-f-]{36}$")]
    private static partial Regex RequestId();
}
