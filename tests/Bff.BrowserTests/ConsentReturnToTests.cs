using Bff.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bff.BrowserTests;

/// <summary>
/// A logged-out user who arrives at the consent page logs in with any method and comes back to the very same URL, query
/// included: the app's whole authorization request. The BFF's consent endpoints are answered in the browser (see
/// <see cref="ConsentEndpointsDouble"/>); the logins are the real BFF on the emulator.
/// </summary>
public sealed class ConsentReturnToTests(ChromiumFixture chromium) : BrowserTest(chromium)
{
    /// <summary>An authorization request with what makes return URLs hard: encoded URLs, spaces, repeated parameters.</summary>
    private const string AuthorizeUrl =
        "/oauth/authorize?client_id=connected-app-test-acme&redirect_uri=http%3A%2F%2F127.0.0.1%3A5090%2Fcallback&response_type=code"
        + "&scope=openid%20email%20profile&state=st%2Fa%2Bte~1&nonce=n-1&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        + "&code_challenge_method=S256&resource=https%3A%2F%2Fapi.example%2F&resource=https%3A%2F%2Fmcp.example%2F";

    private ConsentEndpointsDouble _bff = null!;

    private ILocator ConsentHeading => Spa.Page.GetByRole(AriaRole.Heading, new() { Name = "Acme Notes wants to access your account", Level = 1 });

    private Uri ConsentUrl => new(App.BaseUrl, AuthorizeUrl);

    protected override async Task OnReadyAsync()
    {
        _bff = await ConsentEndpointsDouble.InstallAsync(Context);
        await Context.RouteAsync("https://client.example/**", route => route.FulfillAsync(new() { Status = 200, ContentType = "text/html", Body = "<h1>Client</h1>" }));
        await Spa.Page.GotoAsync(AuthorizeUrl);
        await Expect(Spa.LoginHeading).ToBeVisibleAsync();
        await Expect(Spa.Page.Locator("#login-notice")).ToContainTextAsync("An app asks to connect to your account.");
        Assert.Empty(_bff.Requests); // nothing is asked before the login
    }

    [Fact]
    public async Task APasswordLoginStaysOnTheConsentPage()
    {
        await Spa.LogInWithPasswordAsync();

        await Expect(ConsentHeading).ToBeVisibleAsync();
        await Expect(Spa.Page).ToHaveURLAsync(SpaPage.Exactly(ConsentUrl));
        Assert.Equal("connected-app-test-acme", (string?)Assert.Single(_bff.Requests).Body!["client_id"]);
        Assert.Empty(Errors.All);
    }

    [Fact]
    public async Task AMagicLinkComesBackToTheConsentPage()
    {
        var link = await SendMagicLinkAsync();

        await Spa.Page.GotoAsync(link.AbsoluteUri);

        await Expect(ConsentHeading).ToBeVisibleAsync();
        await Expect(Spa.Page).ToHaveURLAsync(SpaPage.Exactly(ConsentUrl));
        Assert.Empty(Errors.All);
    }

    [Fact]
    public async Task AMagicLinkOpenedLaterInANewTabOfTheSameBrowserComesBackToTheConsentPage()
    {
        var link = await SendMagicLinkAsync();
        await Spa.Page.CloseAsync(); // the user closed the tab and went to read their email

        var later = await Context.NewPageAsync();
        var errors = PageErrors.Watch(later);
        await later.GotoAsync(link.AbsoluteUri);

        await Expect(later.GetByRole(AriaRole.Heading, new() { Name = "Acme Notes wants to access your account", Level = 1 })).ToBeVisibleAsync();
        await Expect(later).ToHaveURLAsync(SpaPage.Exactly(ConsentUrl));
        Assert.Empty(errors.All);
    }

    [Fact]
    public async Task AnOAuthLoginComesBackToTheConsentPage()
    {
        var google = Spa.Page.GetByRole(AriaRole.Link, new() { Name = "Continue with Google" });
        await Expect(google).ToHaveAttributeAsync("href", "/auth/oauth/google?return_url=" + Uri.EscapeDataString(AuthorizeUrl));

        await google.ClickAsync();
        await Spa.Page.WaitForURLAsync(url => url.StartsWith(App.Emulator.BaseUrl.AbsoluteUri, StringComparison.Ordinal));
        await Spa.Page.Locator("#continue").ClickAsync();

        await Expect(ConsentHeading).ToBeVisibleAsync();
        await Expect(Spa.Page).ToHaveURLAsync(SpaPage.Exactly(ConsentUrl));
        Assert.Empty(Errors.All);
    }

    [Fact]
    public async Task TheAuthorizationRequestReachesTheBffIntactAfterTheLogin()
    {
        await Spa.LogInWithPasswordAsync();
        await Expect(ConsentHeading).ToBeVisibleAsync();

        await Spa.Page.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();
        await Spa.Page.WaitForURLAsync(url => url.StartsWith("https://client.example/", StringComparison.Ordinal));

        var authorize = Assert.Single(_bff.Requests, r => r.Path == ConsentEndpointsDouble.AuthorizePath).Body!;
        Assert.Equal("http://127.0.0.1:5090/callback", (string?)authorize["redirect_uri"]);
        Assert.Equal("openid email profile", (string?)authorize["scope"]);
        Assert.Equal("st/a+te~1", (string?)authorize["state"]);
        Assert.Equal(["https://api.example/", "https://mcp.example/"], authorize["resource"]!.AsArray().Select(r => (string?)r));
    }

    private async Task<Uri> SendMagicLinkAsync()
    {
        await Spa.MagicLinkForm.GetByLabel("Email").FillAsync(SpaPage.DemoEmail);
        await Spa.MagicLinkForm.GetByRole(AriaRole.Button, new() { Name = "Email me a login link" }).ClickAsync();
        await Expect(Spa.MagicLinkForm.GetByRole(AriaRole.Status)).ToContainTextAsync($"We sent a login link to {SpaPage.DemoEmail}");
        var message = App.Emulator.Inbox.Latest(SpaPage.DemoEmail);
        Assert.NotNull(message);
        return message.Link;
    }
}
