using Microsoft.Playwright;

namespace Bff.BrowserTests.Infrastructure;

/// <summary>
/// What went wrong inside the page: uncaught script errors and browser console errors, such as a Content Security
/// Policy refusal. Chromium also logs every non-2xx fetch ("Failed to load resource"); those are expected (GET /me
/// is 401 when logged out) and left out.
/// </summary>
public sealed class PageErrors
{
    private readonly List<string> _errors = [];
    private readonly Lock _gate = new();

    private PageErrors(IPage page)
    {
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                Add($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => Add($"uncaught: {error}");
    }

    public IReadOnlyList<string> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _errors];
            }
        }
    }

    public static PageErrors Watch(IPage page) => new(page);

    private void Add(string error)
    {
        lock (_gate)
        {
            _errors.Add(error);
        }
    }
}
