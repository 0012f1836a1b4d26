using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Bff.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Bff.Tests.Hosting;

/// <summary>On SIGTERM (a rolling deploy) the BFF stops taking connections and lets in-flight requests finish.</summary>
public sealed class GracefulShutdownTests : BffTest
{
    [Fact]
    public async Task ARequestInFlightWhenTheHostStopsStillGetsItsAnswer()
    {
        var ct = TestContext.Current.CancellationToken;
        Factory.Settings["Hosting:ShutdownTimeout"] = "00:00:20";
        Factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0)); // not UseKestrel(0): its port set-up can race the host start ("Addresses cannot be modified")
        Factory.StartServer();
        var address = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var shutdownTimeout = Factory.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout; // before the host is gone
        var user = new TestUser("ada@example.com", "correct-horse");
        var stytchCalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Factory.Stytch.OnAsync("POST", "/v1/passwords/authenticate", async _ =>
        {
            stytchCalled.TrySetResult();
            await release.Task;
            return FakeReply.Json(StytchShapes.Login(user, Factory.Clock.GetUtcNow()));
        });
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        http.DefaultRequestHeaders.Add("X-CSRF", "1");

        var login = http.PostAsJsonAsync("/auth/password", new { email = user.Email, password = user.Password }, ct);
        await stytchCalled.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
        var lifetime = Factory.Services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.StopApplication();

        // Draining, observed rather than assumed after a delay: the server has stopped taking connections while the
        // login still waits on Stytch. Bounded: a server that never stops listening fails the test.
        var listening = await StopsListeningAsync(new Uri(address), TimeSpan.FromSeconds(15), ct);
        var loginStillWaiting = !login.IsCompleted;
        release.SetResult();
        using var response = await login.WaitAsync(TimeSpan.FromSeconds(15), ct);

        Assert.True(lifetime.ApplicationStopping.IsCancellationRequested);
        Assert.False(listening, "The server still took new connections 15 s after the host was asked to stop.");
        Assert.True(loginStillWaiting, "The login had an answer before the server stopped listening: nothing was drained.");

        Assert.Equal(TimeSpan.FromSeconds(20), shutdownTimeout);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-bff-session=", StringComparison.Ordinal));
    }

    /// <summary>Polls (bounded) until a new TCP connection to the server is refused; false when it is, true if still listening at the deadline.</summary>
    private static async Task<bool> StopsListeningAsync(Uri address, TimeSpan bound, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + bound;
        while (DateTime.UtcNow < deadline)
        {
            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync(address.Host, address.Port, ct);
            }
            catch (SocketException)
            {
                return false;
            }

            await Task.Delay(20, ct);
        }

        return true;
    }
}
