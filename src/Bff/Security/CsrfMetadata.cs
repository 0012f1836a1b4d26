namespace Bff.Security;

/// <summary>
/// Endpoint metadata: the endpoint is called by the SPA with <c>fetch</c> and must carry <c>X-CSRF: 1</c>, and an
/// <c>Origin</c> (when present) from the allow-list. Checked in one place, <see cref="CsrfMiddleware"/>.
/// </summary>
public sealed class CsrfMetadata
{
    public static readonly CsrfMetadata Instance = new();

    private CsrfMetadata()
    {
    }
}
