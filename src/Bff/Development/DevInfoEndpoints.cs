using Bff.Security;
using Bff.Stytch;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Bff.Development;

/// <summary>
/// <c>GET /dev/info</c>, mapped only in Development: what the demo SPA's login page shows a newcomer (which Stytch,
/// the emulator's inbox, the demo login), from the <c>Development</c> settings the dev host gives the BFF. In every
/// other environment the path is an ordinary 404.
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

    public static Ok<DevInfoResponse> GetInfo(IOptions<StytchOptions> stytch, IOptions<DevelopmentOptions> development, CancellationToken ct)
    {
        var dev = development.Value;
        var demo = dev.DemoLogin is { Email: { Length: > 0 } email } login ? new DevDemoLogin(email, login.Password ?? "") : null;
        return TypedResults.Ok(new DevInfoResponse(
            stytch.Value.EffectiveBaseUrl.AbsoluteUri, dev.Emulator, dev.InboxUrl?.AbsoluteUri, demo, dev.SampleConnectedAppUrl?.AbsoluteUri));
    }
}
