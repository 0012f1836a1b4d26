using Bff.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Bff.Sessions;

/// <summary>
/// Cookie authentication tuned for an API-only BFF: no login page, so a missing session is a 401 problem and a denied
/// one a 403 problem, never a 302, on every path; absolute expiry is enforced; <c>GET /me?slide=false</c> does not
/// extend the session (for polling).
/// </summary>
internal sealed class SessionCookieEvents(TimeProvider time) : CookieAuthenticationEvents
{
    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context) =>
        BffProblems.Write(context.HttpContext, StatusCodes.Status401Unauthorized, "session_required", "You are not logged in, or your session has ended.");

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context) =>
        BffProblems.Write(context.HttpContext, StatusCodes.Status403Forbidden, "forbidden", "This session may not do that.");

    public override Task RedirectToLogout(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    public override Task RedirectToReturnUrl(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        if (SessionTicket.IsPastAbsoluteExpiry(context.Properties, time.GetUtcNow()))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(SessionTicket.Scheme);
        }
    }

    /// <summary>
    /// The handler decides about sliding here, before <see cref="ValidatePrincipal"/>: setting ShouldRenew there to
    /// false cannot undo a renewal already requested.
    /// </summary>
    public override Task CheckSlidingExpiration(CookieSlidingExpirationContext context)
    {
        if (IsPolling(context.HttpContext.Request))
        {
            context.ShouldRenew = false;
        }

        return Task.CompletedTask;
    }

    private static bool IsPolling(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Path.Equals("/me", StringComparison.OrdinalIgnoreCase)
        && string.Equals(request.Query["slide"], "false", StringComparison.OrdinalIgnoreCase);
}
