using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Stytch.Emulator.Infrastructure;

namespace Stytch.Emulator.Inbox;

/// <summary>The developer inbox: the magic links the emulator "sent", newest first, as HTML and as JSON.</summary>
internal static class InboxEndpoints
{
    public const string Operation = "emulator.inbox";

    public static RouteGroupBuilder MapInbox(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => TypedResults.Redirect("/emulator/inbox")).WithPublicOperation("emulator.root");
        var group = app.MapGroup("/emulator");
        group.MapGet("/inbox", Page).WithPublicOperation(Operation);
        group.MapGet("/inbox.json", Json).WithPublicOperation(Operation);
        return group;
    }

    public static JsonHttpResult<InboxResponse> Json(MagicLinkInbox inbox) =>
        TypedResults.Json(
            new InboxResponse([.. inbox.All.Select(m => new InboxMessageView(m.To, m.Link.AbsoluteUri, m.Token, Rfc3339.Format(m.SentAt)))]),
            EmulatorJsonContext.Default.InboxResponse);

    public static ContentHttpResult Page(MagicLinkInbox inbox)
    {
        var html = HtmlEncoder.Default;
        var items = new StringBuilder();
        foreach (var message in inbox.All)
        {
            var link = html.Encode(message.Link.AbsoluteUri);
            items.Append("      <li><span class=\"to\">").Append(html.Encode(message.To)).Append("</span> · <time>")
                .Append(Rfc3339.Format(message.SentAt)).Append("</time><br><a href=\"").Append(link).Append("\">")
                .Append(link).AppendLine("</a></li>");
        }

        var body = items.Length == 0 ? "    <p id=\"empty\">No magic links sent yet.</p>" : $"    <ol id=\"messages\">\n{items}    </ol>";
        var page = $$"""
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Inbox — Stytch emulator</title>
              <style>body { font-family: system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; } li { margin: .75rem 0; word-break: break-all; }</style>
            </head>
            <body>
              <main>
                <h1>Inbox — Stytch emulator</h1>
                <p>Magic links the emulator would have emailed, newest first. Also as <a href="/emulator/inbox.json">JSON</a>.</p>
            {{body}}
              </main>
            </body>
            </html>
            """;
        return TypedResults.Content(page, "text/html; charset=utf-8");
    }
}
