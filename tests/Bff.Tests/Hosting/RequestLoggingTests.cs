using System.Net;
using Bff.Hosting;
using Bff.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Serilog.Events;

namespace Bff.Tests.Hosting;

public sealed class RequestLoggingTests : BffTest
{
    private readonly TestUser _user = new("ada@example.com", "correct-horse");

    [Fact]
    public async Task EachRequestIsLoggedOnceWithMethodPathStatusElapsedAndTheUserIdWhenKnown()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);

        var response = await client.GetAsync("/me?slide=false", ct);

        var id = Assert.Single(response.Headers.GetValues("X-Request-Id"));
        var completed = await Factory.Logs.WaitForAsync(e => IsCompletion(e) && CapturedLogs.Property(e, "RequestId") == id, ct);
        Assert.Equal(LogEventLevel.Information, completed.Level);
        Assert.Equal("GET", CapturedLogs.Property(completed, "RequestMethod"));
        Assert.Equal("/me", CapturedLogs.Property(completed, "RequestPath")); // never the query string
        Assert.Equal("200", CapturedLogs.Property(completed, "StatusCode"));
        Assert.Equal(_user.UserId, CapturedLogs.Property(completed, "StytchUserId"));
        Assert.Single(Factory.Logs.Events, e => IsCompletion(e) && CapturedLogs.Property(e, "RequestId") == id);
    }

    [Fact]
    public async Task TheLoginRequestIsLoggedWithTheUserItLoggedIn()
    {
        var ct = TestContext.Current.CancellationToken;

        await Factory.LoginAsync(_user, ct);

        var completed = await Factory.Logs.WaitForAsync(e => IsCompletion(e) && CapturedLogs.Property(e, "RequestPath") == "/auth/password", ct);
        Assert.Equal(_user.UserId, CapturedLogs.Property(completed, "StytchUserId"));
    }

    [Fact]
    public async Task AnAnonymousRequestIsLoggedWithoutAUserId()
    {
        var ct = TestContext.Current.CancellationToken;

        var response = await Factory.CreateSpaClient().GetAsync("/me", ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var completed = await Factory.Logs.WaitForAsync(e => IsCompletion(e) && CapturedLogs.Property(e, "RequestPath") == "/me", ct);
        Assert.Equal("401", CapturedLogs.Property(completed, "StatusCode"));
        Assert.Null(CapturedLogs.Property(completed, "StytchUserId"));
    }

    [Fact]
    public void OnlyOptionValidationFailuresAreReportedAsIncompleteConfiguration()
    {
        var stytch = new OptionsValidationException("Stytch", typeof(object), ["Stytch:Secret is missing.", "Stytch:ProjectId is missing."]);
        var bff = new OptionsValidationException("Bff", typeof(object), ["Bff:PublicOrigin is missing."]);

        Assert.Equal(
            ["Stytch:Secret is missing.", "Stytch:ProjectId is missing.", "Bff:PublicOrigin is missing."],
            StartupFailure.ConfigurationFailures(new AggregateException(stytch, bff, stytch)));
        Assert.Equal(["Bff:PublicOrigin is missing."], StartupFailure.ConfigurationFailures(bff));
        Assert.Null(StartupFailure.ConfigurationFailures(new AggregateException(bff, new InvalidOperationException("boom"))));
        Assert.Null(StartupFailure.ConfigurationFailures(new InvalidOperationException("boom")));
    }

    private static bool IsCompletion(LogEvent e) => e.Properties.ContainsKey("Elapsed") && e.Properties.ContainsKey("StatusCode");
}
