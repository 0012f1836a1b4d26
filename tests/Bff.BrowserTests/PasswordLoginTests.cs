using System.Text.RegularExpressions;
using Bff.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using Stytch.Emulator;
using static Microsoft.Playwright.Assertions;

namespace Bff.BrowserTests;

public sealed partial class PasswordLoginTests(ChromiumFixture chromium) : BrowserTest(chromium)
{
    private const string SessionCookie = "__Host-bff-session";

    [Fact]
    public async Task PasswordLoginListsTheAppsRevokesOneKeepsTheSessionOnReloadAndLogsOut()
    {
        var page = Spa.Page;
        await page.GotoAsync("/");
        await Spa.LogInWithPasswordAsync();

        await Expect(Spa.AppsHeading).ToBeVisibleAsync();
        await Expect(Spa.AppNames).ToHaveTextAsync(["Example CLI", "Analytics Dashboard", "Mobile Companion"]);
        await Expect(page.GetByText("Ada Lovelace")).ToBeVisibleAsync();

        await Spa.RevokeButton("Example CLI").ClickAsync();

        await Expect(Spa.RevokeResult).ToContainTextAsync("Access revoked for Example CLI.");
        await Expect(Spa.RevokeResult.Locator("code")).ToHaveTextAsync(RequestId());
        await Expect(Spa.AppNames).ToHaveTextAsync(["Analytics Dashboard", "Mobile Companion"]);
        var revoke = Assert.Single(App.Emulator.Calls.Of(EmulatorOperations.UsersRevoke));
        Assert.Equal(200, revoke.StatusCode);
        Assert.EndsWith("/connected_apps/connected-app-test-0a1b2c3d-0000-4000-8000-000000000001/revoke", revoke.Path, StringComparison.Ordinal);

        await page.ReloadAsync();
        await Expect(Spa.AppsHeading).ToBeVisibleAsync();
        await Expect(Spa.AppNames).ToHaveTextAsync(["Analytics Dashboard", "Mobile Companion"]);

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Account" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(App.BaseUrl, "/account").AbsoluteUri);
        await page.ReloadAsync(); // a client-side route: the BFF falls back to index.html, the session holds
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Account", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#me-emails")).ToHaveTextAsync(SpaPage.DemoEmail);

        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();

        await Expect(Spa.LoginHeading).ToBeVisibleAsync();
        await Expect(page.GetByText("You have logged out.")).ToBeVisibleAsync();
        Assert.Equal(401, await Spa.FetchStatusAsync("/me"));
        Assert.DoesNotContain(await Context.CookiesAsync(), c => c.Name == SessionCookie);
        Assert.Empty(Errors.All);
    }

    [Fact]
    public async Task TheSessionCookieIsHttpOnlySecureStrictAndInvisibleToScript()
    {
        await Spa.Page.GotoAsync("/");
        await Spa.LogInWithPasswordAsync();
        await Expect(Spa.AppsHeading).ToBeVisibleAsync();

        var cookie = Assert.Single(await Context.CookiesAsync(), c => c.Name == SessionCookie);
        Assert.True(cookie.HttpOnly);
        Assert.True(cookie.Secure);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal("/", cookie.Path);
        Assert.Equal("localhost", cookie.Domain); // host-only: no Domain attribute
        var visibleToScript = await Spa.Page.EvaluateAsync<string>("document.cookie");
        Assert.DoesNotContain(SessionCookie, visibleToScript, StringComparison.Ordinal);
        Assert.Equal(200, await Spa.FetchStatusAsync("/me"));
        Assert.Empty(Errors.All);
    }

    [Fact]
    public async Task AWrongPasswordShowsStytchsErrorMessageAndNoSessionStarts()
    {
        await Spa.Page.GotoAsync("/");
        await Spa.LogInWithPasswordAsync(password: "not-the-password");

        await Expect(Spa.PasswordForm.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await Expect(Spa.PasswordForm.GetByRole(AriaRole.Alert)).Not.ToBeEmptyAsync();
        await Expect(Spa.LoginHeading).ToBeVisibleAsync();
        Assert.DoesNotContain(await Context.CookiesAsync(), c => c.Name == SessionCookie);
        Assert.Equal(401, await Spa.FetchStatusAsync("/me"));
    }

    [GeneratedRegex("^request-id-test-[0-9a-f-]{36}$")]
    private static partial Regex RequestId();
}
