using Bff.Sessions;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bff.Tests.Sessions;

/// <summary>The session options and the final cookie options are validated, with messages naming what to fix.</summary>
public sealed class SessionOptionsTests
{
    [Theory]
    [InlineData("Session:CookieName", "bff-session")]
    [InlineData("Session:CookieName", "__Secure-bff")]
    [InlineData("Session:SameSite", "None")]
    [InlineData("Session:IdleTimeout", "00:00:10")]
    [InlineData("Session:MaxStaleness", "-00:00:01")]
    public void AnInvalidSessionSettingThrowsAnOptionsValidationExceptionNamingTheKey(string key, string value)
    {
        using var services = Services(new() { [key] = value });

        var exception = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<BffSessionOptions>>().Value);

        Assert.Contains(key, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("domain")]
    [InlineData("path")]
    [InlineData("secure")]
    [InlineData("httponly")]
    public void CodeThatBreaksTheHostPrefixRulesOnTheFinalCookieIsRefused(string change)
    {
        using var services = Services([], s => s.PostConfigure<CookieAuthenticationOptions>(SessionTicket.Scheme, o =>
        {
            switch (change)
            {
                case "domain": o.Cookie.Domain = "example.com"; break;
                case "path": o.Cookie.Path = "/app"; break;
                case "secure": o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest; break;
                default: o.Cookie.HttpOnly = false; break;
            }
        }));

        var exception = Assert.Throws<OptionsValidationException>(() =>
            services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(SessionTicket.Scheme));

        Assert.Contains(change == "httponly" ? "HttpOnly" : change == "secure" ? "Secure" : change == "path" ? "Path=/" : "Domain", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDefaultsAreValid()
    {
        using var services = Services([]);

        var cookie = services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(SessionTicket.Scheme).Cookie;

        Assert.Equal("__Host-bff-session", cookie.Name);
        Assert.Equal(Microsoft.AspNetCore.Http.SameSiteMode.Strict, cookie.SameSite);
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings, Action<IServiceCollection>? more = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging();
        services.AddBffSessions();
        more?.Invoke(services);
        return services.BuildServiceProvider();
    }
}
