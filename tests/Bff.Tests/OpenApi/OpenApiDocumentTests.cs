using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Bff.Tests.OpenApi;

/// <summary>
/// The OpenAPI document of the BFF's own API (<c>/openapi/v1.json</c>): it describes every mapped endpoint (read from
/// the app's own <see cref="EndpointDataSource"/>, so an endpoint added later fails here until it is documented), it
/// validates with Microsoft.OpenApi's reader and rules, and it carries the cookie and X-CSRF requirements.
/// </summary>
public sealed class OpenApiDocumentTests : IAsyncLifetime
{
    /// <summary>
    /// The endpoints deliberately left out of the document, each with the reason. Nothing else may be missing.
    /// </summary>
    private static readonly (string Why, Func<RouteEndpoint, bool> Matches)[] NotDocumented =
    [
        ("/api/** is forwarded by YARP to the team's APIs, which describe themselves",
            e => e.Metadata.Any(m => m.GetType().FullName == "Yarp.ReverseProxy.Model.RouteModel")),
        ("the document itself", e => e.RoutePattern.RawText == "/openapi/{documentName}.json"),
        ("Scalar's reference page and its static files (Development only)", e => e.RoutePattern.RawText?.StartsWith("/scalar", StringComparison.Ordinal) == true),
        ("the demo SPA's Development-only helper", e => e.RoutePattern.RawText == "/dev/info"),
    ];

    private readonly OpenApiBffFactory _factory = new("Development", openApiEnabled: null);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task EveryMappedEndpointIsInTheDocumentExceptTheDeliberateExclusions()
    {
        var document = await LoadAsync();
        var endpoints = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var missing = new List<string>();
        var documented = 0;
        foreach (var endpoint in endpoints)
        {
            if (NotDocumented.Any(x => x.Matches(endpoint)))
            {
                continue;
            }

            var path = "/" + endpoint.RoutePattern.RawText!.Trim('/'); // a group's "" route is documented without the slash
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["(any method)"];
            foreach (var method in methods)
            {
                var item = document.Paths.TryGetValue(path, out var p) ? p : null;
                if (item?.Operations?.Keys.Any(k => k.Method.Equals(method, StringComparison.OrdinalIgnoreCase)) == true)
                {
                    documented++;
                }
                else
                {
                    missing.Add($"{method} {path} ({endpoint.DisplayName})");
                }
            }
        }

        Assert.True(missing.Count == 0, "Mapped but not in /openapi/v1.json: " + string.Join("; ", missing));
        Assert.True(documented >= 12, $"Only {documented} operations were compared: the enumeration found too little.");
        foreach (var (why, matches) in NotDocumented)
        {
            Assert.True(endpoints.Any(matches), $"The exclusion '{why}' matches no endpoint any more: remove it.");
        }
    }

    [Fact]
    public async Task TheDocumentValidatesWithMicrosoftOpenApisReaderAndDefaultRules()
    {
        using var client = _factory.CreateSpaClient(csrf: false);
        await using var json = await client.GetStreamAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        var result = await OpenApiDocument.LoadAsync(json, "json", cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotNull(result.Document);
        Assert.True(result.Diagnostic?.Errors.Count is null or 0, "Reader errors: " + string.Join("; ", result.Diagnostic?.Errors.Select(e => $"{e.Pointer}: {e.Message}") ?? []));
        var errors = result.Document.Validate(ValidationRuleSet.GetDefaultRuleSet())?.ToList() ?? [];
        Assert.True(errors.Count == 0, "Validation errors: " + string.Join("; ", errors.Select(e => $"{e.Pointer}: {e.Message}")));
    }

    [Theory]
    [InlineData("post", "/auth/password")]
    [InlineData("post", "/auth/magic-link")]
    [InlineData("post", "/auth/logout")]
    [InlineData("post", "/auth/logout-all")]
    [InlineData("get", "/me")]
    [InlineData("get", "/me/connected-apps")]
    [InlineData("post", "/me/connected-apps/{id}/revoke")]
    public async Task SpaApiEndpointsRequireTheCsrfHeader(string method, string path)
    {
        var operation = Operation(await LoadAsync(), method, path);

        var csrf = Assert.Single(operation.Parameters ?? [], p => p.Name == "X-CSRF");
        Assert.Equal(ParameterLocation.Header, csrf.In);
        Assert.True(csrf.Required);
        Assert.Equal("1", Assert.Single(csrf.Schema!.Enum!)!.GetValue<string>());
        AssertProblem(operation, "403");
    }

    [Theory]
    [InlineData("post", "/auth/logout")]
    [InlineData("post", "/auth/logout-all")]
    [InlineData("get", "/me")]
    [InlineData("get", "/me/connected-apps")]
    [InlineData("post", "/me/connected-apps/{id}/revoke")]
    public async Task SessionEndpointsRequireTheSessionCookieAndDeclareItsProblems(string method, string path)
    {
        var document = await LoadAsync();
        var operation = Operation(document, method, path);

        var requirement = Assert.Single(operation.Security ?? []);
        var scheme = Assert.Single(requirement.Keys);
        Assert.Equal("session_cookie", scheme.Reference.Id);
        var declared = document.Components!.SecuritySchemes!["session_cookie"];
        Assert.Equal(SecuritySchemeType.ApiKey, declared.Type);
        Assert.Equal(ParameterLocation.Cookie, declared.In);
        Assert.Equal("__Host-bff-session", declared.Name);
        AssertProblem(operation, "401");
        AssertProblem(operation, "503");
    }

    [Theory]
    [InlineData("post", "/auth/password")]
    [InlineData("get", "/auth/oauth/{provider}")]
    [InlineData("get", "/auth/callback")]
    [InlineData("get", "/healthz")]
    [InlineData("get", "/readyz")]
    public async Task AnonymousEndpointsNeedNoSessionCookie(string method, string path) =>
        Assert.Empty(Operation(await LoadAsync(), method, path).Security ?? []);

    [Theory]
    [InlineData("post", "/auth/password", "200", "email,password")]
    [InlineData("post", "/auth/magic-link", "202", "email,return_url")]
    public async Task LoginRequestsAndAnswersHaveSnakeCaseSchemas(string method, string path, string success, string requestProperties)
    {
        var operation = Operation(await LoadAsync(), method, path);

        var body = operation.RequestBody?.Content?["application/json"].Schema;
        Assert.NotNull(body);
        Assert.Equal(requestProperties.Split(','), body.Properties!.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("email", body.Required ?? new HashSet<string>());
        var answer = operation.Responses![success].Content!["application/json"].Schema!;
        Assert.NotEmpty(answer.Properties!);
        AssertProblem(operation, "400");
        AssertProblem(operation, "429");
    }

    [Theory]
    [InlineData("post", "/auth/password")]
    [InlineData("post", "/auth/magic-link")]
    [InlineData("get", "/auth/callback")]
    [InlineData("get", "/me/connected-apps")]
    [InlineData("post", "/me/connected-apps/{id}/revoke")]
    public async Task EndpointsThatCallStytchDeclareItsOutagesAndTheRateLimit(string method, string path)
    {
        var operation = Operation(await LoadAsync(), method, path);

        AssertProblem(operation, "429");
        AssertProblem(operation, "502");
        AssertProblem(operation, "504");
    }

    [Theory]
    [InlineData("/auth/oauth/{provider}")]
    [InlineData("/auth/callback")]
    public async Task BrowserNavigationsDeclareTheirRedirect(string path) =>
        Assert.Contains("302", Operation(await LoadAsync(), "get", path).Responses!.Keys);

    [Fact]
    public async Task TheRevokeEndpointDocumentsItsAnswerAndEveryProblem()
    {
        var operation = Operation(await LoadAsync(), "post", "/me/connected-apps/{id}/revoke");

        var ack = operation.Responses!["200"].Content!["application/json"].Schema!;
        Assert.Equal(["request_id", "status_code"], ack.Properties!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(ParameterLocation.Path, Assert.Single(operation.Parameters!, p => p.Name == "id").In);
        foreach (var status in new[] { "400", "401", "403", "404", "429", "502", "503", "504" })
        {
            AssertProblem(operation, status);
        }
    }

    [Fact]
    public async Task ProbesAreDocumentedWithTheirAnswer()
    {
        var document = await LoadAsync();

        foreach (var path in new[] { "/healthz", "/readyz" })
        {
            var schema = Operation(document, "get", path).Responses!["200"].Content!["application/json"].Schema!;
            Assert.Equal(["checks", "status"], schema.Properties!.Keys.Order(StringComparer.Ordinal));
        }

        Assert.NotNull(Operation(document, "get", "/readyz").Responses!["503"].Content!["application/json"].Schema);
    }

    private async Task<OpenApiDocument> LoadAsync()
    {
        using var client = _factory.CreateSpaClient(csrf: false);
        using var response = await client.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var json = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
        var result = await OpenApiDocument.LoadAsync(json, "json", cancellationToken: TestContext.Current.CancellationToken);
        return result.Document ?? throw new InvalidOperationException("The document did not load.");
    }

    private static OpenApiOperation Operation(OpenApiDocument document, string method, string path)
    {
        Assert.True(document.Paths.TryGetValue(path, out var item), $"{path} is not in the document.");
        var operation = item!.Operations!.FirstOrDefault(o => o.Key.Method.Equals(method, StringComparison.OrdinalIgnoreCase)).Value;
        return operation ?? throw new Xunit.Sdk.XunitException($"{method} {path} is not in the document.");
    }

    private static void AssertProblem(OpenApiOperation operation, string status)
    {
        Assert.True(operation.Responses!.TryGetValue(status, out var response), $"No {status} response: {string.Join(", ", operation.Responses.Keys)}");
        var problem = Assert.Contains("application/problem+json", response!.Content!);
        Assert.Contains("title", problem.Schema!.Properties!.Keys);
    }
}
