using Bff.Stytch;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Bff.Development;

/// <summary>
/// In Development, once the server listens, says in plain words where the app is and which Stytch it talks to; on
/// the emulator (the dev host's first run) also the demo login and the magic-link inbox. Nothing is logged in other
/// environments.
/// </summary>
internal sealed partial class DevelopmentBanner(
    IHostEnvironment environment,
    IHostApplicationLifetime lifetime,
    IServer server,
    IOptions<StytchOptions> stytch,
    IOptions<DevelopmentOptions> development,
    ILogger<DevelopmentBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (environment.IsDevelopment())
        {
            lifetime.ApplicationStarted.Register(Write);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Write()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var app = addresses.FirstOrDefault(a => a.StartsWith("http://localhost", StringComparison.Ordinal)) ?? addresses.FirstOrDefault() ?? "(no address)";
        var options = stytch.Value;
        var dev = development.Value;
        if (!dev.Emulator)
        {
            Log.RealStytch(logger, app, options.EffectiveBaseUrl.AbsoluteUri, options.ProjectId ?? "(none)");
            return;
        }

        Log.AppUrl(logger, app);
        if (dev.DemoLogin is { Email: { Length: > 0 } email } demo)
        {
            Log.DemoLogin(logger, email, demo.Password ?? "");
        }

        if (dev.InboxUrl is { } inbox)
        {
            Log.Inbox(logger, inbox.AbsoluteUri);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9001, EventName = "DevelopmentAppUrl", Level = LogLevel.Information,
            Message = "The demo app is at {AppUrl}: open it in a browser")]
        public static partial void AppUrl(ILogger logger, string appUrl);

        [LoggerMessage(EventId = 9003, EventName = "DevelopmentDemoLogin", Level = LogLevel.Information,
            Message = "Demo login (emulator seed user): {DemoEmail} / {DemoPassword}")]
        public static partial void DemoLogin(ILogger logger, string demoEmail, string demoPassword);

        [LoggerMessage(EventId = 9004, EventName = "DevelopmentInbox", Level = LogLevel.Information,
            Message = "Magic-link emails land in the emulator inbox: {InboxUrl}")]
        public static partial void Inbox(ILogger logger, string inboxUrl);

        [LoggerMessage(EventId = 9005, EventName = "DevelopmentRealStytch", Level = LogLevel.Information,
            Message = "The demo app is at {AppUrl}; the BFF talks to Stytch at {StytchBaseUrl} (project {StytchProjectId})")]
        public static partial void RealStytch(ILogger logger, string appUrl, string stytchBaseUrl, string stytchProjectId);
    }
}
