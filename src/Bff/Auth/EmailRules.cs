namespace Bff.Auth;

internal static class EmailRules
{
    /// <summary>EmailAddressAttribute only looks for one '@': also refuse spaces and control characters (NUL, CR, LF…).</summary>
    public const string NoSpaceOrControl = @"^[^\s\p{C}]+$";

    public const string NoSpaceOrControlMessage = "email must not contain spaces or control characters.";
}
