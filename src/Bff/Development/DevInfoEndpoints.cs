using Bff.Security;
using Bff.Stytch;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Bff.Development;

/// <summary>
/// <c>GET /dev/info</c>, mapped only in Development: what the demo SPA's login page shows a newcomer (which Stytch,
/// the emulator's inbox, the demo login). In every other environment the path is an ordinary 404.
/// </summary>
public static class DevInfoEndpoints
{
    public static IEndpointRouteBuilder MapDevInfo(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<IHostEnvironment>().IsDevelopment())
        {
            app.MapGet("/dev/info", GetInfo).RequireCsrf().WithTags("Development").ExcludeFromDescription();
        }

        return app;
    }

    public static Ok<DevInfoResponse> GetInfo(IOptions<StytchOptions> stytch, [FromServices] DevelopmentEmulator? emulator, CancellationToken ct)
    {
        var demo = emulator?.DemoUser;
        return TypedResults.Ok(new DevInfoResponse(
            stytch.Value.EffectiveBaseUrl.AbsoluteUri,
            emulator is not null,
            emulator?.InboxUrl.AbsoluteUri,
            demo is null ? null : new DevDemoLogin(demo.Email, demo.Password ?? "")));
    }
}
