using Bff.Sessions;
using Serilog;
using Serilog.Events;

namespace Bff.Hosting;

public static class LoggingExtensions
{
    /// <summary>Serilog, configured from the <c>Serilog</c> section as its maintainers document it.</summary>
    public static WebApplicationBuilder AddBffLogging(this WebApplicationBuilder builder)
    {
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext());
        return builder;
    }

    /// <summary>
    /// One event per request (method, path, status, elapsed, user id when known). The BFF request id comes first so
    /// that every line, including this one, carries it; health probes log at Verbose.
    /// </summary>
    public static IApplicationBuilder UseBffRequestLogging(this IApplicationBuilder app)
    {
        app.UseMiddleware<RequestIdMiddleware>();
        return app.UseSerilogRequestLogging(options =>
        {
            options.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";
            options.GetLevel = (context, _, exception) =>
                exception is not null || context.Response.StatusCode >= 500 ? LogEventLevel.Error
                : context.Request.Path.StartsWithSegments("/healthz") || context.Request.Path.StartsWithSegments("/readyz") ? LogEventLevel.Verbose
                : LogEventLevel.Information;
            options.EnrichDiagnosticContext = (diagnostics, context) =>
            {
                diagnostics.Set("ClientIp", context.Connection.RemoteIpAddress?.ToString());
                if (context.Features.Get<BffSession>() is { } session)
                {
                    diagnostics.Set("StytchUserId", session.UserId.Value);
                }
            };
        });
    }
}
