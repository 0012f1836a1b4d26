using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bff.BrowserTests.Infrastructure;

/// <summary>The demo SPA as a user sees it: found by roles, labels and visible text, as a screen reader would.</summary>
public sealed class SpaPage(IPage page)
{
    public const string DemoEmail = "demo@example.com";
    public const string DemoPassword = "correct-horse-battery-staple";

    public IPage Page { get; } = page;

    /// <summary>
    /// A pattern that matches exactly this URL, query included. A plain string given to ToHaveURLAsync is a glob in
    /// which <c>?</c> is a wildcard, so a URL with a query would never match itself.
    /// </summary>
    public static Regex Exactly(Uri url) => new("^" + Regex.Escape(url.AbsoluteUri) + "$", RegexOptions.None, TimeSpan.FromSeconds(1));

    public ILocator LoginHeading => Page.GetByRole(AriaRole.Heading, new() { Name = "Log in", Level = 1 });

    public ILocator AppsHeading => Page.GetByRole(AriaRole.Heading, new() { Name = "Connected apps", Level = 1 });

    public ILocator PasswordForm => Page.GetByRole(AriaRole.Form, new() { Name = "Email and password" });

    public ILocator MagicLinkForm => Page.GetByRole(AriaRole.Form, new() { Name = "Magic link" });

    /// <summary>The Connected App cards, one list item per app.</summary>
    public ILocator AppCards => Page.GetByRole(AriaRole.List, new() { Name = "Connected apps" }).GetByRole(AriaRole.Listitem);

    public ILocator AppNames => AppCards.GetByRole(AriaRole.Heading);

    public ILocator RevokeResult => Page.Locator("#apps-result");

    public ILocator Card(string appName) => AppCards.Filter(new() { Has = Page.GetByRole(AriaRole.Heading, new() { Name = appName, Exact = true }) });

    public ILocator RevokeButton(string appName) => Card(appName).GetByRole(AriaRole.Button);

    public async Task LogInWithPasswordAsync(string email = DemoEmail, string password = DemoPassword)
    {
        await Expect(LoginHeading).ToBeVisibleAsync();
        await PasswordForm.GetByLabel("Email").FillAsync(email);
        await PasswordForm.GetByLabel("Password").FillAsync(password);
        await PasswordForm.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
    }

    /// <summary>Status of <c>fetch(path)</c> from inside the page: same origin, the page's cookies, X-CSRF.</summary>
    public Task<int> FetchStatusAsync(string path) =>
        Page.EvaluateAsync<int>("async path => (await fetch(path, { headers: { 'X-CSRF': '1' } })).status", path);
}
