using Bff.Sessions;
using Serilog;
using Serilog.Events;

namespace Bff.Hosting;

public static class LoggingExtensions
{
    /// <summary>
    /// Serilog, configured from the <c>Serilog</c> section as its maintainers document it. The app's logger lives in
    /// DI and the static <see cref="Log.Logger"/> stays the bootstrap logger (used only for start-up failures): a
    /// process-wide logger shared by several hosts (tests, or any in-process host) would race on the bootstrap
    /// logger's one-time freeze and mix their events.
    /// </summary>
    public static WebApplicationBuilder AddBffLogging(this WebApplicationBuilder builder)
    {
        builder.Services.AddSerilog(
            (services, logger) => logger
                .ReadFrom.Configuration(builder.Configuration)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext()
                .Filter.ByExcluding(e => IsReportedStartupFailure(e) || IsHostRequestEvent(e)),
            preserveStaticLogger: true);
        return builder;
    }

    /// <summary>
    /// The host's own "Hosting failed to start" event, when the cause is only invalid configuration: Program.cs reports
    /// that as one clean message naming every key (<see cref="StartupFailure"/>), without the host's stack trace.
    /// </summary>
    private static bool IsReportedStartupFailure(LogEvent e) =>
        e.Exception is { } exception
        && e.Properties.TryGetValue("SourceContext", out var source) && source is ScalarValue { Value: "Microsoft.Extensions.Hosting.Internal.Host" }
        && StartupFailure.ConfigurationFailures(exception) is not null;

    /// <summary>
    /// One event per request (method, path, status, elapsed, user id when known). The BFF request id comes first so
    /// that every line, including this one, carries it; health probes log at Verbose.
    /// </summary>
    public static IApplicationBuilder UseBffRequestLogging(this IApplicationBuilder app)
    {
        app.UseMiddleware<RequestIdMiddleware>();
        return app.UseSerilogRequestLogging(options =>
        {
            // The host's own logger, not the static one (see AddBffLogging).
            options.Logger = app.ApplicationServices.GetRequiredService<Serilog.ILogger>();
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

    /// <summary>
    /// The host's own "Request starting/finished" events: they carry the full query string, which on /auth/callback
    /// is a single-use login token. The Serilog request log (path only, below) replaces them.
    /// </summary>
    private static bool IsHostRequestEvent(LogEvent e) =>
        e.Properties.TryGetValue("SourceContext", out var source) && source is ScalarValue { Value: "Microsoft.AspNetCore.Hosting.Diagnostics" }
        && e.Properties.TryGetValue("EventId", out var eventId) && eventId is StructureValue id
        && id.Properties.FirstOrDefault(p => p.Name == "Id")?.Value is ScalarValue { Value: 1 or 2 };
}
