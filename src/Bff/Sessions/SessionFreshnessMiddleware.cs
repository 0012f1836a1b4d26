using Bff.Stytch;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Bff.Sessions;

/// <summary>
/// The one session-freshness path, shared by /me, the consent endpoints and the proxy. Runs after cookie
/// authentication: attaches the <see cref="BffSession"/> to the request, and, only when the stored JWT has expired or
/// the last check is older than <c>Session:MaxStaleness</c>, asks Stytch (single flight). A session Stytch no longer
/// knows is deleted and answered 401; a Stytch outage is answered 502/504 and the session is kept.
/// </summary>
public sealed class SessionFreshnessMiddleware(
    RequestDelegate next, SessionRefresher refresher, SessionCookie sessions, StytchProblems problems, IOptionsMonitor<BffSessionOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated != true
            || context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Ticket is not { } ticket
            || SessionTicket.Read(ticket) is not { } session)
        {
            await next(context);
            return;
        }

        if (context.GetEndpoint()?.Metadata.GetMetadata<SkipSessionRefreshMetadata>() is not null)
        {
            context.Features.Set(session);
            await next(context);
            return;
        }

        var outcome = await refresher.EnsureFreshAsync(ticket, session, options.CurrentValue.MaxStaleness,
            () => context.RequestServices.GetRequiredService<StytchClient>());
        switch (outcome)
        {
            case RefreshOutcome.Ended ended:
                await (await sessions.EndedAtStytchAsync(context, ended.Failure)).ExecuteAsync(context);
                return;
            case RefreshOutcome.Failed failed:
                await problems.ToResult(failed.Failure, StytchCallKind.ProjectCredentials).ExecuteAsync(context);
                return;
            case RefreshOutcome.Refreshed:
                session = SessionTicket.Read(ticket)!;
                break;
        }

        context.Features.Set(session);
        await next(context);
    }
}

/// <summary>
/// Endpoint metadata: the endpoint gets the session without the freshness check, so it never waits for (or fails
/// with) Stytch. Only for endpoints that end the session anyway: logout must work during a Stytch outage, and a login
/// replaces the session whatever state it is in.
/// </summary>
public sealed class SkipSessionRefreshMetadata
{
    public static readonly SkipSessionRefreshMetadata Instance = new();

    private SkipSessionRefreshMetadata()
    {
    }
}
