using System.Net.Http.Json;
using Bff.Stytch;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http;
using Serilog.Core;

namespace Bff.Tests.Infrastructure;

/// <summary>
/// The BFF on the test server, with Stytch replaced by <see cref="FakeStytch"/>. Any other outgoing HTTP call made
/// through IHttpClientFactory fails loudly. Logs are captured; time can be shifted; Data Protection keys are ephemeral.
/// </summary>
public class BffFactory : WebApplicationFactory<Program>
{
    public const string PublicOrigin = "https://app.example.test";

    public FakeStytch Stytch { get; } = new();

    public CapturedLogs Logs { get; } = new();

    public TestClock Clock { get; } = new();

    /// <summary>
    /// True (default): the Stytch client's handler is <see cref="Stytch"/>. False: the Stytch client keeps its real
    /// socket handler and goes where <c>Stytch:BaseUrl</c> points (an emulator on loopback). Set before the first client.
    /// </summary>
    public bool UseFakeStytch { get; set; } = true;

    /// <summary>Configuration on top of appsettings.json; change before the first client is created.</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Stytch:ProjectId"] = FakeStytch.ProjectId,
        ["Stytch:Secret"] = FakeStytch.Secret,
        ["Stytch:BaseUrl"] = FakeStytch.BaseUrl.ToString(),
        ["Stytch:PublicToken"] = "public-token-test-fake",
        ["Stytch:AttemptTimeout"] = "00:00:01",
        ["Stytch:TotalTimeout"] = "00:00:03",
        ["Bff:PublicOrigin"] = PublicOrigin,
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(Settings));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<ILogEventSink>(Logs);
            services.AddSingleton<TimeProvider>(Clock);
            services.AddDataProtection().UseEphemeralDataProtectionProvider();
            services.AddSingleton<IHttpMessageHandlerBuilderFilter>(new OutgoingHttpFilter(UseFakeStytch ? Stytch : null));
        });
    }

    protected override IHost CreateHost(IHostBuilder builder) => HostStartGate.Start(base.CreateHost, builder);

    /// <summary>A browser-like client: https, cookies kept, redirects not followed, <c>X-CSRF: 1</c> on every request.</summary>
    public HttpClient CreateSpaClient(bool csrf = true)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"),
            AllowAutoRedirect = false,
            HandleCookies = true,
        });
        if (csrf)
        {
            client.DefaultRequestHeaders.Add("X-CSRF", "1");
        }

        return client;
    }

    /// <summary>Registers a Stytch password login for <paramref name="user"/> and logs in; returns the client holding the cookie.</summary>
    public async Task<HttpClient> LoginAsync(TestUser user, CancellationToken ct)
    {
        Stytch.On("POST", "/v1/passwords/authenticate", FakeReply.Json(StytchShapes.Login(user, Clock.GetUtcNow())));
        var client = CreateSpaClient();
        var response = await client.PostAsJsonAsync("/auth/password", new { email = user.Email, password = user.Password }, ct);
        response.EnsureSuccessStatusCode();
        return client;
    }

    private sealed class OutgoingHttpFilter(FakeStytch? stytch) : IHttpMessageHandlerBuilderFilter
    {
        public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next) => builder =>
        {
            next(builder);
            if (builder.Name != nameof(StytchClient))
            {
                builder.PrimaryHandler = new FailLoudlyHandler(builder.Name);
            }
            else if (stytch is not null)
            {
                builder.PrimaryHandler = stytch;
            }
        };
    }

    private sealed class FailLoudlyHandler(string? clientName) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"Unexpected outgoing HTTP call from client '{clientName}': {request.Method} {request.RequestUri}");
    }
}
