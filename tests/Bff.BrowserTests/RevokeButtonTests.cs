using Bff.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using Stytch.Emulator;
using static Microsoft.Playwright.Assertions;

namespace Bff.BrowserTests;

/// <summary>The "Revoke access" button behaves like the seed's React component.</summary>
public sealed class RevokeButtonTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IAsyncLifetime
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
        await page.GotoAsync("/");
        await _spa.LogInWithPasswordAsync();
        await Expect(_spa.AppNames).ToHaveCountAsync(3);
    }

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task WhileTheRevokeIsInFlightTheButtonIsDisabledAndSaysRevoking()
    {
        // Stytch takes a while: the call hangs, then proceeds normally.
        _app.Emulator.Faults.Add(new Fault { Operation = EmulatorOperations.UsersRevoke, Delay = TimeSpan.FromSeconds(2) });
        var button = _spa.RevokeButton("Analytics Dashboard");
        await Expect(button).ToHaveTextAsync("Revoke access");

        var request = await _spa.Page.RunAndWaitForRequestAsync(
            () => button.ClickAsync(), r => r.Method == "POST" && r.Url.EndsWith("/revoke", StringComparison.Ordinal));

        await Expect(button).ToHaveTextAsync("Revoking...");
        await Expect(button).ToBeDisabledAsync();
        await Expect(_spa.Card("Mobile Companion").GetByRole(AriaRole.Button)).ToBeEnabledAsync(); // one app at a time
        await Expect(_spa.RevokeResult).ToContainTextAsync("Access revoked for Analytics Dashboard.");
        await Expect(_spa.AppNames).ToHaveTextAsync(["Example CLI", "Mobile Companion"]);
        await Expect(_spa.RevokeResult).ToBeFocusedAsync(); // the pressed button is gone; focus moves to the outcome
        Assert.Equal("1", await request.HeaderValueAsync("x-csrf"));
        Assert.Equal(_app.BaseUrl.GetLeftPart(UriPartial.Authority), await request.HeaderValueAsync("origin")); // passes the CSRF allow-list
        Assert.Empty(_errors.All);
    }

    [Fact]
    public async Task AStytchErrorIsShownWithItsErrorMessageAndRequestIdAndTheAppStays()
    {
        const string message = "Too many requests have been made.";
        _app.Emulator.Faults.Add(new Fault
        {
            Operation = EmulatorOperations.UsersRevoke,
            Status = 429,
            ErrorType = "too_many_requests",
            ErrorMessage = message,
            Times = int.MaxValue, // the BFF may retry a 429; every attempt fails
        });
        var button = _spa.RevokeButton("Mobile Companion");

        await button.ClickAsync();

        await Expect(_spa.RevokeResult).ToContainTextAsync("Access for Mobile Companion was not revoked.");
        await Expect(_spa.RevokeResult).ToContainTextAsync(message);
        await Expect(_spa.RevokeResult).ToContainTextAsync("Stytch request_id: request-id-test-");
        await Expect(button).ToHaveTextAsync("Revoke access");
        await Expect(button).ToBeEnabledAsync();
        await Expect(button).ToBeFocusedAsync(); // keyboard users stay where they were
        await Expect(_spa.AppNames).ToHaveTextAsync(["Example CLI", "Analytics Dashboard", "Mobile Companion"]);
        Assert.Empty(_errors.All);
    }
}
