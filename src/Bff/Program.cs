using Bff.Auth;
using Bff.Development;
using Bff.Hosting;
using Bff.Me;
using Bff.Proxy;
using Bff.RateLimiting;
using Bff.Redis;
using Bff.Security;
using Bff.Sessions;
using Bff.Spa;
using Bff.Stytch;
using Serilog;

Log.Logger = new LoggerConfiguration().WriteTo.Console().CreateBootstrapLogger();

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddLinkedAppSettings();
    builder.AddConfigDirectory();
    builder.AddBffLogging();

    builder.Services.AddBffHosting();
    builder.Services.AddDevelopmentInfo();
    builder.Services.AddBffBehindLoadBalancer();
    builder.Services.AddBffHealth();
    builder.Services.AddBffSecurity();
    builder.Services.AddStytch();
    builder.AddBffRedis();
    builder.Services.AddBffSessions();
    builder.Services.AddAuthFlows();
    builder.Services.AddBffProxy(builder.Configuration);
    builder.Services.AddBffRateLimiting();

    var app = builder.Build();

    app.UseBffBehindLoadBalancer();
    app.UseSecurityHeaders();
    app.UseBffRequestLogging();
    app.UseBffErrorHandling();
    app.UseBffHealthChecks();
    app.UseAllowedHosts();
    app.UseSpaStaticFiles();
    app.UseRouting();
    app.UseSpaFallback();
    app.UseCsrfProtection();
    app.UseUtf8JsonBodies();
    app.UseAuthentication();
    app.UseSessionFreshness();
    app.UseAuthorization();
    app.UseBffRateLimiting();

    app.MapAuth();
    app.MapMe();
    app.MapDevInfo();
    app.MapBffProxy();

    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is not HostAbortedException)
{
    StartupFailure.Report(Log.Logger, ex);
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}
