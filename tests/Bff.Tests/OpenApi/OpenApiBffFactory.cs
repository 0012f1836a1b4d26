using Bff.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace Bff.Tests.OpenApi;

/// <summary>The BFF in a chosen environment (Stytch settings given, so Development does not start the emulator).</summary>
public sealed class OpenApiBffFactory(string environment, bool? openApiEnabled) : BffFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (openApiEnabled is { } enabled)
        {
            Settings["Bff:OpenApi:Enabled"] = enabled ? "true" : "false";
        }

        base.ConfigureWebHost(builder);
        builder.UseEnvironment(environment);
    }
}
