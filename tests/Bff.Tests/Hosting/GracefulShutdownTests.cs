using System.Net;
using System.Net.Http.Json;
using Bff.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Bff.Tests.Hosting;

/// <summary>On SIGTERM (a rolling deploy) the BFF stops taking connections and lets in-flight requests finish.</summary>
public sealed class GracefulShutdownTests : IAsyncLifetime
{
    private readonly BffFactory _factory = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task ARequestInFlightWhenTheHostStopsStillGetsItsAnswer()
    {
        var ct = TestContext.Current.CancellationToken;
        _factory.Settings["Hosting:ShutdownTimeout"] = "00:00:20";
        _factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0)); // not UseKestrel(0): its port set-up can race the host start ("Addresses cannot be modified")
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var shutdownTimeout = _factory.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout; // before the host is gone
        var user = new TestUser("ada@example.com", "correct-horse");
        var stytchCalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _factory.Stytch.OnAsync("POST", "/v1/passwords/authenticate", async _ =>
        {
            stytchCalled.TrySetResult();
            await release.Task;
            return FakeReply.Json(StytchShapes.Login(user, _factory.Clock.GetUtcNow()));
        });
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        http.DefaultRequestHeaders.Add("X-CSRF", "1");

        var login = http.PostAsJsonAsync("/auth/password", new { email = user.Email, password = user.Password }, ct);
        await stytchCalled.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
        _factory.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        await Task.Delay(TimeSpan.FromMilliseconds(300), ct); // shutdown under way, the login still waiting on Stytch
        release.SetResult();
        using var response = await login.WaitAsync(TimeSpan.FromSeconds(15), ct);

        Assert.Equal(TimeSpan.FromSeconds(20), shutdownTimeout);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-bff-session=", StringComparison.Ordinal));
    }
}
