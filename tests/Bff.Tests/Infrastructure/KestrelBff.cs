using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Bff.Tests.Infrastructure;

/// <summary>
/// The BFF on real Kestrel (plain http on a free loopback port), with a logged-in session, for tests of what really
/// arrives on the wire. Share it with <c>IClassFixture&lt;KestrelBff&gt;</c>.
/// </summary>
public sealed class KestrelBff : IAsyncLifetime
{
    public BffFactory Factory { get; } = new();

    public TestUser User { get; } = new("ada@example.com", "correct-horse");

    public Uri Address { get; private set; } = null!;

    /// <summary>The session cookie of <see cref="User"/>, as a <c>Cookie</c> header value.</summary>
    public string SessionCookie { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        Factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        Factory.StartServer();
        var address = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Address = new Uri(address);

        Factory.Stytch.On("POST", "/v1/passwords/authenticate", FakeReply.Json(StytchShapes.Login(User, Factory.Clock.GetUtcNow())));
        var login = JsonSerializer.Serialize(new { email = User.Email, password = User.Password });
        var response = await RawHttp.SendAsync(Address,
            $"POST /auth/password HTTP/1.1\r\nHost: localhost\r\nX-CSRF: 1\r\nContent-Type: application/json\r\nContent-Length: {login.Length}\r\nConnection: close\r\n\r\n{login}",
            TestContext.Current.CancellationToken);
        Assert.Equal(200, response.Status);
        var setCookie = response.Headers.Single(h => h.Name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase)).Value;
        SessionCookie = setCookie[..setCookie.IndexOf(';', StringComparison.Ordinal)];
    }

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}
