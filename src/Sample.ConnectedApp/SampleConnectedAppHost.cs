using Duende.IdentityModel.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Sample.ConnectedApp;

/// <summary>
/// Starts the sample Connected App in process (the Development first run and tests start it next to the emulator). It
/// reads no configuration files: everything it needs is passed in. The client is registered once the app listens, by
/// <c>register</c>, because the redirect URI (<c>{BaseAddress}callback</c>) names the port it got.
/// </summary>
public sealed class SampleConnectedAppHost : IAsyncDisposable
{
    /// <summary>
    /// Loopback by IP, any free port. Not <c>localhost</c>: cookies ignore the port, so an app on localhost would receive
    /// the BFF's cookies (and the BFF its own); 127.0.0.1 is another site.
    /// </summary>
    public const string AnyFreePort = "http://127.0.0.1:0";

    private readonly WebApplication _app;

    private SampleConnectedAppHost(WebApplication app, Uri baseAddress, ClientRegistration client)
    {
        _app = app;
        BaseAddress = baseAddress;
        Client = client;
    }

    /// <summary>Where it listens, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; }

    public ClientRegistration Client { get; }

    /// <summary>The redirect URI to register for an app listening at <paramref name="baseAddress"/>.</summary>
    public static Uri RedirectUriFor(Uri baseAddress) => new(baseAddress, "callback");

    /// <param name="settings">The identity provider and the scopes.</param>
    /// <param name="register">Registers the client for the given redirect URI (or returns a registration made before).</param>
    /// <param name="url">Where to listen; port 0 picks a free port.</param>
    /// <param name="configure">Adjusts the builder (logging, test doubles).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<SampleConnectedAppHost> StartAsync(
        SampleConnectedAppSettings settings,
        Func<Uri, CancellationToken, Task<ClientRegistration>> register,
        string url = AnyFreePort,
        Action<WebApplicationBuilder>? configure = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(register);
        var app = Build(settings, url, configure ?? (static _ => { }));
        try
        {
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            var baseAddress = new Uri(address.TrimEnd('/') + "/");
            var client = await register(RedirectUriFor(baseAddress), cancellationToken);
            app.Services.GetRequiredService<ClientRegistrationSlot>().Set(client);
            return new SampleConnectedAppHost(app, baseAddress, client);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    internal static WebApplication Build(SampleConnectedAppSettings settings, string url, Action<WebApplicationBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Issuer.Scheme != Uri.UriSchemeHttps && !settings.Issuer.IsLoopback)
        {
            throw new ArgumentException($"The issuer must use https (http only for an emulator on this machine); got '{settings.Issuer}'.", nameof(settings));
        }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(SampleConnectedAppHost).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().UseUrls(url);
        builder.Services.AddRoutingCore();
        builder.Services.AddLogging();
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ClientRegistrationSlot>();
        builder.Services.AddMemoryCache(o => o.SizeLimit = 10_000);
        builder.Services.AddSingleton<BrowserStates>();
        builder.Services.AddHttpClient(nameof(OAuthClient), http => http.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton<IDiscoveryCache>(sp => new DiscoveryCache(
            settings.Authority,
            () => sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(OAuthClient)),
            new DiscoveryPolicy
            {
                // Stytch's authorization endpoint is the consent page of the project's own app (the BFF), on another
                // host by design; every other endpoint must belong to the issuer.
                EndpointValidationExcludeList = { "authorization_endpoint" },
            })
        {
            CacheDuration = TimeSpan.FromMinutes(10),
        });
        builder.Services.AddTransient(sp => new OAuthClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(OAuthClient)),
            sp.GetRequiredService<IDiscoveryCache>(),
            settings,
            sp.GetRequiredService<TimeProvider>()));
        configure(builder);

        var app = builder.Build();
        app.Use(static (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            // The callback URL carries the code: never send it to another site as a Referer. Not no-referrer: under it
            // a browser sends "Origin: null" with the page's own form posts, which the Origin check must refuse.
            headers["Referrer-Policy"] = "same-origin";
            headers.CacheControl = "no-store";
            return next(context);
        });
        app.UseRouting();
        app.MapSampleConnectedApp();
        return app;
    }
}
