using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace Bff.Sessions;

/// <summary>
/// Refuses to start with a cookie that breaks the <c>__Host-</c> rules (browsers would silently drop it): it must be
/// Secure, have Path=/ and no Domain. Checks the final options, so code that reconfigures the cookie is caught too.
/// </summary>
internal sealed class HostCookieRulesValidator : IValidateOptions<CookieAuthenticationOptions>
{
    public ValidateOptionsResult Validate(string? name, CookieAuthenticationOptions options)
    {
        if (name != SessionTicket.Scheme)
        {
            return ValidateOptionsResult.Skip;
        }

        var cookie = options.Cookie;
        var failures = new List<string>();
        if (cookie.Name is not { } cookieName || !cookieName.StartsWith("__Host-", StringComparison.Ordinal))
        {
            failures.Add($"The session cookie name must start with '__Host-' (Session:CookieName); got '{cookie.Name}'.");
        }

        if (cookie.SecurePolicy != CookieSecurePolicy.Always)
        {
            failures.Add("A __Host- cookie must be Secure: the cookie SecurePolicy must be Always.");
        }

        if (cookie.Path != "/")
        {
            failures.Add($"A __Host- cookie must have Path=/; got '{cookie.Path}'.");
        }

        if (!string.IsNullOrEmpty(cookie.Domain))
        {
            failures.Add($"A __Host- cookie must not have a Domain; got '{cookie.Domain}'.");
        }

        if (!cookie.HttpOnly)
        {
            failures.Add("The session cookie must be HttpOnly.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
