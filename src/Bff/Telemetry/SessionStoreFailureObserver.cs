using Bff.Sessions;
using Microsoft.AspNetCore.Diagnostics;

namespace Bff.Telemetry;

/// <summary>
/// Counts the requests that the session store failed (<see cref="SessionStoreUnavailableException"/>, answered 503 by
/// the exception handler). It observes only: it never handles the exception, so the 503 problem is written as before.
/// </summary>
internal sealed class SessionStoreFailureObserver(BffMetrics metrics) : IExceptionHandler
{
    public ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is SessionStoreUnavailableException failure)
        {
            metrics.SessionStoreFailed(failure.InnerException);
        }

        return ValueTask.FromResult(false);
    }
}
