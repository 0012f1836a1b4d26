using System.Net;
using Bff.Spa;
using Bff.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Bff.Tests.Spa;

public sealed class SecurityHeadersTests : IAsyncLifetime
{
    private const string ThrowPath = "/auth/__test-throws";
    private readonly ThrowingBffFactory _factory = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    public static TheoryData<string, string, HttpStatusCode> EveryKindOfResponse => new()
    {
        { "GET", "/", HttpStatusCode.OK },                           // index.html
        { "GET", "/account", HttpStatusCode.OK },                    // client-side route fallback
        { "GET", "/app.css", HttpStatusCode.OK },                    // static file
        { "GET", "/js/app.js", HttpStatusCode.OK },                  // static module
        { "GET", "/me", HttpStatusCode.Unauthorized },               // problem+json from the cookie events
        { "GET", "/me/nothing-here", HttpStatusCode.NotFound },      // problem+json from status code pages
        { "GET", "/api/hello", HttpStatusCode.Unauthorized },        // problem+json from the proxy (no session)
        { "POST", "/account", HttpStatusCode.NotFound },             // problem+json from the fallback
        { "GET", "/auth/oauth/google", HttpStatusCode.Redirect },    // the OAuth start redirect
        { "GET", ThrowPath, HttpStatusCode.InternalServerError },    // problem+json from the exception handler
    };

    [Theory]
    [MemberData(nameof(EveryKindOfResponse))]
    public async Task EveryResponseCarriesTheBrowserSecurityHeaders(string method, string path, HttpStatusCode expected)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = _factory.CreateSpaClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), ct);

        Assert.Equal(expected, response.StatusCode);
        foreach (var (name, value) in SecurityHeadersMiddleware.All)
        {
            Assert.True(response.Headers.TryGetValues(name, out var values), $"{method} {path}: header {name} is missing");
            Assert.Equal([value], values);
        }
    }

    [Fact]
    public async Task TheContentSecurityPolicyAllowsNoInlineScriptAndNoFraming()
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await _factory.CreateSpaClient().GetAsync("/", ct);

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        var directives = csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d[(d.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
        Assert.Equal("'self'", directives["default-src"]);
        Assert.Equal("'self'", directives["script-src"]);
        Assert.Equal("'self'", directives["style-src"]);
        Assert.Equal("'self'", directives["connect-src"]);
        Assert.Equal("'self' data: https:", directives["img-src"]); // a Connected App's https logo_url, never http:
        Assert.Equal("'none'", directives["frame-ancestors"]);
        Assert.Equal("'none'", directives["base-uri"]);
        Assert.Equal("'self'", directives["form-action"]);
        Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    /// <summary>The BFF plus one path that throws, to prove the exception handler (which clears headers) keeps them.</summary>
    private sealed class ThrowingBffFactory : BffFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddTransient<IStartupFilter, ThrowingPathStartupFilter>());
        }
    }

    private sealed class ThrowingPathStartupFilter : IStartupFilter
    {
        // Appended after the app's own pipeline: reached only for paths no endpoint matched, inside its exception handler.
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((HttpContext context, RequestDelegate following) =>
                context.Request.Path == ThrowPath ? throw new InvalidOperationException("Test failure") : following(context));
        };
    }
}
