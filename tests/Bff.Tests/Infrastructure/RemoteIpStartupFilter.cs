using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Bff.Tests.Infrastructure;

/// <summary>
/// Runs before the app's pipeline: the test header <see cref="HeaderName"/> becomes the connection's remote address
/// (what a load balancer's or a client's address looks like to the app; the test server sets none).
/// </summary>
public sealed class RemoteIpStartupFilter : IStartupFilter
{
    public const string HeaderName = "X-Test-Remote-Ip";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (System.Net.IPAddress.TryParse(context.Request.Headers[HeaderName], out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}
