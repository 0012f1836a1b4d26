using Bff.Sessions;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Bff.OpenApi;

/// <summary>The document's title and description, and the session cookie as a security scheme.</summary>
internal sealed class BffDocumentTransformer(IOptions<BffSessionOptions> session) : IOpenApiDocumentTransformer
{
    public const string SessionScheme = "session_cookie";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Stytch BFF",
            Version = "v1",
            Description = "The backend-for-frontend's own API, called by the SPA with the session cookie. Every endpoint the SPA "
                + "calls with fetch requires the header `X-CSRF: 1`; every failure is `application/problem+json` with Stytch's "
                + "`error_type`/`error_message` fields where Stytch answered. `/api/**` is forwarded to the configured upstream "
                + "APIs and is described by their own documents.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SessionScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = session.Value.CookieName,
            Description = "The HttpOnly session cookie set by a login (POST /auth/password, GET /auth/callback). It holds only the "
                + "key of the server-side session; the browser sends it by itself.",
        };
        return Task.CompletedTask;
    }
}
