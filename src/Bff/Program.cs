using Bff.Auth;
using Bff.Hosting;
using Bff.Me;
using Bff.Redis;
using Bff.Security;
using Bff.Sessions;
using Bff.Stytch;
using Serilog;

Log.Logger = new LoggerConfiguration().WriteTo.Console().CreateBootstrapLogger();

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddLinkedAppSettings();
    builder.AddBffLogging();

    builder.Services.AddBffHosting();
    builder.Services.AddBffProxySupport();
    builder.Services.AddBffHealth();
    builder.Services.AddBffSecurity();
    builder.Services.AddStytch();
    builder.AddBffRedis();
    builder.Services.AddBffSessions();
    builder.Services.AddAuthFlows();

    var app = builder.Build();

    app.UseBffProxySupport();
    app.UseBffRequestLogging();
    app.UseBffErrorHandling();
    app.UseBffHealthChecks();
    app.UseRouting();
    app.UseCsrfProtection();
    app.UseAuthentication();
    app.UseSessionFreshness();
    app.UseAuthorization();

    app.MapAuth();
    app.MapMe();

    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is not HostAbortedException)
{
    Log.Fatal(ex, "The BFF could not start: {Reason}", ex.Message);
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}
