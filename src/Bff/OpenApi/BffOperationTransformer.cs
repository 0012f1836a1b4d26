using System.Text.Json.Nodes;
using Bff.Security;
using Bff.Sessions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Bff.OpenApi;

/// <summary>
/// What the BFF's conventions require of a caller, read from each endpoint's metadata: the <c>X-CSRF: 1</c> header
/// (<see cref="SecurityExtensions.RequireCsrf"/>), and the session cookie with its 401 and 503 (session store down)
/// problems (<c>RequireAuthorization</c>).
/// </summary>
internal sealed class BffOperationTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<CsrfMetadata>().Any())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = CsrfMiddleware.HeaderName,
                In = ParameterLocation.Header,
                Required = true,
                Description = "Must be `1`. A custom header cannot be sent cross-site without a CORS preflight, which the BFF never grants: "
                    + "without it the request is refused with 403 `bff_csrf_header_missing`.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("1")] },
            });
        }

        if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(BffDocumentTransformer.SessionScheme, context.Document)] = [],
            });
            await AddProblemAsync(operation, context, StatusCodes.Status401Unauthorized, "No session, or the session has ended.", cancellationToken);
            await AddProblemAsync(operation, context, StatusCodes.Status503ServiceUnavailable,
                $"The session store is unavailable (`{SessionStoreProblem.ErrorType}`, with Retry-After); the session is kept.", cancellationToken);
        }
    }

    private static async Task AddProblemAsync(
        OpenApiOperation operation, OpenApiOperationTransformerContext context, int status, string description, CancellationToken ct)
    {
        operation.Responses ??= [];
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses.ContainsKey(key))
        {
            return;
        }

        var schema = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, ct);
        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
        };
    }
}
