namespace Bff.Sessions;

/// <summary>The session store cannot be reached. Answered 503: the BFF fails closed, it never logs users out silently.</summary>
public sealed class SessionStoreUnavailableException : Exception
{
    public SessionStoreUnavailableException()
    {
    }

    public SessionStoreUnavailableException(string message)
        : base(message)
    {
    }

    public SessionStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The session store is down (<see cref="SessionStoreUnavailableException"/>, mapped to 503 by the exception handler):
/// the problem says so in the SDK's error fields and carries <c>Retry-After</c>. Fail closed, never a logout.
/// </summary>
internal static class SessionStoreProblem
{
    public const string ErrorType = "session_store_unavailable";
    public const string RetryAfterSeconds = "5";
    private const string Message = "Sessions are temporarily unavailable. Try again in a few seconds; you are still logged in.";

    /// <summary>Runs before the app's own customization (which fills in only what is still missing).</summary>
    public static void Wrap(ProblemDetailsOptions options)
    {
        var inner = options.CustomizeProblemDetails;
        options.CustomizeProblemDetails = context =>
        {
            Apply(context);
            inner?.Invoke(context);
        };
    }

    private static void Apply(ProblemDetailsContext context)
    {
        if (context.Exception is not SessionStoreUnavailableException)
        {
            return;
        }

        context.ProblemDetails.Detail = Message;
        context.ProblemDetails.Extensions["error_type"] = ErrorType;
        context.ProblemDetails.Extensions["error_message"] = Message;
        context.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
    }
}
