using Bff.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using Stytch.Emulator;
using static Microsoft.Playwright.Assertions;

namespace Bff.BrowserTests;

/// <summary>The "Revoke access" button behaves like the seed's React component.</summary>
public sealed class RevokeButtonTests(ChromiumFixture chromium) : BrowserTest(chromium)
{
    protected override async Task OnReadyAsync()
    {
        var page = Spa.Page;
        await page.GotoAsync("/");
        await Spa.LogInWithPasswordAsync();
        await Expect(Spa.AppNames).ToHaveCountAsync(3);
    }

    [Fact]
    public async Task WhileTheRevokeIsInFlightTheButtonIsDisabledAndSaysRevoking()
    {
        // Stytch takes a while: the call hangs, then proceeds normally.
        App.Emulator.Faults.Add(new Fault { Operation = EmulatorOperations.UsersRevoke, Delay = TimeSpan.FromSeconds(2) });
        var button = Spa.RevokeButton("Analytics Dashboard");
        await Expect(button).ToHaveTextAsync("Revoke access");

        var request = await Spa.Page.RunAndWaitForRequestAsync(
            () => button.ClickAsync(), r => r.Method == "POST" && r.Url.EndsWith("/revoke", StringComparison.Ordinal));

        await Expect(button).ToHaveTextAsync("Revoking...");
        await Expect(button).ToBeDisabledAsync();
        await Expect(Spa.Card("Mobile Companion").GetByRole(AriaRole.Button)).ToBeEnabledAsync(); // one app at a time
        await Expect(Spa.RevokeResult).ToContainTextAsync("Access revoked for Analytics Dashboard.");
        await Expect(Spa.AppNames).ToHaveTextAsync(["Example CLI", "Mobile Companion"]);
        await Expect(Spa.RevokeResult).ToBeFocusedAsync(); // the pressed button is gone; focus moves to the outcome
        Assert.Equal("1", await request.HeaderValueAsync("x-csrf"));
        Assert.Equal(App.BaseUrl.GetLeftPart(UriPartial.Authority), await request.HeaderValueAsync("origin")); // passes the CSRF allow-list
        Assert.Empty(Errors.All);
    }

    [Fact]
    public async Task AStytchErrorIsShownWithItsErrorMessageAndRequestIdAndTheAppStays()
    {
        const string message = "Too many requests have been made.";
        App.Emulator.Faults.Add(new Fault
        {
            Operation = EmulatorOperations.UsersRevoke,
            Status = 429,
            ErrorType = "too_many_requests",
            ErrorMessage = message,
            Times = int.MaxValue, // the BFF may retry a 429; every attempt fails
        });
        var button = Spa.RevokeButton("Mobile Companion");

        await button.ClickAsync();

        await Expect(Spa.RevokeResult).ToContainTextAsync("Access for Mobile Companion was not revoked.");
        await Expect(Spa.RevokeResult).ToContainTextAsync(message);
        await Expect(Spa.RevokeResult).ToContainTextAsync("Stytch request_id: request-id-test-");
        await Expect(button).ToHaveTextAsync("Revoke access");
        await Expect(button).ToBeEnabledAsync();
        await Expect(button).ToBeFocusedAsync(); // keyboard users stay where they were
        await Expect(Spa.AppNames).ToHaveTextAsync(["Example CLI", "Analytics Dashboard", "Mobile Companion"]);
        Assert.Empty(Errors.All);
    }
}
