using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Sample.Api;

/// <summary>
/// Starts the sample API in process (for the BFF's Development run and for tests). It reads no configuration files:
/// everything it needs is passed in.
/// </summary>
public sealed class SampleApiHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SampleApiHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>Where it listens, e.g. http://127.0.0.1:41234/ (the real port when started on port 0).</summary>
    public Uri BaseAddress { get; }

    /// <param name="stytchBaseUrl">Stytch's API base URL (or the emulator's): the JWKS is fetched from <c>{base}/v1/sessions/jwks/{projectId}</c>.</param>
    /// <param name="projectId">The Stytch project id: the JWT's audience, and part of its issuer.</param>
    /// <param name="url">Where to listen; port 0 picks a free port.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<SampleApiHost> StartAsync(Uri stytchBaseUrl, string projectId, string url = "http://127.0.0.1:0", CancellationToken cancellationToken = default)
    {
        var app = Build(stytchBaseUrl, projectId, url, consoleLogging: false);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Urls.First();
        return new SampleApiHost(app, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    internal static WebApplication Build(Uri stytchBaseUrl, string projectId, string url, bool consoleLogging)
    {
        ArgumentNullException.ThrowIfNull(stytchBaseUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(projectId);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(SampleApiHost).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().UseUrls(url);
        if (consoleLogging)
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }

        builder.Services.AddRoutingCore();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddStytchSessionJwt(stytchBaseUrl, projectId);
        builder.Services.AddAuthorization();

        var app = builder.Build();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapSampleApi();
        return app;
    }
}
