using System.Net.Http.Json;
using System.Net.Sockets;
using Bff.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Bff.Tests.Proxy;

/// <summary>
/// The BFF with its <c>ReverseProxy</c> configuration pointed, through <see cref="BffFactory.Settings"/>, at a
/// <see cref="RecordingUpstream"/> under the path prefix <c>/upstream/</c>. Routes:
/// <list type="bullet">
/// <item><c>/api/**</c>: the demo route of appsettings.json (token requirement User);</item>
/// <item><c>/optional/**</c> (UserOrNone), <c>/public/**</c> (None);</item>
/// <item><c>/admin-api/**</c>: authorization policy that needs a role nobody has;</item>
/// <item><c>/v2/**</c>: YARP transforms PathRemovePrefix /v2 and RequestHeader X-Api-Version: 2;</item>
/// <item><c>/nocopy/**</c>: RequestHeadersCopy false; <c>/keyed/**</c>: None, with a configured Authorization header;</item>
/// <item><c>/slow-api/**</c>: a cluster with a 1 s activity timeout; <c>/down/**</c>: a closed port;
/// <c>/nodest/**</c>: a cluster without destinations.</item>
/// </list>
/// </summary>
public sealed class ProxyBffFactory : BffFactory
{
    public const string AdminPolicy = "test-admins";

    public ProxyBffFactory(RecordingUpstream upstream)
    {
        UpstreamPrefix = new Uri(upstream.BaseAddress, "upstream/");
        var prefix = UpstreamPrefix.ToString();
        Settings["ReverseProxy:Clusters:sample-api:Destinations:sample-api-1:Address"] = prefix;
        Route("test-optional", "/optional/{**catch-all}", "sample-api", "UserOrNone");
        Route("test-public", "/public/{**catch-all}", "sample-api", "None");
        Route("test-admin", "/admin-api/{**catch-all}", "sample-api", "User");
        Settings["ReverseProxy:Routes:test-admin:AuthorizationPolicy"] = AdminPolicy;
        Route("test-v2", "/v2/{**catch-all}", "sample-api", "User");
        Settings["ReverseProxy:Routes:test-v2:Transforms:0:PathRemovePrefix"] = "/v2";
        Settings["ReverseProxy:Routes:test-v2:Transforms:1:RequestHeader"] = "X-Api-Version";
        Settings["ReverseProxy:Routes:test-v2:Transforms:1:Set"] = "2";
        Route("test-nocopy", "/nocopy/{**catch-all}", "sample-api", "User");
        Settings["ReverseProxy:Routes:test-nocopy:Transforms:0:RequestHeadersCopy"] = "false";
        Route("test-keyed", "/keyed/{**catch-all}", "sample-api", "None");
        Settings["ReverseProxy:Routes:test-keyed:Transforms:0:RequestHeader"] = "Authorization";
        Settings["ReverseProxy:Routes:test-keyed:Transforms:0:Set"] = "ApiKey key-for-the-upstream";
        Route("test-slow", "/slow-api/{**catch-all}", "test-slow", "None");
        Settings["ReverseProxy:Clusters:test-slow:HttpRequest:ActivityTimeout"] = "00:00:01";
        Settings["ReverseProxy:Clusters:test-slow:Destinations:d1:Address"] = prefix;
        Route("test-nodest", "/nodest/{**catch-all}", "test-nodest", "None");
        Settings["ReverseProxy:Clusters:test-nodest:LoadBalancingPolicy"] = "RoundRobin"; // a cluster without destinations
        Route("test-down", "/down/{**catch-all}", "test-down", "None");
        Settings["ReverseProxy:Clusters:test-down:Destinations:d1:Address"] = $"http://127.0.0.1:{ClosedPort()}/upstream/";
    }

    public Uri UpstreamPrefix { get; }

    /// <summary>A client that keeps no cookies, so a test controls the <c>Cookie</c> header exactly.</summary>
    public HttpClient CreateCookielessClient(bool csrf = true)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"),
            AllowAutoRedirect = false,
            HandleCookies = false,
        });
        if (csrf)
        {
            client.DefaultRequestHeaders.Add("X-CSRF", "1");
        }

        return client;
    }

    /// <summary>Logs <paramref name="user"/> in; returns the session cookie as <c>name=value</c> and the JWT Stytch issued.</summary>
    public async Task<(string Cookie, string Jwt)> LoginForSessionCookieAsync(TestUser user, CancellationToken ct)
    {
        var login = StytchShapes.Login(user, Clock.GetUtcNow());
        Stytch.On("POST", "/v1/passwords/authenticate", FakeReply.Json(login));
        using var client = CreateCookielessClient();
        using var response = await client.PostAsJsonAsync("/auth/password", new { email = user.Email, password = user.Password }, ct);
        response.EnsureSuccessStatusCode();
        var setCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-bff-session=", StringComparison.Ordinal));
        return (setCookie.Split(';')[0], System.Text.Json.JsonDocument.Parse(login).RootElement.GetProperty("session_jwt").GetString()!);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
            services.AddAuthorizationBuilder().AddPolicy(AdminPolicy, policy => policy.RequireRole("admin")));
    }

    private void Route(string id, string path, string cluster, string tokenRequirement)
    {
        Settings[$"ReverseProxy:Routes:{id}:ClusterId"] = cluster;
        Settings[$"ReverseProxy:Routes:{id}:Match:Path"] = path;
        Settings[$"ReverseProxy:Routes:{id}:Metadata:Bff.TokenRequirement"] = tokenRequirement;
    }

    /// <summary>A loopback port nothing listens on (bound once by the OS, then released).</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
