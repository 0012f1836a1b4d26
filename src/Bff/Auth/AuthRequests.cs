using System.ComponentModel.DataAnnotations;
using Bff.RateLimiting;

namespace Bff.Auth;

public sealed record PasswordLoginRequest(
    [property: Required, EmailAddress, MaxLength(254), RegularExpression(EmailRules.NoSpaceOrControl, ErrorMessage = EmailRules.NoSpaceOrControlMessage)] string Email,
    [property: Required, MinLength(1), MaxLength(256)] string Password) : IEmailTarget
{
    /// <summary>Records print every member; this one holds a password.</summary>
    public override string ToString() => "PasswordLoginRequest { Password = *** }";
}

public sealed record MagicLinkRequest(
    [property: Required, EmailAddress, MaxLength(254), RegularExpression(EmailRules.NoSpaceOrControl, ErrorMessage = EmailRules.NoSpaceOrControlMessage)] string Email,
    [property: MaxLength(2048)] string? ReturnUrl) : IEmailTarget;
