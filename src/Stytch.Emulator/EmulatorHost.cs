using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Stytch.Emulator.ConnectedApps;
using Stytch.Emulator.Idp;
using Stytch.Emulator.Jwt;
using Stytch.Emulator.State;

namespace Stytch.Emulator;

/// <summary>
/// A running emulator on real Kestrel (loopback, a free port by default), for tests and benchmarks in the same process:
/// <code>
/// await using var stytch = await EmulatorHost.StartAsync(new EmulatorOptions());
/// // point the Stytch client at stytch.BaseUrl with stytch.Options.ProjectId / stytch.Options.Secret
/// </code>
/// </summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    /// <summary>Loopback, any free port.</summary>
    public const string AnyFreePort = "http://127.0.0.1:0";

    private readonly WebApplication _app;

    private EmulatorHost(WebApplication app, Uri baseUrl, EmulatorOptions options)
    {
        _app = app;
        BaseUrl = baseUrl;
        Options = options;
        Faults = app.Services.GetRequiredService<FaultInjector>();
        Calls = app.Services.GetRequiredService<CallLog>();
        Inbox = app.Services.GetRequiredService<MagicLinkInbox>();
        Clock = app.Services.GetRequiredService<EmulatorClock>();
    }

    /// <summary>The root URL, with a trailing slash, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; }

    public EmulatorOptions Options { get; }

    /// <summary>Failures to inject into upcoming calls.</summary>
    public FaultInjector Faults { get; }

    /// <summary>Every request received.</summary>
    public CallLog Calls { get; }

    /// <summary>The magic links "sent".</summary>
    public MagicLinkInbox Inbox { get; }

    /// <summary>The emulator's clock: <see cref="EmulatorClock.Advance"/> to expire JWTs, sessions and tokens.</summary>
    public EmulatorClock Clock { get; }

    /// <summary>The application's services (advanced use).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts an emulator. Options are validated; do not change them after start.</summary>
    public static Task<EmulatorHost> StartAsync(EmulatorOptions options, string url = AnyFreePort, CancellationToken ct = default) =>
        StartAsync(options, static _ => { }, url, ct);

    /// <summary>Starts an emulator, letting the caller adjust the builder first (e.g. send logs to test output).</summary>
    public static async Task<EmulatorHost> StartAsync(
        EmulatorOptions options, Action<WebApplicationBuilder> configure, string url = AnyFreePort, CancellationToken ct = default)
    {
        var app = StytchEmulatorApp.Build(options, [], url, configure);
        try
        {
            await app.StartAsync(ct);
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            return new EmulatorHost(app, new Uri(address.TrimEnd('/') + "/"), options);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>An HttpClient on <see cref="BaseUrl"/>, with the project's Basic credentials unless told otherwise. Dispose it.</summary>
    public HttpClient CreateClient(bool withCredentials = true)
    {
        var client = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        if (withCredentials)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Options.ProjectId + ":" + Options.Secret)));
        }

        return client;
    }

    /// <summary>The id of the user with this email (seed users get a random id unless <see cref="SeedUser.UserId"/> is set).</summary>
    public string? FindUserId(string email) => _app.Services.GetRequiredService<UserStore>().FindByEmail(email)?.UserId;

    /// <summary>Authorises a Connected App for a user (again), as if they had completed its consent flow.</summary>
    public void GrantConnectedApp(string userId, SeedConnectedApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var user = _app.Services.GetRequiredService<UserStore>().Find(userId)
            ?? throw new ArgumentException($"No user {userId}.", nameof(userId));
        user.Grant(ConnectedAppGrant.From(app));
    }

    /// <summary>
    /// Registers a Connected App client, as <c>POST /v1/connected_apps/clients</c> does (the id is minted unless
    /// <see cref="ConnectedAppClient.ClientId"/> names one). For a confidential client (<c>first_party</c>,
    /// <c>third_party</c>) the answer carries its secret, the only time it is shown (unless the caller set
    /// <see cref="ConnectedAppClient.ClientSecret"/>). Throws <see cref="ArgumentException"/> listing every problem.
    /// </summary>
    public RegisteredConnectedApp RegisterConnectedApp(ConnectedAppClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var (record, secret, problems) = _app.Services.GetRequiredService<ConnectedAppRegistry>().Register(client);
        return record is null
            ? throw new ArgumentException("Invalid Connected App client: " + string.Join(" ", problems), nameof(client))
            : new RegisteredConnectedApp(record.ClientId, secret);
    }

    /// <summary>
    /// Points discovery's <c>authorization_endpoint</c> at the consent page, when its URL is known only after the
    /// emulator started (e.g. a BFF on a free port). Starts as <see cref="EmulatorOptions.AuthorizationUrl"/>.
    /// </summary>
    public void SetAuthorizationUrl(Uri authorizationUrl)
    {
        ArgumentNullException.ThrowIfNull(authorizationUrl);
        if (!authorizationUrl.IsAbsoluteUri || (authorizationUrl.Scheme != Uri.UriSchemeHttp && authorizationUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("The authorization URL must be an absolute http(s) URL.", nameof(authorizationUrl));
        }

        _app.Services.GetRequiredService<IdpSettings>().AuthorizationUrl = authorizationUrl.AbsoluteUri;
    }

    /// <summary>The consent page's URL discovery advertises (see <see cref="SetAuthorizationUrl"/>); empty when none.</summary>
    public string AuthorizationUrl => _app.Services.GetRequiredService<IdpSettings>().AuthorizationUrl;

    /// <summary>
    /// Starts signing JWTs with a new key. The JWKS then serves the new and the previous key; a key rotated out twice
    /// no longer verifies. Returns the new key's <c>kid</c>.
    /// </summary>
    public string RotateSigningKey() => _app.Services.GetRequiredService<SigningKeys>().Rotate();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
