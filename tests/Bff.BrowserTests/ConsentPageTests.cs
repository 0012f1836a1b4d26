using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Bff.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bff.BrowserTests;

/// <summary>
/// The consent page's own behaviour, case by case: the BFF's two consent endpoints answer what each test sets (see
/// <see cref="ConsentEndpointsDouble"/>); the login and everything else are the real BFF on the emulator.
/// </summary>
public sealed class ConsentPageTests(ChromiumFixture chromium) : BrowserTest(chromium)
{
    private const string ClientCallback = "https://client.example/callback";
    private const string AuthorizeUrl =
        "/oauth/authorize?client_id=connected-app-test-acme&redirect_uri=https%3A%2F%2Fclient.example%2Fcallback&response_type=code"
        + "&scope=openid%20email%20admin%3Aall&state=state-test-1&nonce=nonce-test-1&code_challenge=" + Challenge
        + "&code_challenge_method=S256&resource=https%3A%2F%2Fapi.example%2F&resource=https%3A%2F%2Fmcp.example%2F";

    private const string Challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    private readonly ConcurrentQueue<string> _clientHits = new();
    private ConsentEndpointsDouble _bff = null!;

    private ILocator Allow => Spa.Page.GetByRole(AriaRole.Button, new() { Name = "Allow" });

    private ILocator Deny => Spa.Page.GetByRole(AriaRole.Button, new() { Name = "Deny" });

    private ILocator Heading => Spa.Page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    private ILocator Error => Spa.Page.Locator("#consent-error");

    protected override async Task OnReadyAsync()
    {
        _bff = await ConsentEndpointsDouble.InstallAsync(Context);
        // The third-party app's callback: no such site exists; the browser only has to get there.
        await Context.RouteAsync("https://client.example/**", async route =>
        {
            _clientHits.Enqueue(route.Request.Url);
            await route.FulfillAsync(new() { Status = 200, ContentType = "text/html", Body = "<!doctype html><title>Client</title><h1>Client callback</h1>" });
        });
        await Spa.Page.GotoAsync("/");
        await Spa.LogInWithPasswordAsync();
        await Expect(Spa.AppsHeading).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ThePageShowsTheAppItsTypeAndItsScopesWithTheirDescriptionsAndWhatCannotBeGranted()
    {
        await Spa.Page.GotoAsync(AuthorizeUrl);

        await Expect(Heading).ToHaveTextAsync("Acme Notes wants to access your account");
        var form = Spa.Page.GetByRole(AriaRole.Form, new() { Name = "Acme Notes wants to access your account" });
        await Expect(form).ToContainTextAsync("Takes notes for you.");
        await Expect(form).ToContainTextAsync("Third-party app");
        var granted = Spa.Page.GetByRole(AriaRole.List, new() { Name = "It asks to" }).GetByRole(AriaRole.Listitem);
        await Expect(granted).ToHaveTextAsync(["openidKnow who you are.", "emailSee your email address."]);
        var notGranted = Spa.Page.GetByRole(AriaRole.List, new() { Name = "It will not get" }).GetByRole(AriaRole.Listitem);
        await Expect(notGranted).ToHaveTextAsync(["admin:allAdminister everything."]);
        await Expect(form).ToContainTextAsync($"Logged in as {SpaPage.DemoEmail}");
        await Expect(form).ToContainTextAsync("you go back to https://client.example");
        await Expect(Allow).ToBeEnabledAsync();
        await Expect(Spa.Page).ToHaveTitleAsync("Connect an app · Stytch BFF demo");

        var start = Assert.Single(_bff.Requests);
        Assert.Equal(ConsentEndpointsDouble.StartPath, start.Path);
        Assert.Equal("1", start.Headers["x-csrf"]);
        Assert.Equal(
            """{"client_id":"connected-app-test-acme","redirect_uri":"https://client.example/callback","response_type":"code","scope":"openid email admin:all"}""",
            start.Body!.ToJsonString());
        Assert.Empty(_clientHits);
        Assert.Empty(Errors.All);
    }

    [Fact]
    public async Task AllowSendsTheWholeRequestWithConsentAndGoesToTheRedirectUriTheBffReturned()
    {
        await Spa.Page.GotoAsync(AuthorizeUrl);

        await Allow.ClickAsync();

        await Expect(Spa.Page).ToHaveURLAsync(SpaPage.Exactly(new Uri($"{ClientCallback}?code=code-test-123&state=state-test-1")));
        var authorize = Assert.Single(_bff.Requests, r => r.Path == ConsentEndpointsDouble.AuthorizePath);
        Assert.Equal("1", authorize.Headers["x-csrf"]);
        var body = authorize.Body!;
        Assert.Equal("connected-app-test-acme", (string?)body["client_id"]);
        Assert.Equal(ClientCallback, (string?)body["redirect_uri"]);
        Assert.Equal("code", (string?)body["response_type"]);
        Assert.Equal("openid email admin:all", (string?)body["scope"]);
        Assert.Equal("state-test-1", (string?)body["state"]);
        Assert.Equal("nonce-test-1", (string?)body["nonce"]);
        Assert.Equal(Challenge, (string?)body["code_challenge"]);
        Assert.Equal("S256", (string?)body["code_challenge_method"]);
        Assert.Equal(["https://api.example/", "https://mcp.example/"], body["resource"]!.AsArray().Select(r => (string?)r));
        Assert.True((bool?)body["consent_granted"]);
        Assert.Null(body["user_id"]);
        Assert.Single(_clientHits);
        Assert.Empty(Errors.All);
    }

    [Fact]
    public async Task DenySendsNoConsentAndFollowsTheErrorRedirectStytchReturned()
    {
        _bff.Authorize = (200, new JsonObject
        {
            ["status_code"] = 200,
            ["request_id"] = "request-id-test-deny",
            ["redirect_uri"] = $"{ClientCallback}?error=access_denied&state=state-test-1",
        });
        await Spa.Page.GotoAsync(AuthorizeUrl);

        await Deny.ClickAsync();

        await Expect(Spa.Page).ToHaveURLAsync(SpaPage.Exactly(new Uri($"{ClientCallback}?error=access_denied&state=state-test-1")));
        var authorize = Assert.Single(_bff.Requests, r => r.Path == ConsentEndpointsDouble.AuthorizePath);
        Assert.False((bool?)authorize.Body!["consent_granted"]);
        Assert.Empty(Errors.All);
    }

    [Fact]
    public async Task WhenNoConsentIsRequiredItContinuesAtOnceAsTheReactSdkDoes()
    {
        _bff.Start = (200, ConsentEndpointsDouble.StartAnswer(consentRequired: false));

        await Spa.Page.GotoAsync(AuthorizeUrl);

        await Expect(Spa.Page).ToHaveURLAsync(SpaPage.Exactly(new Uri($"{ClientCallback}?code=code-test-123&state=state-test-1")));
        var authorize = Assert.Single(_bff.Requests, r => r.Path == ConsentEndpointsDouble.AuthorizePath);
        Assert.False((bool?)authorize.Body!["consent_granted"]); // what <IdentityProvider /> sends when nothing was asked
        Assert.Empty(Errors.All);
    }

    [Theory]
    [InlineData(404, "connected_app_not_found", "Connected App not found.")]
    [InlineData(401, "connected_app_supplied_redirect_url_not_found_in_client", "The redirect URL supplied in the request is not registered to the client.")]
    [InlineData(400, "invalid_redirect_uri", "redirect_uri must be an absolute http(s) URL.")]
    public async Task AnErrorFromStartIsShownOnThePageAndTheBrowserIsNeverSentToTheRedirectUri(int status, string errorType, string message)
    {
        _bff.Start = (status, ConsentEndpointsDouble.Problem(status, errorType, message));

        await Spa.Page.GotoAsync(AuthorizeUrl);

        await Expect(Heading).ToHaveTextAsync("This app cannot be connected");
        await Expect(Error).ToContainTextAsync(message);
        await Expect(Error).ToContainTextAsync("Stytch request_id: request-id-test-problem");
        await Expect(Allow).ToBeHiddenAsync();
        await Expect(Spa.Page).ToHaveURLAsync(SpaPage.Exactly(new Uri(App.BaseUrl, AuthorizeUrl)));
        Assert.DoesNotContain(_bff.Requests, r => r.Path == ConsentEndpointsDouble.AuthorizePath);
        Assert.Empty(_clientHits);
        Assert.Equal(200, await Spa.FetchStatusAsync("/me")); // a Stytch 401 is not a logout
        Assert.Empty(Errors.All);
    }

    [Theory]
    [InlineData("javascript:alert(document.domain)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("/account")]
    [InlineData("")]
    public async Task ARedirectUriThatIsNotAnAbsoluteHttpUrlIsNeverFollowed(string redirectUri)
    {
        _bff.Authorize = (200, new JsonObject { ["status_code"] = 200, ["request_id"] = "request-id-test-authorize", ["redirect_uri"] = redirectUri });
        var dialogs = 0;
        Spa.Page.Dialog += (_, dialog) =>
        {
            dialogs++;
            _ = dialog.DismissAsync();
        };
        await Spa.Page.GotoAsync(AuthorizeUrl);

        await Allow.ClickAsync();

        await Expect(Error).ToContainTextAsync("Stytch answered without a redirect URI to continue to, so you stay here.");
        await Expect(Spa.Page).ToHaveURLAsync(SpaPage.Exactly(new Uri(App.BaseUrl, AuthorizeUrl)));
        Assert.Equal(0, dialogs);
        Assert.Empty(_clientHits);
        Assert.Empty(Errors.All);
    }

    [Fact]
    public async Task AnErrorFromAuthorizeIsShownAndNothingIsFollowed()
    {
        _bff.Authorize = (400, ConsentEndpointsDouble.Problem(400, "invalid_pkce_code_challenge", "The code_challenge is not valid."));
        await Spa.Page.GotoAsync(AuthorizeUrl);

        await Allow.ClickAsync();

        await Expect(Error).ToContainTextAsync("The app could not be connected: The code_challenge is not valid.");
        await Expect(Spa.Page).ToHaveURLAsync(SpaPage.Exactly(new Uri(App.BaseUrl, AuthorizeUrl)));
        Assert.Empty(_clientHits);
        Assert.Empty(Errors.All);
    }

    [Theory]
    [InlineData("client_id", "/oauth/authorize?redirect_uri=https%3A%2F%2Fclient.example%2Fcallback")]
    [InlineData("redirect_uri", "/oauth/authorize?client_id=connected-app-test-acme")]
    public async Task ARequestWithoutClientIdOrRedirectUriIsRefusedWithoutAskingTheBff(string missing, string url)
    {
        await Spa.Page.GotoAsync(url);

        await Expect(Error).ToContainTextAsync($"required parameter is missing: {missing}");
        Assert.Empty(_bff.Requests);
        Assert.Empty(Errors.All);
    }

    [Fact]
    public async Task WithoutScopeAndResponseTypeItAsksForTheReactSdksDefaults()
    {
        await Spa.Page.GotoAsync("/oauth/authorize?client_id=connected-app-test-acme&redirect_uri=https%3A%2F%2Fclient.example%2Fcallback");

        await Expect(Allow).ToBeVisibleAsync();
        var start = Assert.Single(_bff.Requests);
        Assert.Equal("openid email profile", (string?)start.Body!["scope"]);
        Assert.Equal("code", (string?)start.Body!["response_type"]);
    }

    [Fact]
    public async Task HtmlAndScriptInTheAppsNameDescriptionAndScopesAreShownAsLiteralText()
    {
        const string name = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script>Evil";
        const string description = "<b>bold</b><iframe src=\"javascript:window.__pwned=3\"></iframe>";
        var start = ConsentEndpointsDouble.StartAnswer(name: name, description: description);
        start["scope_results"]![0]!["description"] = "<svg onload=\"window.__pwned=4\"></svg>";
        _bff.Start = (200, start);

        await Spa.Page.GotoAsync(AuthorizeUrl);

        await Expect(Heading).ToHaveTextAsync($"{name} wants to access your account");
        await Expect(Spa.Page.Locator("#consent-app-name")).ToHaveTextAsync(name);
        await Expect(Spa.Page.Locator("#consent-app-description")).ToHaveTextAsync(description);
        await Expect(Spa.Page.Locator("#consent-scopes")).ToContainTextAsync("<svg onload=\"window.__pwned=4\"></svg>");
        Assert.Equal(0, await Spa.Page.Locator("#consent-view img:not(#consent-logo), #consent-view script, #consent-view iframe, #consent-view svg, #consent-view b").CountAsync());
        Assert.Null(await Spa.Page.EvaluateAsync<int?>("window.__pwned ?? null"));
        Assert.Empty(Errors.All); // not even a CSP refusal: nothing tried to run
    }

    [Fact]
    public async Task AnHttpsLogoIsShownAndAllowedByTheCsp()
    {
        await Context.RouteAsync("https://logo.example/**", route => route.FulfillAsync(new()
        {
            Status = 200,
            ContentType = "image/png",
            BodyBytes = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="),
        }));
        _bff.Start = (200, ConsentEndpointsDouble.StartAnswer(logoUrl: "https://logo.example/acme.png"));

        await Spa.Page.GotoAsync(AuthorizeUrl);

        var logo = Spa.Page.Locator("#consent-logo");
        await Expect(logo).ToBeVisibleAsync();
        await Expect(logo).ToHaveAttributeAsync("src", "https://logo.example/acme.png");
        await Spa.Page.WaitForFunctionAsync("() => document.getElementById('consent-logo').naturalWidth > 0"); // loaded, not refused by the CSP
        await Expect(Spa.Page.Locator("#consent-avatar")).ToBeHiddenAsync();
        Assert.Empty(Errors.All);
    }

    [Theory]
    [InlineData("http://logo.example/acme.png")]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>")]
    [InlineData("//logo.example/acme.png")]
    public async Task ALogoThatIsNotHttpsIsNotShown(string logoUrl)
    {
        _bff.Start = (200, ConsentEndpointsDouble.StartAnswer(logoUrl: logoUrl));

        await Spa.Page.GotoAsync(AuthorizeUrl);

        await Expect(Allow).ToBeVisibleAsync();
        await Expect(Spa.Page.Locator("#consent-logo")).ToBeHiddenAsync();
        Assert.Null(await Spa.Page.Locator("#consent-logo").GetAttributeAsync("src"));
        await Expect(Spa.Page.Locator("#consent-avatar")).ToHaveTextAsync("AN");
        Assert.Empty(Errors.All);
    }

    [Fact]
    public async Task WhenNoAskedScopeCanBeGrantedOnlyDenyIsLeft()
    {
        var start = ConsentEndpointsDouble.StartAnswer();
        foreach (var result in start["scope_results"]!.AsArray())
        {
            result!["is_grantable"] = false;
        }

        _bff.Start = (200, start);

        await Spa.Page.GotoAsync(AuthorizeUrl);

        await Expect(Allow).ToBeDisabledAsync();
        await Expect(Deny).ToBeEnabledAsync();
    }

    [Fact]
    public async Task WhenTheSessionHasEndedTheLoginIsShownAndComesBackToTheSameRequest()
    {
        await Spa.Page.GotoAsync("/");
        await Spa.Page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(Spa.LoginHeading).ToBeVisibleAsync();
        _bff.Start = (401, ConsentEndpointsDouble.Problem(401, "unauthorized", "Log in first."));

        await Spa.Page.GotoAsync(AuthorizeUrl);
        await Expect(Spa.LoginHeading).ToBeVisibleAsync();
        await Expect(Spa.Page.Locator("#login-notice")).ToContainTextAsync("An app asks to connect to your account.");
        _bff.Start = (200, ConsentEndpointsDouble.StartAnswer());
        await Spa.LogInWithPasswordAsync();

        await Expect(Heading).ToHaveTextAsync("Acme Notes wants to access your account");
        await Expect(Spa.Page).ToHaveURLAsync(SpaPage.Exactly(new Uri(App.BaseUrl, AuthorizeUrl)));
        Assert.Empty(Errors.All);
    }
}
