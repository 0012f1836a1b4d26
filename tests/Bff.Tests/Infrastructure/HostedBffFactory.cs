using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog.Core;

namespace Bff.Tests.Infrastructure;

/// <summary>
/// The BFF as a developer starts it: a chosen environment, settings given as host settings (visible to Program.cs
/// before <c>Build()</c>, like environment variables), and no Stytch double: Stytch is whatever the app decides.
/// </summary>
public sealed class HostedBffFactory(string environment, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<ILogEventSink>(Logs);
            services.AddDataProtection().UseEphemeralDataProtectionProvider();
        });
    }

    protected override IHost CreateHost(IHostBuilder builder) => HostStartGate.Start(base.CreateHost, builder);

    /// <summary>A browser-like client: https, cookies kept, redirects not followed, <c>X-CSRF: 1</c>.</summary>
    public HttpClient CreateSpaClient()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"),
            AllowAutoRedirect = false,
            HandleCookies = true,
        });
        client.DefaultRequestHeaders.Add("X-CSRF", "1");
        return client;
    }
}
