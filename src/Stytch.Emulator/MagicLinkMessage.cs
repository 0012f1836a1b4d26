namespace Stytch.Emulator;

/// <summary>A magic-link "email" the emulator would have sent.</summary>
/// <param name="To">The recipient address.</param>
/// <param name="Link">The full link: the redirect URL plus <c>stytch_token_type=magic_links&amp;token=…</c>.</param>
/// <param name="Token">The token inside the link, for tests that skip parsing it.</param>
/// <param name="SentAt">When it was sent (emulator clock).</param>
public sealed record MagicLinkMessage(string To, Uri Link, string Token, DateTimeOffset SentAt);
