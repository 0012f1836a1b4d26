using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace Sample.ConnectedApp;

/// <summary>
/// The app's only page, rendered on the server. Everything that came from elsewhere (the identity provider, the user's
/// profile, error descriptions) goes through <see cref="HtmlEncoder"/>; the page has no script at all.
/// </summary>
internal static class Pages
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    public sealed record Model(
        SampleConnectedAppSettings Settings,
        ClientRegistration Client,
        Uri? ManageAccessUrl,
        string? DiscoveryError,
        Connection? Connection,
        CheckResult? LastCheck,
        string? Notice);

    public static string Home(Model model)
    {
        var body = new StringBuilder();
        if (model.Notice is { } notice)
        {
            body.Append("<div class=\"notice\" role=\"status\" id=\"notice\">").Append(E(notice)).Append("</div>");
        }

        if (model.DiscoveryError is { } error)
        {
            body.Append("<div class=\"notice notice-error\" role=\"alert\">The identity provider at <code>")
                .Append(E(model.Settings.Authority)).Append("</code> could not be reached: ").Append(E(error)).Append("</div>");
        }

        if (model.Connection is { } connection)
        {
            Connected(body, model, connection);
        }
        else
        {
            body.Append("<p>This app has no access to your account. <strong>Connect</strong> sends you to your account's consent page, where you decide what it may see.</p>")
                .Append("<p><a class=\"button\" href=\"/connect\">Connect</a></p>")
                .Append("<p class=\"muted\">It asks for <code>").Append(E(model.Settings.Scope)).Append("</code> as client <code>")
                .Append(E(model.Client.ClientId)).Append("</code>.</p>");
        }

        if (model.ManageAccessUrl is { } manage)
        {
            body.Append("<p class=\"muted\">You can see and revoke this app's access on <a href=\"").Append(E(manage.AbsoluteUri))
                .Append("\">your Connected apps page</a>.</p>");
        }

        return Layout(model.Settings.DisplayName, body.ToString());
    }

    public static string Message(SampleConnectedAppSettings settings, string title, string message) =>
        Layout(settings.DisplayName, $"<div class=\"notice notice-error\" role=\"alert\"><strong>{E(title)}</strong> {E(message)}</div><p><a href=\"/\">Back</a></p>");

    private static void Connected(StringBuilder body, Model model, Connection connection)
    {
        var user = connection.User;
        body.Append("<section aria-labelledby=\"connection-title\"><h2 id=\"connection-title\">Connected</h2><dl class=\"facts\">")
            .Append("<dt>Connected as</dt><dd id=\"connected-as\">").Append(E(Describe(user))).Append("</dd>")
            .Append("<dt>User id</dt><dd><code id=\"subject\">").Append(E(user.Subject)).Append("</code></dd>")
            .Append("<dt>Scopes granted</dt><dd><code>").Append(E(connection.Scope)).Append("</code></dd>")
            .Append("<dt>Access token expires</dt><dd>").Append(E(Time(connection.ExpiresAt))).Append("</dd>")
            .Append("</dl><div class=\"actions\">")
            .Append("<form method=\"post\" action=\"/check\"><button type=\"submit\" class=\"button\">Call again</button></form>")
            .Append("<form method=\"post\" action=\"/disconnect\"><button type=\"submit\" class=\"button button-secondary\">Disconnect</button></form>")
            .Append("</div></section>");

        if (model.LastCheck is { } check)
        {
            var (title, css) = check.Verdict switch
            {
                AccessVerdict.Works => ("Access works", "notice-success"),
                AccessVerdict.Revoked => ("Access revoked", "notice-error"),
                _ => ("Could not check the access", "notice-error"),
            };
            body.Append("<section id=\"check\" class=\"notice ").Append(css).Append("\" aria-labelledby=\"check-title\" role=\"status\">")
                .Append("<h2 id=\"check-title\">").Append(E(title)).Append("</h2>")
                .Append("<p>Checked at ").Append(E(Time(check.CheckedAt))).Append('.')
                .Append(check.Verdict == AccessVerdict.Revoked ? " This app can no longer act for you. <a href=\"/connect\">Connect again</a> to ask for access." : "")
                .Append("</p><ul>")
                .Append("<li><strong>Introspection</strong> (asks the identity provider): ").Append(E(check.Introspection)).Append("</li>")
                .Append("<li><strong>Userinfo</strong>: ").Append(E(check.UserInfo)).Append("</li>")
                .Append("<li><strong>Local JWT check</strong> (signature, issuer, expiry; no network): ").Append(E(Local(check.Local))).Append("</li>")
                .Append("</ul>");
            if (check.Verdict == AccessVerdict.Revoked && check.Local.Valid)
            {
                body.Append("<p class=\"small\">The token's signature still verifies until it expires: a resource server that only verifies JWTs locally would still accept it. Only introspection sees a revoke at once.</p>");
            }

            body.Append("</section>");
        }
    }

    private static string Local(LocalVerification local) =>
        local.Valid ? $"the signature is valid until {Time(local.ValidUntil)}" : $"not valid ({local.Failure})";

    private static string Describe(ConnectedUser user) => (user.Name, user.Email) switch
    {
        ({ } name, { } email) => $"{name} ({email})",
        (null, { } email) => email,
        ({ } name, null) => name,
        _ => user.Subject,
    };

    private static string Time(DateTimeOffset? value) =>
        value is { } t ? t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "unknown";

    private static string E(string value) => Html.Encode(value);

    private static string Layout(string title, string body) =>
        $"""
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>{E(title)}</title>
          <link rel="stylesheet" href="/sample.css">
        </head>
        <body>
          <main>
            <p class="tag">A third-party Connected App (sample)</p>
            <h1>{E(title)}</h1>
            {body}
          </main>
        </body>
        </html>
        """;

    public const string Css =
        """
        :root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.5; }
        body { margin: 0; background: #f4f1ea; color: #1d1b16; }
        @media (prefers-color-scheme: dark) { body { background: #1b1a17; color: #ece8df; } }
        main { max-width: 40rem; margin: 0 auto; padding: 2rem 1.25rem; }
        .tag { text-transform: uppercase; letter-spacing: .08em; font-size: .75rem; color: #8a6d1f; margin: 0; }
        h1 { margin: .25rem 0 1rem; }
        code { overflow-wrap: anywhere; }
        .muted { opacity: .75; }
        .small { font-size: .875rem; }
        .facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
        .facts dd { margin: 0; }
        .actions { display: flex; gap: .75rem; flex-wrap: wrap; margin: 1rem 0; }
        .button { font: inherit; font-weight: 600; display: inline-block; padding: .5rem 1rem; border-radius: 8px; border: 1px solid #7a4b00; background: #a86500; color: #fff; text-decoration: none; cursor: pointer; }
        .button-secondary { background: transparent; color: inherit; }
        .notice { border: 1px solid #c9c2b3; border-radius: 10px; padding: .75rem 1rem; margin: 1rem 0; }
        .notice-success { border-color: #3f9d67; }
        .notice-error { border-color: #c4453b; }
        .notice h2 { margin-top: 0; }
        """;
}
