using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bff.Tests.Faults;
using Bff.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Stytch.Emulator;

namespace Bff.Tests.Auth;

/// <summary>
/// The login endpoints do not tell whether an email address has an account: an unknown email and a wrong password get
/// one identical 401 problem, and asking for a magic link is 202 for every address.
/// </summary>
public sealed class UserEnumerationTests : BffTest
{
    private const string PasswordAuthenticate = "/v1/passwords/authenticate";
    private readonly TestUser _user = new("ada@example.com", "correct-horse-battery");

    [Fact]
    public async Task AnUnknownEmailAndAWrongPasswordGetTheSameProblemWithStytchsRequestIdOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        var unknownEmail = StytchShapes.Error(404, "email_not_found", "Email could not be found.");
        var wrongPassword = StytchShapes.Error(401, "unauthorized_credentials", "Unauthorized credentials.");
        Factory.Stytch.On("POST", PasswordAuthenticate, r =>
            JsonDocument.Parse(r.Body!).RootElement.GetProperty("email").GetString() == _user.Email
                ? FakeReply.Json(wrongPassword, 401)
                : FakeReply.Json(unknownEmail, 404));
        var client = Factory.CreateSpaClient();

        var unknown = await client.PostAsJsonAsync("/auth/password", new { email = "nobody@example.com", password = "a-guess" }, ct);
        var wrong = await client.PostAsJsonAsync("/auth/password", new { email = _user.Email, password = "a-guess" }, ct);

        var unknownProblem = await Problem.AssertAsync(unknown, HttpStatusCode.Unauthorized, "unauthorized_credentials");
        var wrongProblem = await Problem.AssertAsync(wrong, HttpStatusCode.Unauthorized, "unauthorized_credentials");
        Assert.Equal(StytchShapes.RequestIdOf(unknownEmail), Problem.Text(unknownProblem, "request_id")); // kept for support
        Assert.Equal(StytchShapes.RequestIdOf(wrongPassword), Problem.Text(wrongProblem, "request_id"));
        Assert.Equal(WithoutRequestIds(wrongProblem), WithoutRequestIds(unknownProblem));
        Assert.Equal(Headers(wrong), Headers(unknown));
        foreach (var problem in new[] { unknownProblem, wrongProblem })
        {
            Assert.False(problem.TryGetProperty("stytch_status_code", out _));
            Assert.False(problem.TryGetProperty("stytch_error_type", out _));
            Assert.DoesNotContain("email_not_found", problem.GetRawText(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnUnknownEmailAndAWrongPasswordGetTheSameProblemFromTheEmulator()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions(), b => b.Logging.ClearProviders(), ct: ct);
        await using var factory = new EmulatorBffFactory(emulator, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15));
        var client = EmulatorFlows.Spa(factory);

        var unknown = await client.PostAsJsonAsync("/auth/password", new { email = "nobody@example.com", password = "a-guess-1234" }, ct);
        var wrong = await client.PostAsJsonAsync("/auth/password", new { email = EmulatorBffFactory.DemoEmail, password = "a-guess-1234" }, ct);

        var unknownProblem = await Problem.AssertAsync(unknown, HttpStatusCode.Unauthorized);
        var wrongProblem = await Problem.AssertAsync(wrong, HttpStatusCode.Unauthorized);
        Assert.Equal(WithoutRequestIds(wrongProblem), WithoutRequestIds(unknownProblem));
        Assert.StartsWith("request-id-test-", Problem.Text(unknownProblem, "request_id"), StringComparison.Ordinal);
        Assert.StartsWith("request-id-test-", Problem.Text(wrongProblem, "request_id"), StringComparison.Ordinal);
        Assert.Contains(emulator.Calls.Of(EmulatorOperations.PasswordsAuthenticate), c => c.StatusCode == 404); // Stytch did tell them apart
        Assert.Contains(emulator.Calls.Of(EmulatorOperations.PasswordsAuthenticate), c => c.StatusCode == 401);
    }

    [Fact]
    public async Task AskingForAMagicLinkIs202WithTheSameAnswerForAKnownAndAnUnknownAddress()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions(), b => b.Logging.ClearProviders(), ct: ct);
        await using var factory = new EmulatorBffFactory(emulator, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15));

        var known = await EmulatorFlows.Spa(factory).PostAsJsonAsync("/auth/magic-link", new { email = EmulatorBffFactory.DemoEmail }, ct);
        var unknown = await EmulatorFlows.Spa(factory).PostAsJsonAsync("/auth/magic-link", new { email = "nobody@example.com" }, ct);

        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, unknown.StatusCode);
        var knownBody = JsonNode.Parse(await known.Content.ReadAsStringAsync(ct))!.AsObject();
        var unknownBody = JsonNode.Parse(await unknown.Content.ReadAsStringAsync(ct))!.AsObject();
        Assert.Equal(Names(knownBody), Names(unknownBody));
        Assert.Equal(["request_id", "status_code"], Names(knownBody)); // nothing like Stytch's user_created
        Assert.Equal(Headers(known), Headers(unknown));
        Assert.Equal(known.Headers.Contains("Set-Cookie"), unknown.Headers.Contains("Set-Cookie"));
    }

    /// <summary>The problem without the ids that differ on every request.</summary>
    private static string WithoutRequestIds(JsonElement problem)
    {
        var copy = JsonNode.Parse(problem.GetRawText())!.AsObject();
        copy.Remove("request_id");
        copy.Remove("bff_request_id");
        copy.Remove("trace_id");
        return copy.ToJsonString();
    }

    /// <summary>The response's header names (values such as X-Request-Id and Date differ on every request).</summary>
    private static string Headers(HttpResponseMessage response) =>
        string.Join(",", response.Headers.Concat(response.Content.Headers).Select(h => h.Key.ToLowerInvariant()).Order(StringComparer.Ordinal));

    private static string[] Names(JsonObject body) => [.. body.Select(p => p.Key).Order(StringComparer.Ordinal)];
}
