using Bff.BrowserTests.Infrastructure;
using Stytch.Emulator;
using static Microsoft.Playwright.Assertions;

namespace Bff.BrowserTests;

/// <summary>
/// The demo SPA given hostile values: an <c>?auth_error=</c> named like a member of Object.prototype, and Stytch data
/// (a Connected App's name and type) built to confuse the page.
/// </summary>
public sealed class HostileDataTests(ChromiumFixture chromium) : BrowserTest(chromium)
{
    private const string GenericLoginError = "The login did not complete. Try again.";

    /// <summary>U+202E RIGHT-TO-LEFT OVERRIDE: without isolation it reverses everything after it up to the paragraph's end.</summary>
    private const string RightToLeftOverride = "\u202E";

    [Theory]
    [InlineData("constructor")]
    [InlineData("__proto__")]
    [InlineData("toString")]
    [InlineData("hasOwnProperty")]
    [InlineData("valueOf")]
    [InlineData("__defineGetter__")]
    public async Task AnAuthErrorNamedLikeAnObjectMemberShowsTheGenericMessageNotCode(string authError)
    {
        var page = Spa.Page;

        await page.GotoAsync($"/?auth_error={Uri.EscapeDataString(authError)}");

        var alert = page.Locator("#auth-error");
        await Expect(alert).ToBeVisibleAsync();
        await Expect(alert).ToHaveTextAsync($"{GenericLoginError} auth_error={authError}");
        var text = await alert.TextContentAsync();
        Assert.DoesNotContain("function", text, StringComparison.Ordinal);
        Assert.DoesNotContain("[object", text, StringComparison.Ordinal);
        Assert.DoesNotContain("native code", text, StringComparison.Ordinal);
        Assert.Empty(Errors.All);
    }

    [Fact]
    public async Task AKnownAuthErrorStillShowsItsOwnSentence()
    {
        await Spa.Page.GotoAsync("/?auth_error=magic_link_not_found");

        await Expect(Spa.Page.Locator("#auth-error")).ToContainTextAsync("That login link was already used or has expired.");
        Assert.Empty(Errors.All);
    }

    [Fact]
    public async Task AConnectedAppTypeNamedLikeAnObjectMemberIsShownAsItIs()
    {
        GrantDemoUser(new SeedConnectedApp
        {
            ConnectedAppId = "connected-app-test-0a1b2c3d-0000-4000-8000-00000000c0de",
            Name = "Prototype Probe",
            Description = "client_type is not one of Stytch's four",
            ClientType = "constructor",
            ScopesGranted = "openid",
        });
        await Spa.Page.GotoAsync("/");
        await Spa.LogInWithPasswordAsync();

        var type = Spa.Card("Prototype Probe").Locator(".app-type");

        await Expect(type).ToHaveTextAsync("constructor");
        Assert.Empty(Errors.All);
    }

    /// <summary>
    /// A Connected App named with a right-to-left override: the name is isolated (<c>&lt;bdi&gt;</c>), so the text the
    /// page puts after it (the revoke outcome and Stytch's request_id) keeps its order.
    /// </summary>
    [Fact]
    public async Task ABidiOverrideInAStytchNameCannotReorderTheTextAfterIt()
    {
        var name = $"{RightToLeftOverride}Evil App";
        GrantDemoUser(new SeedConnectedApp
        {
            ConnectedAppId = "connected-app-test-0a1b2c3d-0000-4000-8000-00000000b1d1",
            Name = name,
            Description = "a name with a direction override",
            ClientType = "third_party",
            ScopesGranted = "openid",
        });
        var page = Spa.Page;
        await page.GotoAsync("/");
        await Spa.LogInWithPasswordAsync();
        await Expect(Spa.AppNames).ToHaveCountAsync(4);

        await Spa.RevokeButton(name).ClickAsync();

        await Expect(Spa.RevokeResult).ToContainTextAsync("Stytch request_id:");
        Assert.True(await IsLeftToRightAsync("#apps-result", "Stytch request_id"), "the text after the app's name was reordered by its direction override");
        Assert.True(await IsLeftToRightAsync("#apps-result", "Access revoked for"), "the text before the app's name was reordered");
        await Expect(Spa.RevokeResult.Locator("bdi")).ToHaveTextAsync(name);
        Assert.Empty(Errors.All);
    }

    private void GrantDemoUser(SeedConnectedApp app) =>
        App.Emulator.GrantConnectedApp(App.Emulator.FindUserId(SpaPage.DemoEmail)!, app);

    /// <summary>
    /// Whether <paramref name="text"/> inside <paramref name="selector"/> is laid out left to right: its first letter is
    /// drawn left of its second (a direction override would draw them the other way round).
    /// </summary>
    private Task<bool> IsLeftToRightAsync(string selector, string text) =>
        Spa.Page.EvaluateAsync<bool>(
            """
            ([selector, text]) => {
              const walker = document.createTreeWalker(document.querySelector(selector), NodeFilter.SHOW_TEXT);
              for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const at = node.data.indexOf(text);
                if (at < 0) continue;
                const box = (offset) => {
                  const range = document.createRange();
                  range.setStart(node, at + offset);
                  range.setEnd(node, at + offset + 1);
                  return range.getBoundingClientRect();
                };
                return box(0).left < box(1).left;
              }
              throw new Error(`"${text}" is not in ${selector}`);
            }
            """,
            new[] { selector, text });
}
