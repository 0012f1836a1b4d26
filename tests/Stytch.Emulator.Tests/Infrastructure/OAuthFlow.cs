using System.Text.RegularExpressions;

namespace Stytch.Emulator.Tests.Infrastructure;

/// <summary>Drives the browser side of the simulated OAuth provider: the start page and its form, without redirects.</summary>
internal static partial class OAuthFlow
{
    public const string LoginRedirect = "http://localhost:3000/oauth/callback";

    public static string StartPath(EmulatorHost host, string provider = "google", string? codeChallenge = null, string? publicToken = null) =>
        $"v1/public/oauth/{provider}/start?public_token={Uri.EscapeDataString(publicToken ?? host.Options.PublicToken)}"
        + $"&login_redirect_url={Uri.EscapeDataString(LoginRedirect)}"
        + (codeChallenge is null ? "" : $"&code_challenge={Uri.EscapeDataString(codeChallenge)}");

    public static HttpClient Browser(EmulatorHost host)
    {
#pragma warning disable CA2000 // The client owns and disposes the handler.
        var handler = new HttpClientHandler { AllowAutoRedirect = false };
#pragma warning restore CA2000
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = host.BaseUrl };
    }

    /// <summary>Opens the provider page, submits its form as <paramref name="email"/>, and returns the redirect target.</summary>
    public static async Task<Uri> SignInAsync(EmulatorHost host, string email, string? codeChallenge = null, string provider = "google")
    {
        var ct = TestContext.Current.CancellationToken;
        using var browser = Browser(host);
        var page = await browser.GetStringAsync(StartPath(host, provider, codeChallenge), ct);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["state"] = State(page), ["email"] = email });
        using var response = await browser.PostAsync(FormAction(page), form, ct);
        Assert.Equal(System.Net.HttpStatusCode.Found, response.StatusCode);
        return response.Headers.Location!;
    }

    /// <summary>The token in a redirect to the app.</summary>
    public static string Token(Uri redirect)
    {
        var match = TokenPattern().Match(redirect.Query);
        Assert.True(match.Success, redirect.ToString());
        return Uri.UnescapeDataString(match.Groups[1].Value);
    }

    public static string State(string page) => StatePattern().Match(page).Groups[1].Value;

    public static string FormAction(string page) => FormPattern().Match(page).Groups[1].Value;

    [GeneratedRegex("[?&]stytch_token_type=oauth&token=([^&#]+)")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("<input type=\"hidden\" name=\"state\" value=\"([^\"]+)\">")]
    private static partial Regex StatePattern();

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]+)\">")]
    private static partial Regex FormPattern();
}
