using System.Net;
using System.Text.Json;
using Bff.Tests.Infrastructure;
using Serilog.Events;

namespace Bff.Tests.Hosting;

/// <summary><c>/healthz</c> and <c>/readyz</c>: unauthenticated, no CSRF, no session lookup, not logged at Information.</summary>
public sealed class HealthTests : BffTest
{
    [Fact]
    public async Task LivenessAnswers200WithoutCsrfAndIgnoresASessionCookie()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = Factory.CreateSpaClient(csrf: false);
        client.DefaultRequestHeaders.Add("Cookie", "__Host-bff-session=not-a-session");

        using var response = await client.GetAsync("/healthz", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement;
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Empty(body.GetProperty("checks").EnumerateObject()); // liveness checks no dependency
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadinessChecksTheStytchConfigurationAndNoRedisWhenNoneIsConfigured()
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await Factory.CreateSpaClient(csrf: false).GetAsync("/readyz", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var checks = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("stytch_configuration").GetString());
        Assert.False(checks.TryGetProperty("redis", out _));
        Assert.Single(Factory.Logs.WithEventName("SessionStoreInMemory"));
    }

    [Fact]
    public async Task ProbesAreNotLoggedAtInformationButOtherRequestsAre()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = Factory.CreateSpaClient();

        (await client.GetAsync("/healthz", ct)).Dispose();
        (await client.GetAsync("/readyz", ct)).Dispose();
        (await client.GetAsync("/me", ct)).Dispose();

        // The request log line is written once the response has gone: wait (bounded) for the last request's line.
        List<string?> requestLogs = [];
        for (var i = 0; i < 100 && !requestLogs.Contains("/me"); i++)
        {
            await Task.Delay(50, ct);
            requestLogs = Factory.Logs.Events.Where(e => e.MessageTemplate.Text.StartsWith("HTTP ", StringComparison.Ordinal) && e.Level >= LogEventLevel.Information)
                .Select(e => CapturedLogs.Property(e, "RequestPath")).ToList();
        }

        Assert.Contains("/me", requestLogs);
        Assert.DoesNotContain("/healthz", requestLogs);
        Assert.DoesNotContain("/readyz", requestLogs);
    }
}
