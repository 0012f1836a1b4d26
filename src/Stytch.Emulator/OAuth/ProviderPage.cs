using System.Text.Encodings.Web;

namespace Stytch.Emulator.OAuth;

/// <summary>
/// The simulated identity provider: a plain HTML form (no JavaScript) whose <c>#continue</c> button signs in as the
/// email in the form and redirects to the app with an OAuth token.
/// </summary>
internal static class ProviderPage
{
    public const string ContinuePath = "/emulator/oauth/continue";

    public static string Render(string providerName, string state, string email)
    {
        var html = HtmlEncoder.Default;
        var provider = html.Encode(providerName);
        var address = html.Encode(email);
        var button = email.Length == 0 ? "Continue" : "Continue as " + address;
        return $$"""
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Sign in with {{provider}} — Stytch emulator</title>
              <style>
                body { font-family: system-ui, sans-serif; max-width: 28rem; margin: 4rem auto; padding: 0 1rem; color: #1b1b1b; }
                label, input, button { display: block; width: 100%; box-sizing: border-box; font-size: 1rem; }
                input { margin: .25rem 0 1rem; padding: .5rem; }
                button { padding: .6rem; cursor: pointer; }
                .note { color: #555; font-size: .9rem; }
              </style>
            </head>
            <body>
              <main>
                <h1>Sign in with {{provider}} — Stytch emulator</h1>
                <p class="note">This page stands in for {{provider}}. Nothing leaves this machine.</p>
                <form method="post" action="{{ContinuePath}}">
                  <input type="hidden" name="state" value="{{html.Encode(state)}}">
                  <label for="email">Email</label>
                  <input id="email" name="email" type="email" value="{{address}}" required>
                  <button id="continue" type="submit">{{button}}</button>
                </form>
              </main>
            </body>
            </html>
            """;
    }
}
