using System.Net.Mail;

namespace Stytch.Emulator.Passwords;

/// <summary>The emulator's email syntax check (Stytch's own rules are stricter and undocumented).</summary>
internal static class EmailAddresses
{
    public static bool IsValid(string email) =>
        MailAddress.TryCreate(email, out var parsed)
        && string.Equals(parsed.Address, email, StringComparison.Ordinal)
        && parsed.Host.Contains('.', StringComparison.Ordinal);
}
