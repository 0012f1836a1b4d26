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
