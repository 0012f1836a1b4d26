namespace Sample.ConnectedApp;

/// <summary>
/// Runs the sample Connected App on its own, against a client registered beforehand (in the Stytch dashboard, redirect
/// URL <c>{Urls}/callback</c>):
/// <c>dotnet run --project src/Sample.ConnectedApp -- --ConnectedApp:Issuer=https://{project-domain}
/// --ConnectedApp:ClientId=connected-app-test-... --ConnectedApp:ClientSecret=... --Urls=http://127.0.0.1:5090</c>
/// (or environment variables <c>ConnectedApp__Issuer</c>, ...). Not top-level statements: test projects reference
/// several web projects.
/// </summary>
public static class Program
{
    public const string DefaultUrl = "http://127.0.0.1:5090";

    public static async Task<int> Main(string[] args)
    {
        var config = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
        var clientId = config["ConnectedApp:ClientId"];
        var url = config["Urls"] ?? DefaultUrl;
        if (!Uri.TryCreate(config["ConnectedApp:Issuer"], UriKind.Absolute, out var issuer) || string.IsNullOrWhiteSpace(clientId)
            || !Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var baseAddress))
        {
            await Console.Error.WriteLineAsync(
                "Set ConnectedApp:Issuer (your Stytch project domain, e.g. https://example.customers.stytch.dev, or the emulator's URL), " +
                "ConnectedApp:ClientId and, for a confidential client, ConnectedApp:ClientSecret " +
                "(arguments --ConnectedApp:Issuer=... or environment variables ConnectedApp__Issuer=...), and Urls as one URL.");
            return 2;
        }

        var settings = new SampleConnectedAppSettings { Issuer = issuer, Scope = config["ConnectedApp:Scope"] ?? SampleConnectedAppSettings.DefaultScope };
        await using var app = SampleConnectedAppHost.Build(settings, url, builder => builder.Logging.AddSimpleConsole(o => o.SingleLine = true));
        var client = new ClientRegistration(clientId, config["ConnectedApp:ClientSecret"], SampleConnectedAppHost.RedirectUriFor(baseAddress));
        app.Services.GetRequiredService<ClientRegistrationSlot>().Set(client);
        await Console.Out.WriteLineAsync($"The sample Connected App is at {baseAddress} (register the redirect URL {client.RedirectUri}).");
        await app.RunAsync();
        return 0;
    }
}
