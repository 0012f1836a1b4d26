using Microsoft.Playwright;

namespace Bff.BrowserTests.Infrastructure;

/// <summary>
/// One headless Debian Chromium per test class, driven by Playwright through <see cref="ExecutablePath"/> (Playwright's
/// own browser download is never used). Each test gets a fresh context from <see cref="NewContextAsync"/>: its own
/// cookies and storage, bounded timeouts.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Args =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not started.");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            // Fail, never skip: a missing browser must not look like a green run.
            throw new InvalidOperationException(
                $"Chromium is not installed at {ExecutablePath}, so the browser tests cannot run. "
                + "Install Debian's Chromium with 'sudo apt-get install -y chromium' (./build.sh deps does it); never 'playwright install'.");
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Args,
            Timeout = 60_000,
        });
        Assertions.SetDefaultExpectTimeout(10_000);
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }

    /// <summary>A fresh browser profile (no cookies) whose relative URLs resolve against <paramref name="baseUrl"/>.</summary>
    public async Task<IBrowserContext> NewContextAsync(Uri baseUrl)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl.AbsoluteUri, Locale = "en-GB" });
        context.SetDefaultTimeout(15_000);
        context.SetDefaultNavigationTimeout(20_000);
        return context;
    }
}
