using System.Net;
using Bff.Stytch;
using Bff.Tests.Infrastructure;
using static Bff.Tests.Me.OAuthAuthorize;

namespace Bff.Tests.Me;

/// <summary>
/// Stytch's refusals of an authorization request, as the consent page gets them: problem+json with Stytch's fields,
/// never a 401 (the page would take the user for logged out), and never the redirect URI of a refused request.
/// </summary>
public sealed class OAuthAuthorizeStytchErrorTests : BffTest
{
    private readonly TestUser _user = new("ada@example.com", "correct-horse");

    public OAuthAuthorizeStytchErrorTests() => Factory.Settings["Stytch:MaxRetries"] = "0";

    /// <summary>(path, Stytch status, Stytch error_type, BFF status, BFF error_type).</summary>
    public static TheoryData<string, int, string, int, string> StytchErrors()
    {
        var data = new TheoryData<string, int, string, int, string>();
        foreach (var path in new[] { StartPath, AuthorizePath })
        {
            data.Add(path, 400, "oauth_invalid_scope_requested", 400, "oauth_invalid_scope_requested");
            data.Add(path, 400, "connected_app_invalid_redirect_url", 400, "connected_app_invalid_redirect_url");
            data.Add(path, 400, "pkce_required_for_idp_authorization_flow", 400, "pkce_required_for_idp_authorization_flow");
            data.Add(path, 401, "connected_app_supplied_redirect_url_not_found_in_client", 400, "connected_app_supplied_redirect_url_not_found_in_client");
            data.Add(path, 403, "consumer_session_authorization_error", 403, "consumer_session_authorization_error");
            data.Add(path, 404, "connected_app_not_found", 404, "connected_app_not_found");
            data.Add(path, 404, "user_not_found", 404, "user_not_found");
            data.Add(path, 429, "too_many_requests", 429, "too_many_requests");
            data.Add(path, 500, "internal_server_error", 502, "internal_server_error");
            data.Add(path, 503, "internal_server_error", 502, "internal_server_error");
            data.Add(path, 401, "unauthorized_credentials", 502, StytchProblems.ProjectCredentialsRejected); // what Stytch (and the double) answer a wrong secret
            data.Add(path, 401, "invalid_secret_authentication", 502, StytchProblems.ProjectCredentialsRejected);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(StytchErrors))]
    public async Task AStytchErrorIsMappedWithStytchsFieldsKeptAndTheSessionKept(string path, int stytchStatus, string stytchType, int status, string errorType)
    {
        var ct = TestContext.Current.CancellationToken;
        var cookies = new CookieContainer();
        var client = await Factory.LoginAsync(_user, cookies, ct);
        var error = StytchShapes.Error(stytchStatus, stytchType, $"Stytch says no ({stytchType}).");
        Factory.Stytch.On("POST", path == StartPath ? StytchStart : StytchAuthorize, FakeReply.Json(error, stytchStatus));

        var response = await client.PostJsonAsync(path, path == StartPath ? StartBody() : AuthorizeBody(), ct);

        var problem = await Problem.AssertAsync(response, (HttpStatusCode)status, errorType);
        Assert.Equal(StytchShapes.RequestIdOf(error), Problem.Text(problem, "request_id"));
        Assert.Equal(stytchStatus, problem.GetProperty("stytch_status_code").GetInt32());
        if (errorType != stytchType)
        {
            Assert.Equal(stytchType, Problem.Text(problem, "stytch_error_type"));
        }
        else
        {
            Assert.Equal($"Stytch says no ({stytchType}).", Problem.Text(problem, "error_message"));
            Assert.Equal($"https://stytch.com/docs/api-reference/consumer/api/errors/{stytchStatus}#{stytchType}", Problem.Text(problem, "error_url"));
        }

        Assert.False(problem.TryGetProperty("redirect_uri", out _));
        Assert.Equal(errorType == StytchProblems.ProjectCredentialsRejected ? 1 : 0, Factory.Logs.WithEventName("StytchProjectCredentialsRejected").Count());
        Assert.NotNull(Factory.SessionCookieValue(cookies)); // a refused authorization never logs the user out
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me", ct)).StatusCode);
    }

    [Theory]
    [InlineData(StartPath)]
    [InlineData(AuthorizePath)]
    public async Task AStytch429PassesItsRetryAfterOn(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        Factory.Stytch.On("POST", path == StartPath ? StytchStart : StytchAuthorize,
            FakeReply.Json(StytchShapes.Error(429, "too_many_requests", "Too many requests have been made."), 429) with { RetryAfter = "17" });

        var response = await client.PostJsonAsync(path, path == StartPath ? StartBody() : AuthorizeBody(), ct);

        await Problem.AssertAsync(response, HttpStatusCode.TooManyRequests, "too_many_requests");
        Assert.Equal(TimeSpan.FromSeconds(17), response.Headers.RetryAfter?.Delta);
    }

    [Theory]
    [InlineData(StartPath, "timeout", 504, "stytch_timeout")]
    [InlineData(AuthorizePath, "timeout", 504, "stytch_timeout")]
    [InlineData(StartPath, "refused", 502, "stytch_unreachable")]
    [InlineData(AuthorizePath, "refused", 502, "stytch_unreachable")]
    [InlineData(StartPath, "html", 502, "stytch_invalid_response")]
    [InlineData(AuthorizePath, "html", 502, "stytch_invalid_response")]
    public async Task NoUsableAnswerFromStytchIsAGatewayProblem(string path, string fault, int status, string errorType)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        Factory.Stytch.On("POST", path == StartPath ? StytchStart : StytchAuthorize, fault switch
        {
            "timeout" => FakeReply.Hang(TimeSpan.FromSeconds(10)),
            "refused" => FakeReply.Refused(),
            _ => FakeReply.NonJson(502),
        });

        var response = await client.PostJsonAsync(path, path == StartPath ? StartBody() : AuthorizeBody(), ct);

        await Problem.AssertAsync(response, (HttpStatusCode)status, errorType);
    }
}
