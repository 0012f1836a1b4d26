using System.Text.Json;
using Bff.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using Stytch.Emulator;
using static Microsoft.Playwright.Assertions;

namespace Bff.BrowserTests;

/// <summary>
/// Issue 9's whole lifecycle in a real browser, with the real BFF, the emulator as Stytch's identity provider and the
/// sample third-party app (src/Sample.ConnectedApp): a third-party app asks → the user logs in → consents → the app
/// holds working tokens → the app is listed in Connected apps → the user revokes it → the app's tokens stop working →
/// connecting again asks for consent again.
/// </summary>
public sealed class ConnectedAppLifecycleTests(ChromiumFixture chromium) : BrowserTest(chromium)
{
    private const string SampleAppName = "Sample third-party app";

    private Uri SampleApp => App.SampleConnectedApp!.BaseAddress;

    private IPage Page => Spa.Page;

    private ILocator ConsentHeading => Page.GetByRole(AriaRole.Heading, new() { Name = $"{SampleAppName} wants to access your account", Level = 1 });

    private ILocator CheckHeading => Page.Locator("#check-title");

    protected override Task<LiveApp> StartAppAsync(CancellationToken ct) => LiveApp.StartWithSampleConnectedAppAsync(ct);

    [Fact]
    public async Task AThirdPartyAppIsConnectedWithConsentWorksIsRevokedStopsWorkingAndMustAskAgain()
    {
        // The app asks; the user is logged out, so the consent page shows the login first.
        await Page.GotoAsync(SampleApp.AbsoluteUri);
        await Page.GetByRole(AriaRole.Link, new() { Name = "Connect", Exact = true }).ClickAsync();
        await Expect(Spa.LoginHeading).ToBeVisibleAsync();
        Assert.StartsWith(App.AuthorizationUrl.AbsoluteUri + "?", Page.Url, StringComparison.Ordinal);
        await Spa.LogInWithPasswordAsync();

        // Consent: the app and what it asks for, from the emulator (Stytch), then Allow.
        await Expect(ConsentHeading).ToBeVisibleAsync();
        var scopes = Page.GetByRole(AriaRole.List, new() { Name = "It asks to" }).GetByRole(AriaRole.Listitem);
        await Expect(scopes).ToHaveCountAsync(3);
        await Expect(scopes.First).ToContainTextAsync("openid");
        await Expect(Page.Locator("#consent-app-type")).ToHaveTextAsync("Third-party app");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();

        // The app exchanged the code (PKCE) and holds working tokens.
        await Expect(Page.Locator("#connected-as")).ToContainTextAsync(SpaPage.DemoEmail);
        Assert.StartsWith(SampleApp.AbsoluteUri, Page.Url, StringComparison.Ordinal);
        await CallAgainAsync();
        await Expect(CheckHeading).ToHaveTextAsync("Access works");

        // The user sees the app in Connected apps and revokes it.
        await Page.GetByRole(AriaRole.Link, new() { Name = "your Connected apps page" }).ClickAsync();
        await Expect(Spa.AppsHeading).ToBeVisibleAsync();
        await Expect(Spa.Card(SampleAppName)).ToContainTextAsync("openid");
        await Spa.RevokeButton(SampleAppName).ClickAsync();
        await Expect(Spa.RevokeResult).ToContainTextAsync($"Access revoked for {SampleAppName}.");
        await Expect(Spa.Card(SampleAppName)).ToHaveCountAsync(0);

        // The app's tokens stop working at once: introspection and userinfo say so; the JWT alone would not.
        await Page.GotoAsync(SampleApp.AbsoluteUri);
        await CallAgainAsync();
        await Expect(CheckHeading).ToHaveTextAsync("Access revoked");
        var check = Page.Locator("#check");
        await Expect(check).ToContainTextAsync("the token is no longer active");
        await Expect(check).ToContainTextAsync("refused the token (HTTP 401: invalid_token)");
        await Expect(check).ToContainTextAsync("the signature is valid until");

        // Connecting again asks for consent again.
        await Page.GetByRole(AriaRole.Link, new() { Name = "Connect again" }).ClickAsync();
        await Expect(ConsentHeading).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();
        await Expect(Page.Locator("#connected-as")).ToContainTextAsync(SpaPage.DemoEmail);
        await CallAgainAsync();
        await Expect(CheckHeading).ToHaveTextAsync("Access works");

        Assert.Equal(2, App.Emulator.Calls.Count(EmulatorOperations.IdpAuthorize));
        Assert.Equal(1, App.Emulator.Calls.Count(EmulatorOperations.UsersRevoke));
        Assert.Empty(Errors.All);
    }

    [Fact]
    public async Task AnAppTheUserAlreadyAllowedConnectsAgainWithoutAskingAsTheReactSdkDoes()
    {
        await Page.GotoAsync("/");
        await Spa.LogInWithPasswordAsync();
        await Expect(Spa.AppsHeading).ToBeVisibleAsync();
        await Page.GotoAsync(SampleApp.AbsoluteUri);
        await Page.GetByRole(AriaRole.Link, new() { Name = "Connect", Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();
        await Expect(Page.Locator("#connected-as")).ToContainTextAsync(SpaPage.DemoEmail);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Disconnect" }).ClickAsync(); // the app forgets its token
        await Expect(Page.Locator("#notice")).ToContainTextAsync("Disconnected");

        var submits = new List<string>();
        Page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.EndsWith("/me/oauth/authorize", StringComparison.Ordinal))
            {
                submits.Add(request.PostData ?? "");
            }
        };
        await Page.GetByRole(AriaRole.Link, new() { Name = "Connect", Exact = true }).ClickAsync();

        // No click: the consent page continued at once and the app is connected again.
        await Expect(Page.Locator("#connected-as")).ToContainTextAsync(SpaPage.DemoEmail);
        var submit = Assert.Single(submits);
        Assert.False(JsonDocument.Parse(submit).RootElement.GetProperty("consent_granted").GetBoolean());
        await CallAgainAsync();
        await Expect(CheckHeading).ToHaveTextAsync("Access works");
        Assert.Empty(Errors.All);
    }

    [Fact]
    public async Task DenyingSendsTheUserBackToTheAppWhichGetsNoAccess()
    {
        await Page.GotoAsync(SampleApp.AbsoluteUri);
        await Page.GetByRole(AriaRole.Link, new() { Name = "Connect", Exact = true }).ClickAsync();
        await Spa.LogInWithPasswordAsync();
        await Expect(ConsentHeading).ToBeVisibleAsync();

        await Page.GetByRole(AriaRole.Button, new() { Name = "Deny" }).ClickAsync();

        await Expect(Page.Locator("#notice")).ToHaveTextAsync($"You declined to connect {SampleAppName}. Nothing was shared with it.");
        Assert.StartsWith(SampleApp.AbsoluteUri, Page.Url, StringComparison.Ordinal);
        await Page.GotoAsync(App.BaseUrl.AbsoluteUri);
        await Expect(Spa.AppNames).ToHaveCountAsync(3);
        await Expect(Spa.Card(SampleAppName)).ToHaveCountAsync(0);
        Assert.Empty(Errors.All);
    }

    [Fact]
    public async Task AnUnregisteredRedirectUriIsShownOnTheConsentPageAndNeverFollowed()
    {
        var hits = 0;
        await Context.RouteAsync("https://attacker.example/**", route =>
        {
            hits++;
            return route.FulfillAsync(new() { Status = 200, Body = "caught" });
        });
        await Page.GotoAsync("/");
        await Spa.LogInWithPasswordAsync();
        await Expect(Spa.AppsHeading).ToBeVisibleAsync();
        var clientId = App.SampleConnectedApp!.Client.ClientId;

        await Page.GotoAsync($"/oauth/authorize?client_id={clientId}&redirect_uri={Uri.EscapeDataString("https://attacker.example/cb")}&response_type=code&scope=openid&state=x");

        var error = Page.Locator("#consent-error");
        await Expect(error).ToBeVisibleAsync();
        await Expect(error).ToContainTextAsync("Stytch request_id: request-id-test-");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Allow" })).ToBeHiddenAsync();
        Assert.StartsWith(App.AuthorizationUrl.AbsoluteUri, Page.Url, StringComparison.Ordinal);
        Assert.Equal(0, hits);
        Assert.Empty(Errors.All);
    }

    [Fact]
    public async Task AnUnknownClientIsShownOnTheConsentPage()
    {
        await Page.GotoAsync("/");
        await Spa.LogInWithPasswordAsync();
        await Expect(Spa.AppsHeading).ToBeVisibleAsync();

        await Page.GotoAsync($"/oauth/authorize?client_id=connected-app-test-00000000-0000-4000-8000-00000000dead&redirect_uri={Uri.EscapeDataString(new Uri(SampleApp, "callback").AbsoluteUri)}");

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "This app cannot be connected", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.Locator("#consent-error")).ToContainTextAsync("Stytch request_id: request-id-test-");
        Assert.StartsWith(App.AuthorizationUrl.AbsoluteUri, Page.Url, StringComparison.Ordinal);
        Assert.Empty(Errors.All);
    }

    [Fact]
    public async Task AConnectedAppWhoseNameAndDescriptionAreHtmlAndScriptIsShownAsLiteralText()
    {
        const string name = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script>Evil App";
        const string description = "<b>bold</b><iframe srcdoc=\"<script>parent.__pwned=3</script>\"></iframe> steals nothing";
        const string callback = "https://evil-app.example/callback";
        var registered = App.Emulator.RegisterConnectedApp(new ConnectedAppClient
        {
            ClientType = "third_party",
            Name = name,
            Description = description,
            RedirectUrls = [callback],
        });
        await Context.RouteAsync("https://evil-app.example/**", route => route.FulfillAsync(new() { Status = 200, ContentType = "text/html", Body = "<h1>Evil callback</h1>" }));
        var dialogs = 0;
        Page.Dialog += (_, dialog) =>
        {
            dialogs++;
            _ = dialog.DismissAsync();
        };
        await Page.GotoAsync("/");
        await Spa.LogInWithPasswordAsync();
        await Expect(Spa.AppsHeading).ToBeVisibleAsync();

        await Page.GotoAsync($"/oauth/authorize?client_id={registered.ClientId}&redirect_uri={Uri.EscapeDataString(callback)}&response_type=code&scope=openid%20email&state=s1");

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"{name} wants to access your account");
        await Expect(Page.Locator("#consent-app-name")).ToHaveTextAsync(name);
        await Expect(Page.Locator("#consent-app-description")).ToHaveTextAsync(description);
        Assert.Equal(0, await Page.Locator("#consent-view img:not(#consent-logo), #consent-view script, #consent-view iframe, #consent-view b").CountAsync());

        // Allowed, it is listed among the user's Connected apps: there too as text.
        await Page.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();
        await Page.WaitForURLAsync(url => url.StartsWith(callback + "?", StringComparison.Ordinal));
        await Page.GotoAsync(App.BaseUrl.AbsoluteUri);
        await Expect(Spa.Card(name)).ToContainTextAsync(description);
        Assert.Equal(0, await Page.Locator("#apps-list img, #apps-list script, #apps-list iframe, #apps-list b").CountAsync());

        Assert.Null(await Page.EvaluateAsync<int?>("window.__pwned ?? null"));
        Assert.Equal(0, dialogs);
        Assert.Empty(Errors.All); // not even a CSP refusal: nothing tried to run
    }

    private async Task CallAgainAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Call again" }).ClickAsync();
        await Expect(CheckHeading).ToBeVisibleAsync();
    }
}
