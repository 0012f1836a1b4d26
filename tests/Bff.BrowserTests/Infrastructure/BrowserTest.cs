using Microsoft.Playwright;

namespace Bff.BrowserTests.Infrastructure;

/// <summary>
/// One browser per test class (the <see cref="ChromiumFixture"/>), and for every test a fresh BFF + emulator, a fresh
/// browser context and page, and a watch on script errors. Override <see cref="StartAppAsync"/> to start the app
/// differently and <see cref="OnReadyAsync"/> to bring the page to each test's starting point.
/// </summary>
public abstract class BrowserTest(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    protected LiveApp App { get; private set; } = null!;

    protected IBrowserContext Context { get; private set; } = null!;

    protected SpaPage Spa { get; private set; } = null!;

    protected PageErrors Errors { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        App = await StartAppAsync(TestContext.Current.CancellationToken);
        Context = await chromium.NewContextAsync(App.BaseUrl);
        var page = await Context.NewPageAsync();
        Errors = PageErrors.Watch(page);
        Spa = new SpaPage(page);
        await OnReadyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await App.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected virtual Task<LiveApp> StartAppAsync(CancellationToken ct) => LiveApp.StartAsync(ct);

    protected virtual Task OnReadyAsync() => Task.CompletedTask;
}
