using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Bff.BrowserTests.Infrastructure;

/// <summary>
/// Stands in, inside the browser, for the BFF's two consent endpoints (<c>POST /me/oauth/authorize/start</c> and
/// <c>POST /me/oauth/authorize</c>), answering exactly what a test sets, so the consent page's own behaviour can be
/// pinned case by case (errors, HTML in names, logos, a redirect URI that must not be followed). The journey tests use
/// the real BFF and emulator instead. Every intercepted request is recorded with its headers and JSON body.
/// </summary>
public sealed class ConsentEndpointsDouble
{
    public const string StartPath = "/me/oauth/authorize/start";
    public const string AuthorizePath = "/me/oauth/authorize";

    private readonly ConcurrentQueue<Intercepted> _requests = new();

    /// <summary>The answer to authorize/start: status and JSON.</summary>
    public (int Status, JsonNode Body) Start { get; set; } = (200, StartAnswer());

    /// <summary>The answer to authorize: status and JSON.</summary>
    public (int Status, JsonNode Body) Authorize { get; set; } = (200, new JsonObject
    {
        ["status_code"] = 200,
        ["request_id"] = "request-id-test-authorize",
        ["redirect_uri"] = "https://client.example/callback?code=code-test-123&state=state-test-1",
    });

    public IReadOnlyList<Intercepted> Requests => [.. _requests];

    public static async Task<ConsentEndpointsDouble> InstallAsync(IBrowserContext context)
    {
        var double_ = new ConsentEndpointsDouble();
        await context.RouteAsync("**" + StartPath, route => double_.AnswerAsync(route, () => double_.Start));
        await context.RouteAsync("**" + AuthorizePath, route => double_.AnswerAsync(route, () => double_.Authorize));
        return double_;
    }

    /// <summary>A start answer for a third-party app asking for openid, email and one scope the user cannot grant.</summary>
    public static JsonObject StartAnswer(
        string name = "Acme Notes",
        string description = "Takes notes for you.",
        string type = "third_party",
        string? logoUrl = null,
        bool consentRequired = true) => new()
        {
            ["status_code"] = 200,
            ["request_id"] = "request-id-test-start",
            ["client"] = new JsonObject
            {
                ["client_id"] = "connected-app-test-acme",
                ["client_name"] = name,
                ["client_description"] = description,
                ["client_type"] = type,
                ["logo_url"] = logoUrl,
            },
            ["consent_required"] = consentRequired,
            ["scope_results"] = new JsonArray
            {
                new JsonObject { ["scope"] = "openid", ["description"] = "Know who you are.", ["is_grantable"] = true },
                new JsonObject { ["scope"] = "email", ["description"] = "See your email address.", ["is_grantable"] = true },
                new JsonObject { ["scope"] = "admin:all", ["description"] = "Administer everything.", ["is_grantable"] = false },
            },
        };

    public static JsonObject Problem(int status, string errorType, string message) => new()
    {
        ["type"] = "https://stytch.com/docs/api/errors/" + status,
        ["title"] = message,
        ["status"] = status,
        ["status_code"] = status,
        ["error_type"] = errorType,
        ["error_message"] = message,
        ["request_id"] = "request-id-test-problem",
    };

    private async Task AnswerAsync(IRoute route, Func<(int Status, JsonNode Body)> answer)
    {
        var request = route.Request;
        var body = request.PostData is { } data ? JsonNode.Parse(data)?.AsObject() : null;
        _requests.Enqueue(new Intercepted(new Uri(request.Url).AbsolutePath, request.Method, await request.AllHeadersAsync(), body));
        var (status, json) = answer();
        await route.FulfillAsync(new RouteFulfillOptions
        {
            Status = status,
            ContentType = status >= 400 ? "application/problem+json" : "application/json",
            Body = json.ToJsonString(new JsonSerializerOptions()),
        });
    }

    public sealed record Intercepted(string Path, string Method, Dictionary<string, string> Headers, JsonObject? Body);
}
