using System.Net;
using System.Net.Http.Json;
using Bff.Sessions;
using Bff.Stytch;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using Serilog.Core;

namespace Bff.Tests.Infrastructure;

/// <summary>
/// The BFF on the test server, with Stytch replaced by <see cref="FakeStytch"/>. Any other outgoing HTTP call made
/// through IHttpClientFactory fails loudly. Logs are captured; time can be shifted; Data Protection keys are ephemeral
/// unless <see cref="EphemeralDataProtection"/> is turned off (instances sharing a key ring in Redis).
/// </summary>
public class BffFactory : WebApplicationFactory<Program>
{
    public const string PublicOrigin = "https://app.example.test";
    public static readonly Uri SpaBaseAddress = new("https://localhost");

    private int _requestsStarted;

    public FakeStytch Stytch { get; } = new();

    /// <summary>
    /// True (default): Data Protection keys live only in this factory's memory. False: the app's own configuration
    /// decides (with <c>Redis:Configuration</c>, the key ring shared through Redis). Set before the first client.
    /// </summary>
    public bool EphemeralDataProtection { get; set; } = true;

    /// <summary>
    /// True: the header <see cref="RemoteIpStartupFilter.HeaderName"/> sets the connection's remote address, as a load
    /// balancer's address would be seen by the app (the test server has none). Set before the first client.
    /// </summary>
    public bool RemoteIpFromTestHeader { get; set; }

    public CapturedLogs Logs { get; } = new();

    public TestClock Clock { get; } = new();

    /// <summary>
    /// True (default): the Stytch client's handler is <see cref="Stytch"/>. False: the Stytch client keeps its real
    /// socket handler and goes where <c>Stytch:BaseUrl</c> points (an emulator on loopback). Set before the first client.
    /// </summary>
    public bool UseFakeStytch { get; set; } = true;

    /// <summary>How many requests have entered the pipeline (counted before any of the app's middleware).</summary>
    public int RequestsStarted => Volatile.Read(ref _requestsStarted);

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
        // The limiter stays in the pipeline, but high enough that tests logging in many times are not refused.
        ["RateLimiting:PermitLimit"] = "10000",
        ["RateLimiting:LoginPermitLimitPerAddress"] = "10000",
        ["RateLimiting:LoginPermitLimitPerEmail"] = "10000",

        // Every event still reaches Logs; the console (appsettings.json's sink) only gets what would stop a test run.
        ["Serilog:WriteTo:Console:Args:restrictedToMinimumLevel"] = "Fatal",
    };

    /// <summary>The session cookie's name as the app is configured.</summary>
    public string SessionCookieName => Services.GetRequiredService<IOptions<BffSessionOptions>>().Value.CookieName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Settings)
        {
            if (value is not null)
            {
                // Also seen by builder.Configuration while Program.cs registers services (e.g. Redis or in memory).
                builder.UseSetting(key, value);
            }
        }

        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(Settings));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<ILogEventSink>(Logs);
            services.AddSingleton<TimeProvider>(Clock);
            if (EphemeralDataProtection)
            {
                services.AddDataProtection().UseEphemeralDataProtectionProvider();
            }

            if (RemoteIpFromTestHeader)
            {
                services.AddSingleton<IStartupFilter, RemoteIpStartupFilter>();
            }

            services.AddSingleton<IHttpMessageHandlerBuilderFilter>(new OutgoingHttpFilter(UseFakeStytch ? Stytch : null));
            services.AddSingleton<IStartupFilter>(new CountRequests(() => Interlocked.Increment(ref _requestsStarted)));
        });
    }

    protected override IHost CreateHost(IHostBuilder builder) => HostStartGate.Start(base.CreateHost, builder);

    /// <summary>A browser-like client: https, cookies kept, redirects not followed, <c>X-CSRF: 1</c> on every request.</summary>
    public HttpClient CreateSpaClient(bool csrf = true) => CreateSpaClient(new CookieContainer(), csrf);

    /// <summary>As <see cref="CreateSpaClient(bool)"/>, with a cookie jar the test can look into.</summary>
    public HttpClient CreateSpaClient(CookieContainer cookies, bool csrf = true)
    {
        var client = CreateDefaultClient(SpaBaseAddress, new CookieContainerHandler(cookies));
        if (csrf)
        {
            client.DefaultRequestHeaders.Add("X-CSRF", "1");
        }

        return client;
    }

    /// <summary>Registers a Stytch password login for <paramref name="user"/> and logs in; returns the client holding the cookie.</summary>
    public Task<HttpClient> LoginAsync(TestUser user, CancellationToken ct) => LoginAsync(user, new CookieContainer(), ct);

    /// <summary>As <see cref="LoginAsync(TestUser, CancellationToken)"/>, keeping the cookie in <paramref name="cookies"/>.</summary>
    public async Task<HttpClient> LoginAsync(TestUser user, CookieContainer cookies, CancellationToken ct)
    {
        Stytch.On("POST", "/v1/passwords/authenticate", FakeReply.Json(StytchShapes.Login(user, Clock.GetUtcNow())));
        var client = CreateSpaClient(cookies);
        var response = await client.PostAsJsonAsync("/auth/password", new { email = user.Email, password = user.Password }, ct);
        response.EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>The session cookie's value in <paramref name="cookies"/>, or null.</summary>
    public string? SessionCookieValue(CookieContainer cookies) => cookies.GetCookies(SpaBaseAddress)[SessionCookieName]?.Value;

    /// <summary>The server-side session key a cookie value points at (the cookie is a Data-Protected reference to it).</summary>
    public string? SessionKeyOf(string cookieValue)
    {
        var cookie = Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(SessionTicket.Scheme);
        var ticket = cookie.TicketDataFormat.Unprotect(cookieValue);
        return ticket?.Principal.FindFirst("Microsoft.AspNetCore.Authentication.Cookies-SessionId")?.Value;
    }

    /// <summary>The raw (protected) bytes stored for a session key, or null when the store has no entry.</summary>
    public Task<byte[]?> StoredSessionAsync(string key, CancellationToken ct) =>
        Services.GetRequiredService<IDistributedCache>().GetAsync(DistributedTicketStore.KeyPrefix + key, ct);

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

    private sealed class CountRequests(Action count) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate nextMiddleware) =>
            {
                count();
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
