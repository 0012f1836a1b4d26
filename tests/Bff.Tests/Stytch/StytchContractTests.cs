using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bff.Stytch;
using Bff.Tests.Infrastructure;
using Stytch.OpenApi;

namespace Bff.Tests.Stytch;

/// <summary>
/// What the BFF puts on the wire to Stytch, and how the strict double holds it to stytch-api.md; for the Connected
/// Apps IdP calls, whose contract is unconfirmed beyond the spec, both the requests and the double's answers are
/// checked against Stytch's openapi.yml.
/// </summary>
public sealed class StytchContractTests : BffTest
{
    private readonly TestUser _user = new("ada@example.com", "correct-horse");

    [Fact]
    public async Task EveryCallCarriesTheProjectCredentialsAsBasicAuthAndPostsJsonBodiesOfExactlyStytchsFields()
    {
        var ct = TestContext.Current.CancellationToken;
        var list = $"/v1/users/{_user.UserId}/connected_apps";
        Factory.Stytch.On("GET", list, FakeReply.Json(StytchShapes.ConnectedApps(("connected-app-test-1", "CLI"))));
        Factory.Stytch.On("POST", $"{list}/connected-app-test-1/revoke", FakeReply.Ack());
        Factory.Stytch.On("POST", "/v1/magic_links/email/login_or_create", FakeReply.Json(StytchShapes.MagicLinkSent(_user)));
        Factory.Stytch.On("POST", "/v1/sessions/revoke", FakeReply.Ack());
        var client = await Factory.LoginAsync(_user, ct);

        await client.PostAsJsonAsync("/auth/magic-link", new { email = _user.Email }, ct);
        await client.GetAsync("/me/connected-apps", ct);
        await client.PostAsync("/me/connected-apps/connected-app-test-1/revoke", null, ct);
        await client.PostAsync("/auth/logout", null, ct);

        var expectedAuth = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{FakeStytch.ProjectId}:{FakeStytch.Secret}"));
        Assert.Equal(5, Factory.Stytch.Requests.Count);
        Assert.All(Factory.Stytch.Requests, r => Assert.Equal(expectedAuth, r.Authorization));
        Assert.All(Factory.Stytch.Requests.Where(r => r.Method == "POST"), r => Assert.Equal("application/json", r.ContentType));
        Assert.Null(Assert.Single(Factory.Stytch.Requests, r => r.Method == "GET").Body);
        var fields = Factory.Stytch.Requests.Where(r => r.Method == "POST")
            .ToDictionary(r => r.Path.Contains("/connected_apps/", StringComparison.Ordinal) ? "revoke" : r.Path, r => Fields(r.Body!));
        Assert.Equal(["email", "password", "session_duration_minutes"], fields["/v1/passwords/authenticate"]);
        Assert.Equal(
            ["code_challenge", "email", "login_expiration_minutes", "login_magic_link_url", "signup_expiration_minutes", "signup_magic_link_url"],
            fields["/v1/magic_links/email/login_or_create"]);
        Assert.Empty(fields["revoke"]);
        Assert.Equal(["session_id"], fields["/v1/sessions/revoke"]);
        Assert.Empty(Factory.Stytch.Unexpected);
    }

    [Fact]
    public async Task AWrongProjectSecretIsRefusedByTheDoubleAsStytchDoesAndAnswered502()
    {
        var ct = TestContext.Current.CancellationToken;
        Factory.Settings["Stytch:Secret"] = "secret-test-WRONG";
        Factory.Stytch.On("POST", "/v1/magic_links/email/login_or_create", FakeReply.Json(StytchShapes.MagicLinkSent(_user)));

        var response = await Factory.CreateSpaClient().PostAsJsonAsync("/auth/magic-link", new { email = _user.Email }, ct);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadGateway, StytchProblems.ProjectCredentialsRejected);
        Assert.Equal("unauthorized_credentials", Problem.Text(problem, "stytch_error_type"));
        Assert.Single(Factory.Logs.WithEventName("StytchProjectCredentialsRejected"));
    }

    [Fact]
    public async Task TheDoubleFailsLoudlyOnAnyCallNoTestRegistered()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);

        var response = await client.GetAsync("/me/connected-apps", ct);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var unexpected = Assert.Single(Factory.Stytch.Unexpected);
        Assert.Equal($"/v1/users/{_user.UserId}/connected_apps", unexpected.Path);
    }

    [Theory]
    [InlineData("{\"request_id\":\"request-id-test-1\",\"status_code\":200}", "request-id-test-1", null)]
    [InlineData("{\"status_code\":200,\"nested\":{\"request_id\":\"no\"},\"request_id\":\"yes\"}", "yes", null)]
    [InlineData("{\"status_code\":200}", null, "no request_id in body")]
    [InlineData("{\"request_id\":42}", null, "no request_id in body")]
    [InlineData("", null, "empty body")]
    [InlineData("<html>", null, "non-JSON body")]
    [InlineData("[1,2]", null, "non-JSON body")]
    [InlineData("{\"request_id\":", null, "non-JSON body")]
    public void TheRequestIdIsReadFromTheTopLevelOfTheBody(string body, string? requestId, string? reason)
    {
        var found = StytchCallLoggingHandler.ReadRequestId(Encoding.UTF8.GetBytes(body), out var missing);

        Assert.Equal(requestId, found);
        Assert.Equal(reason, missing);
    }

    [Fact]
    public void AnOverlongRequestIdIsNotLogged() =>
        Assert.Null(StytchCallLoggingHandler.ReadRequestId(Encoding.UTF8.GetBytes($"{{\"request_id\":\"{new string('x', 129)}\"}}"), out _));

    /// <summary>(case, path template, status, body): the double's answers where only openapi.yml gives the contract.</summary>
    public static TheoryData<string, string, int, string> IdpShapes()
    {
        const string Start = "/v1/idp/oauth/authorize/start";
        const string Authorize = "/v1/idp/oauth/authorize";
        var user = new TestUser("ada@example.com", "correct-horse");
        return new TheoryData<string, string, int, string>
        {
            { "start, consent required, logo", Start, 200, StytchShapes.AuthorizeStart(user, "connected-app-test-1", consentRequired: true, ["openid", "email"], "https://client.example.test/logo.png", "email") },
            { "start, no consent needed, no scopes", Start, 200, StytchShapes.AuthorizeStart(user, "connected-app-test-1", consentRequired: false, []) },
            { "start, unregistered redirect", Start, 401, StytchShapes.Error(401, "connected_app_supplied_redirect_url_not_found_in_client", "The redirect URL is not registered.") },
            { "start, rate limited", Start, 429, StytchShapes.Error(429, "too_many_requests", "Too many requests have been made.") },
            { "start, server error", Start, 500, StytchShapes.Error(500, "internal_server_error", "Oops.") },
            { "authorize, code", Authorize, 200, StytchShapes.Authorize("https://client.example.test/cb", "code-test-1", "state-1") },
            { "authorize, denied", Authorize, 200, StytchShapes.Authorize("https://client.example.test/cb", code: null) },
            { "authorize, credentials", Authorize, 401, StytchShapes.Error(401, "unauthorized_credentials", "Unauthorized credentials.") },
            { "authorize, unknown client", Authorize, 404, StytchShapes.Error(404, "connected_app_not_found", "The Connected App requested could not be found.") },
        };
    }

    [Theory]
    [MemberData(nameof(IdpShapes))]
    public void TheDoublesConnectedAppsIdpAnswersConformToOpenApi(string name, string template, int status, string body)
    {
        var violations = Spec.ValidateResponse("POST", template, status, body);

        Assert.True(violations.Count == 0, $"{name}: {string.Join("; ", violations)}");
    }

    [Fact]
    public void TheOpenApiCheckCatchesAStartAnswerWithoutConsentRequired()
    {
        var body = System.Text.Json.Nodes.JsonNode.Parse(StytchShapes.AuthorizeStart(_user, "connected-app-test-1", consentRequired: true, ["openid"]))!.AsObject();
        body.Remove("consent_required");
        body["client"]!["logo"] = "https://client.example.test/logo.png";

        var violations = Spec.ValidateResponse("POST", "/v1/idp/oauth/authorize/start", 200, body.ToJsonString());

        Assert.Contains(violations, v => v.Contains("consent_required", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("logo", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheConsentRequestsTheBffSendsConformToOpenApiWithNoFieldItDoesNotDeclare()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        Factory.Stytch.On("POST", "/v1/idp/oauth/authorize/start", FakeReply.Json(StytchShapes.AuthorizeStart(_user, "connected-app-test-1", consentRequired: true, ["openid"])));
        Factory.Stytch.On("POST", "/v1/idp/oauth/authorize", FakeReply.Json(StytchShapes.Authorize("https://client.example.test/cb", "code-test-1")));
        var start = new { client_id = "connected-app-test-1", redirect_uri = "https://client.example.test/cb", response_type = "code", scope = "openid email", prompt = "consent" };
        var full = new
        {
            start.client_id,
            start.redirect_uri,
            start.response_type,
            start.scope,
            start.prompt,
            state = "s",
            nonce = "n",
            code_challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
            code_challenge_method = "S256",
            resource = new[] { "https://api.example.test/" },
            consent_granted = true,
        };
        var minimal = new { start.client_id, start.redirect_uri, consent_granted = false };

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/me/oauth/authorize/start", start, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/me/oauth/authorize", full, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/me/oauth/authorize", minimal, ct)).StatusCode);

        var sent = Factory.Stytch.Requests.Where(r => r.Path.StartsWith("/v1/idp/", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, sent.Count);
        Assert.All(sent, r => Assert.Equal("application/json", r.ContentType));
        var violations = sent.SelectMany(r => Spec.ValidateRequest("POST", r.Path, r.Body!).Select(v => $"{r.Path}: {v}")).ToList();
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    /// <summary>Stytch's openapi.yml, strict: a property the schema does not declare is a violation too.</summary>
    private static OpenApiContract Spec => OpenApiContract.LoadDefault().WithUndeclaredPropertiesReported();

    private static List<string> Fields(string json) =>
        [.. JsonDocument.Parse(json).RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
}
