using System.Net;
using Bff.Tests.Infrastructure;
using Serilog.Events;

namespace Bff.Tests.Hosting;

public sealed class RequestIdTests : BffTest
{
    private const string AppId = "connected-app-test-1";
    private readonly TestUser _user = new("ada@example.com", "correct-horse");

    [Fact]
    public async Task EveryResponseCarriesANewRequestIdWhenNoneIsSent()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = Factory.CreateSpaClient();

        var unauthorized = await client.GetAsync("/me", ct);
        var notFound = await client.GetAsync("/no-such-path", ct);
        var forbidden = await Factory.CreateSpaClient(csrf: false).GetAsync("/me", ct);

        var ids = new[] { unauthorized, notFound, forbidden }.Select(r => Assert.Single(r.Headers.GetValues("X-Request-Id"))).ToList();
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
        Assert.Equal(3, ids.Distinct().Count());
    }

    [Theory]
    [InlineData("abc-123")]
    [InlineData("trace_1.2:3")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123")]
    public async Task ASafeIncomingRequestIdIsReused(string incoming)
    {
        var ct = TestContext.Current.CancellationToken;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.Add("X-Request-Id", incoming);

        var response = await Factory.CreateSpaClient().SendAsync(request, ct);

        Assert.Equal(incoming, Assert.Single(response.Headers.GetValues("X-Request-Id")));
        Assert.Contains(incoming, await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("<script>")]
    [InlineData("a/b")]
    [InlineData("caf\u00e9")]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234")]
    public async Task AnUnsafeOrOverlongIncomingRequestIdIsReplaced(string incoming)
    {
        var ct = TestContext.Current.CancellationToken;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.TryAddWithoutValidation("X-Request-Id", incoming);

        var response = await Factory.CreateSpaClient().SendAsync(request, ct);

        var id = Assert.Single(response.Headers.GetValues("X-Request-Id"));
        Assert.NotEqual(incoming, id);
        Assert.Matches("^[0-9a-f]{32}$", id);
    }

    [Fact]
    public async Task EveryLogLineOfARequestCarriesItsRequestIdIncludingTheStytchCallAuditAndCompletionEvents()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        Factory.Stytch.On("POST", $"/v1/users/{_user.UserId}/connected_apps/{AppId}/revoke", FakeReply.Ack());
        var before = Factory.Logs.Events.Count;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/me/connected-apps/{AppId}/revoke");
        request.Headers.Add("X-Request-Id", "req-under-test-1");

        var response = await client.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = await WaitForCompletionEventAsync(before, ct);
        Assert.Contains(events, e => EventName(e) == "StytchCall");
        Assert.Contains(events, e => EventName(e) == "ConnectedAppRevoked");
        Assert.Contains(events, e => CapturedLogs.Property(e, "RequestPath") == $"/me/connected-apps/{AppId}/revoke");
        Assert.All(events, e => Assert.True(
            CapturedLogs.Property(e, "RequestId") == "req-under-test-1",
            $"{e.MessageTemplate.Text} has RequestId={CapturedLogs.Property(e, "RequestId")}"));
        var stytchCall = Assert.Single(events, e => EventName(e) == "StytchCall");
        Assert.Equal("req-under-test-1", CapturedLogs.Property(stytchCall, "BffRequestId"));
    }

    [Fact]
    public async Task AnUnhandledErrorIsAProblemWithTheRequestId()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);

        // No Stytch route registered: the strict double throws, which the BFF does not expect.
        var response = await client.GetAsync("/me/connected-apps", ct);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var id = Assert.Single(response.Headers.GetValues("X-Request-Id"));
        Assert.Contains(id, await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Single(Factory.Stytch.Unexpected);
    }

    private async Task<List<LogEvent>> WaitForCompletionEventAsync(int before, CancellationToken ct)
    {
        // The completion event is written after the response has been handed to the client.
        for (var i = 0; i < 100; i++)
        {
            var events = Factory.Logs.Events.Skip(before).ToList();
            if (events.Any(e => e.Properties.ContainsKey("StatusCode") && e.Properties.ContainsKey("Elapsed")))
            {
                return events;
            }

            await Task.Delay(20, ct);
        }

        throw new TimeoutException("No request-completion event was logged.");
    }

    private static string? EventName(LogEvent e) =>
        e.Properties.TryGetValue("EventId", out var id) && id is StructureValue s
            ? s.Properties.FirstOrDefault(p => p.Name == "Name")?.Value is ScalarValue { Value: string name } ? name : null
            : null;
}
