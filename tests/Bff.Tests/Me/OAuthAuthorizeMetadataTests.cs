using Bff.Me;
using Bff.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Bff.Tests.Me;

/// <summary>The endpoint metadata the OpenAPI document is generated from: every answer of the consent endpoints is declared.</summary>
public sealed class OAuthAuthorizeMetadataTests : BffTest
{
    public static TheoryData<string, Type, Type> Endpoints() => new()
    {
        { "/me/oauth/authorize/start", typeof(AuthorizeStartRequest), typeof(AuthorizeStartResponse) },
        { "/me/oauth/authorize", typeof(AuthorizeRequest), typeof(AuthorizeResponse) },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public void EveryAnswerIsDeclaredWithItsType(string path, Type request, Type response)
    {
        var endpoint = Assert.Single(Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>(),
            e => e.RoutePattern.RawText == path);
        Assert.Equal(["POST"], endpoint.Metadata.GetRequiredMetadata<IHttpMethodMetadata>().HttpMethods);

        var accepts = Assert.Single(endpoint.Metadata.GetOrderedMetadata<IAcceptsMetadata>());
        Assert.Equal(request, accepts.RequestType);
        Assert.Contains("application/json", accepts.ContentTypes);

        var produces = endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>()
            .GroupBy(p => p.StatusCode).ToDictionary(g => g.Key, g => g.Last().Type);
        Assert.Equal(response, produces[StatusCodes.Status200OK]);
        Assert.Equal(typeof(HttpValidationProblemDetails), produces[StatusCodes.Status400BadRequest]);
        foreach (var status in new[] { 401, 403, 404, 413, 415, 429, 502, 504 })
        {
            Assert.True(produces.TryGetValue(status, out var type), $"{path} declares no {status}");
            Assert.Equal(typeof(ProblemDetails), type);
        }

        Assert.NotNull(endpoint.Metadata.GetMetadata<IRequestSizeLimitMetadata>());
        Assert.Contains(endpoint.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute>(), a => a.PolicyName == Bff.RateLimiting.RateLimitingExtensions.StytchCallsPolicy);
        Assert.NotNull(endpoint.Metadata.GetMetadata<Bff.Security.CsrfMetadata>());
        Assert.NotNull(endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>());
    }
}
