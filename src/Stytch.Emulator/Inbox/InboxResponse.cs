namespace Stytch.Emulator.Inbox;

/// <summary>One message of <c>GET /emulator/inbox.json</c>.</summary>
internal sealed record InboxMessageView(string To, string Link, string Token, string SentAt);

/// <summary><c>GET /emulator/inbox.json</c>: <c>{"messages":[…]}</c>, newest first.</summary>
internal sealed record InboxResponse(IReadOnlyList<InboxMessageView> Messages);
