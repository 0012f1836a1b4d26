using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Stytch.Emulator;

namespace Bff.Tests.Faults;

/// <summary>
/// The SPA's and the browser's side of each login, driven by hand against the BFF and the emulator: password, magic
/// link (the link from the emulator's inbox), OAuth (BFF start → emulator provider page → its form → callback).
/// </summary>
public static partial class EmulatorFlows
{
    public static HttpClient Spa(EmulatorBffFactory factory) => Spa(factory, new CookieContainer());

    /// <summary>A browser-like client whose cookie jar the test can look into.</summary>
    public static HttpClient Spa(EmulatorBffFactory factory, CookieContainer cookies)
    {
        var client = factory.CreateSpaClient(cookies);
        client.Timeout = TimeSpan.FromSeconds(30);
        return client;
    }

    public static Task<HttpResponseMessage> PasswordLoginAsync(HttpClient spa, CancellationToken ct) =>
        spa.PostAsJsonAsync("/auth/password", new { email = EmulatorBffFactory.DemoEmail, password = EmulatorBffFactory.DemoPassword }, ct);

    /// <summary>Logs in (retrying a few times: this is set-up, not the call under test) and returns the client.</summary>
    public static async Task<HttpClient> LoggedInAsync(EmulatorBffFactory factory, CancellationToken ct)
    {
        var spa = Spa(factory);
        for (var attempt = 1; ; attempt++)
        {
            using var login = await PasswordLoginAsync(spa, ct);
            if (login.IsSuccessStatusCode)
            {
                return spa;
            }

            if (attempt == 3)
            {
                throw new InvalidOperationException($"Set-up login failed: {(int)login.StatusCode} {await login.Content.ReadAsStringAsync(ct)}");
            }
        }
    }

    public static Task<HttpResponseMessage> SendMagicLinkAsync(HttpClient spa, CancellationToken ct) =>
        spa.PostAsJsonAsync("/auth/magic-link", new { email = EmulatorBffFactory.DemoEmail }, ct);

    /// <summary>
    /// Sends a magic link from <paramref name="spa"/> (which gets the link's flow cookie) and returns the link the
    /// emulator "emailed", as a path and query on the BFF.
    /// </summary>
    public static async Task<MagicLinkMessage> MagicLinkAsync(EmulatorBffFactory factory, HttpClient spa, CancellationToken ct)
    {
        using var sent = await SendMagicLinkAsync(spa, ct);
        if (sent.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"Set-up magic link failed: {(int)sent.StatusCode} {await sent.Content.ReadAsStringAsync(ct)}");
        }

        return factory.Emulator.Inbox.Latest(EmulatorBffFactory.DemoEmail)!;
    }

    /// <summary>Opens the emailed link in <paramref name="spa"/>, the browser that asked for it.</summary>
    public static Task<HttpResponseMessage> MagicLinkCallbackAsync(HttpClient spa, MagicLinkMessage link, CancellationToken ct) =>
        spa.GetAsync(link.Link.PathAndQuery, ct);

    /// <summary>
    /// Starts an OAuth login at the BFF (which sets the flow cookie in <paramref name="spa"/>), follows the redirect to
    /// the emulator's provider page, submits its form, and returns the BFF callback path and query the provider sent
    /// the browser back to (the OAuth token is not exchanged yet).
    /// </summary>
    public static async Task<string> OAuthCallbackTargetAsync(EmulatorBffFactory factory, HttpClient spa, CancellationToken ct)
    {
        using var start = await spa.GetAsync("/auth/oauth/google", ct);
        var providerPage = start.Headers.Location ?? throw new InvalidOperationException($"OAuth start did not redirect: {(int)start.StatusCode}");
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };
        var html = await browser.GetStringAsync(providerPage, ct);
        var state = StateField().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException("No state on the provider page.");
        using var form = new FormUrlEncodedContent([new("state", state), new("email", EmulatorBffFactory.DemoEmail)]);
        using var consent = await browser.PostAsync(new Uri(factory.Emulator.BaseUrl, "emulator/oauth/continue"), form, ct);
        var callback = consent.Headers.Location ?? throw new InvalidOperationException($"The provider page did not redirect: {(int)consent.StatusCode}");
        return callback.PathAndQuery;
    }

    /// <summary>The whole OAuth login: the callback's answer.</summary>
    public static async Task<HttpResponseMessage> OAuthLoginAsync(EmulatorBffFactory factory, HttpClient spa, CancellationToken ct) =>
        await spa.GetAsync(await OAuthCallbackTargetAsync(factory, spa, ct), ct);

    [GeneratedRegex("name=\"state\" value=\"([^\"]+)\"")]
    private static partial Regex StateField();
}
