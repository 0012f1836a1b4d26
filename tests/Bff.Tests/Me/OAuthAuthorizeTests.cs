using System.Net;
using System.Text.Json.Nodes;
using Bff.Tests.Infrastructure;
using Serilog.Events;
using static Bff.Tests.Me.OAuthAuthorize;

namespace Bff.Tests.Me;

/// <summary>
/// <c>POST /me/oauth/authorize/start</c> and <c>POST /me/oauth/authorize</c>: the consent page's calls, forwarded to
/// Stytch's IdP endpoints for the session's user, with the session's token.
/// </summary>
public sealed class OAuthAuthorizeTests : BffTest
{
    private readonly TestUser _user = new("ada@example.com", "correct-horse");

    public static TheoryData<string> Paths() => [StartPath, AuthorizePath];

    [Fact]
    public async Task StartSendsStytchTheRequestWithTheSessionTokenAndAnswersTheConsentScreen()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        var stytchBody = StytchShapes.AuthorizeStart(_user, ClientId, consentRequired: true, ["openid", "email", "offline_access"], "https://client.example.test/logo.png", "offline_access");
        Factory.Stytch.On("POST", StytchStart, FakeReply.Json(stytchBody));
        var body = StartBody();
        body["prompt"] = "consent";

        var response = await client.PostJsonAsync(StartPath, body, ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(ct));
        AssertJsonEqual(new JsonObject
        {
            ["client_id"] = ClientId,
            ["redirect_uri"] = RedirectUri,
            ["response_type"] = "code",
            ["scopes"] = new JsonArray("openid", "email", "offline_access"),
            ["session_token"] = _user.SessionToken,
            ["prompt"] = "consent",
        }, Factory.Stytch.SentTo(StytchStart));
        var stytch = JsonNode.Parse(stytchBody)!;
        AssertJsonEqual(new JsonObject
        {
            ["status_code"] = 200,
            ["request_id"] = stytch["request_id"]!.DeepClone(),
            ["client"] = stytch["client"]!.DeepClone(),
            ["consent_required"] = true,
            ["scope_results"] = stytch["scope_results"]!.DeepClone(),
        }, await response.JsonAsync(ct));
        Assert.Equal("https://client.example.test/logo.png", (string?)stytch["client"]!["logo_url"]);
        Assert.Empty(Factory.Stytch.Unexpected);
    }

    [Fact]
    public async Task StartLeavesOutALogoUrlStytchDidNotSend()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        Factory.Stytch.On("POST", StytchStart, FakeReply.Json(StytchShapes.AuthorizeStart(_user, ClientId, consentRequired: false, ["openid"])));

        var answer = await (await client.PostJsonAsync(StartPath, StartBody("openid"), ct)).JsonAsync(ct);

        Assert.False(answer["client"]!.AsObject().ContainsKey("logo_url"));
        Assert.False((bool)answer["consent_required"]!);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", "")]
    [InlineData(null, "   ")]
    public async Task AnAbsentResponseTypeMeansCodeAndAnAbsentScopeMeansTheReactSdkDefaults(string? responseType, string? scope)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        Factory.Stytch.On("POST", StytchStart, FakeReply.Json(StytchShapes.AuthorizeStart(_user, ClientId, consentRequired: true, ["openid", "email", "profile"])));
        var body = new JsonObject { ["client_id"] = ClientId, ["redirect_uri"] = RedirectUri };
        if (responseType is not null)
        {
            body["response_type"] = responseType;
        }

        if (scope is not null)
        {
            body["scope"] = scope;
        }

        var response = await client.PostJsonAsync(StartPath, body, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertJsonEqual(new JsonObject
        {
            ["client_id"] = ClientId,
            ["redirect_uri"] = RedirectUri,
            ["response_type"] = "code",
            ["scopes"] = new JsonArray("openid", "email", "profile"),
            ["session_token"] = _user.SessionToken,
        }, Factory.Stytch.SentTo(StytchStart));
    }

    [Fact]
    public async Task TheScopeStringIsSplitOnSpacesInOrderWithEachScopeOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        Factory.Stytch.On("POST", StytchStart, FakeReply.Json(StytchShapes.AuthorizeStart(_user, ClientId, consentRequired: true, ["openid", "notes:read", "email"])));

        await client.PostJsonAsync(StartPath, StartBody(" openid  notes:read email openid "), ct);

        AssertJsonEqual(new JsonArray("openid", "notes:read", "email"), Factory.Stytch.SentTo(StytchStart)["scopes"]);
    }

    [Fact]
    public async Task AuthorizeSendsStytchEveryParameterWithTheSessionTokenAndAnswersStytchsRedirectUriWhole()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        var stytchBody = StytchShapes.Authorize(RedirectUri, Code, State);
        Factory.Stytch.On("POST", StytchAuthorize, FakeReply.Json(stytchBody));

        var response = await client.PostJsonAsync(AuthorizePath, AuthorizeBody(), ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(ct));
        AssertJsonEqual(new JsonObject
        {
            ["client_id"] = ClientId,
            ["redirect_uri"] = RedirectUri,
            ["response_type"] = "code",
            ["scopes"] = new JsonArray("openid", "email", "offline_access"),
            ["consent_granted"] = true,
            ["session_token"] = _user.SessionToken,
            ["prompt"] = "consent",
            ["state"] = State,
            ["nonce"] = Nonce,
            ["code_challenge"] = CodeChallenge,
            ["resources"] = new JsonArray("https://api.example.test/", "https://notes.example.test/v1"),
        }, Factory.Stytch.SentTo(StytchAuthorize));
        var stytch = JsonNode.Parse(stytchBody)!;
        AssertJsonEqual(new JsonObject
        {
            ["status_code"] = 200,
            ["request_id"] = stytch["request_id"]!.DeepClone(),
            ["redirect_uri"] = $"{RedirectUri}&code={Code}&state={State}",
        }, await response.JsonAsync(ct));
        Assert.Empty(Factory.Stytch.Unexpected);
    }

    [Fact]
    public async Task AuthorizeSendsOnlyTheRequiredFieldsWhenTheOptionalOnesAreAbsent()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        Factory.Stytch.On("POST", StytchAuthorize, FakeReply.Json(StytchShapes.Authorize(RedirectUri, Code)));
        var body = new JsonObject { ["client_id"] = ClientId, ["redirect_uri"] = RedirectUri, ["consent_granted"] = false, ["resource"] = new JsonArray() };

        var response = await client.PostJsonAsync(AuthorizePath, body, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertJsonEqual(new JsonObject
        {
            ["client_id"] = ClientId,
            ["redirect_uri"] = RedirectUri,
            ["response_type"] = "code",
            ["scopes"] = new JsonArray("openid", "email", "profile"),
            ["consent_granted"] = false,
            ["session_token"] = _user.SessionToken,
        }, Factory.Stytch.SentTo(StytchAuthorize));
    }

    [Fact]
    public async Task EachUserIsNamedToStytchByTheirOwnSessionToken()
    {
        var ct = TestContext.Current.CancellationToken;
        var grace = new TestUser("grace@example.com", "battery-staple", "Grace", "Hopper");
        var ada = await Factory.LoginAsync(_user, ct);
        var graceClient = await Factory.LoginAsync(grace, ct);
        Factory.Stytch.On("POST", StytchStart, r => FakeReply.Json(StytchShapes.AuthorizeStart(
            r.Body!.Contains(grace.SessionToken, StringComparison.Ordinal) ? grace : _user, ClientId, consentRequired: true, ["openid"])));

        Assert.Equal(HttpStatusCode.OK, (await graceClient.PostJsonAsync(StartPath, StartBody("openid"), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ada.PostJsonAsync(StartPath, StartBody("openid"), ct)).StatusCode);

        var tokens = Factory.Stytch.Requests.Where(r => r.Path == StytchStart).Select(r => (string?)JsonNode.Parse(r.Body!)!["session_token"]).ToList();
        Assert.Equal([grace.SessionToken, _user.SessionToken], tokens);
    }

    [Theory]
    [InlineData(StartPath, "user_id", "user-test-victim")]
    [InlineData(StartPath, "session_token", "tok-of-the-victim-0000000000000000000000000")]
    [InlineData(StartPath, "session_jwt", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ2aWN0aW0ifQ.c2ln")]
    [InlineData(AuthorizePath, "user_id", "user-test-victim")]
    [InlineData(AuthorizePath, "session_token", "tok-of-the-victim-0000000000000000000000000")]
    [InlineData(AuthorizePath, "session_jwt", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ2aWN0aW0ifQ.c2ln")]
    public async Task AnIdentityFieldInTheBodyIsRefusedAndNeverForwarded(string path, string field, string value)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        var body = path == StartPath ? StartBody() : AuthorizeBody();
        body[field] = value;

        var response = await client.PostJsonAsync(path, body, ct);

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(0, Factory.Stytch.IdpCalls());
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task NeitherTheQueryNorAHeaderCanNameAnotherUser(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        Factory.Stytch.On("POST", StytchStart, FakeReply.Json(StytchShapes.AuthorizeStart(_user, ClientId, consentRequired: true, ["openid"])));
        Factory.Stytch.On("POST", StytchAuthorize, FakeReply.Json(StytchShapes.Authorize(RedirectUri, Code)));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{path}?user_id=user-test-victim&session_token=victim")
        {
            Content = new StringContent((path == StartPath ? StartBody() : AuthorizeBody()).ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-User-Id", "user-test-victim");
        request.Headers.Add("X-Stytch-Session-Token", "victim");

        var response = await client.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(Factory.Stytch.Requests, r => r.Path.StartsWith("/v1/idp/", StringComparison.Ordinal));
        Assert.Equal(_user.SessionToken, (string?)JsonNode.Parse(sent.Body!)!["session_token"]);
        Assert.DoesNotContain("victim", sent.RawPathAndQuery + sent.Body, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task WithoutTheCsrfHeaderItIs403AndStytchIsNotCalled(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        client.DefaultRequestHeaders.Remove("X-CSRF");

        var response = await client.PostJsonAsync(path, path == StartPath ? StartBody() : AuthorizeBody(), ct);

        await Problem.AssertAsync(response, HttpStatusCode.Forbidden, "bff_csrf_header_missing");
        Assert.Equal(0, Factory.Stytch.IdpCalls());
    }

    [Theory]
    [InlineData(StartPath, "https://evil.example")]
    [InlineData(StartPath, "null")]
    [InlineData(AuthorizePath, "https://evil.example")]
    [InlineData(AuthorizePath, "https://client.example.test")]
    public async Task AForeignOriginIs403AndStytchIsNotCalled(string path, string origin)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent((path == StartPath ? StartBody() : AuthorizeBody()).ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Origin", origin);

        var response = await client.SendAsync(request, ct);

        await Problem.AssertAsync(response, HttpStatusCode.Forbidden, "bff_origin_not_allowed");
        Assert.Equal(0, Factory.Stytch.IdpCalls());
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task WithoutASessionItIs401AndStytchIsNotCalled(string path)
    {
        var ct = TestContext.Current.CancellationToken;

        var response = await Factory.CreateSpaClient().PostJsonAsync(path, path == StartPath ? StartBody() : AuthorizeBody(), ct);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "session_required");
        Assert.Empty(Factory.Stytch.Requests);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task ASessionStytchNoLongerKnowsEndsHereTooWith401(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        var cookies = new CookieContainer();
        var client = await Factory.LoginAsync(_user, cookies, ct);
        var key = Factory.SessionKeyOf(Factory.SessionCookieValue(cookies)!)!;
        var error = StytchShapes.Error(404, "session_not_found", "Session could not be found.");
        Factory.Stytch.On("POST", path == StartPath ? StytchStart : StytchAuthorize, FakeReply.Json(error, 404));

        var response = await client.PostJsonAsync(path, path == StartPath ? StartBody() : AuthorizeBody(), ct);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "session_not_found");
        Assert.Equal(StytchShapes.RequestIdOf(error), Problem.Text(problem, "request_id"));
        Assert.Null(Factory.SessionCookieValue(cookies)); // the cookie is expired
        Assert.Null(await Factory.StoredSessionAsync(key, ct)); // and the server-side session deleted
        var before = Factory.Stytch.Requests.Count;
        await Problem.AssertAsync(await client.GetAsync("/me", ct), HttpStatusCode.Unauthorized, "session_required");
        Assert.Equal(before, Factory.Stytch.Requests.Count);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task EachCallToStytchIsLoggedOnceWithStytchsRequestId(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        var stytchBody = path == StartPath
            ? StytchShapes.AuthorizeStart(_user, ClientId, consentRequired: true, ["openid"])
            : StytchShapes.Authorize(RedirectUri, Code, State);
        Factory.Stytch.On("POST", path == StartPath ? StytchStart : StytchAuthorize, FakeReply.Json(stytchBody));

        var response = await client.PostJsonAsync(path, path == StartPath ? StartBody() : AuthorizeBody(), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = Assert.Single(Factory.Logs.WithEventName("StytchCall"), e => CapturedLogs.Property(e, "StytchPath")!.StartsWith("/v1/idp/", StringComparison.Ordinal));
        Assert.Equal(path == StartPath ? StytchStart : StytchAuthorize, CapturedLogs.Property(call, "StytchPath"));
        Assert.Equal(StytchShapes.RequestIdOf(stytchBody), CapturedLogs.Property(call, "StytchRequestId"));
        Assert.Equal(Assert.Single(response.Headers.GetValues("X-Request-Id")), CapturedLogs.Property(call, "BffRequestId"));
    }

    [Fact]
    public async Task AGrantIsAuditedWithUserClientScopesAndRequestIdAndNothingSecretIsLogged()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        var stytchBody = StytchShapes.Authorize(RedirectUri, Code, State);
        Factory.Stytch.On("POST", StytchAuthorize, FakeReply.Json(stytchBody));

        var response = await client.PostJsonAsync(AuthorizePath, AuthorizeBody(), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var audit = Assert.Single(Factory.Logs.WithEventName("ConnectedAppAuthorized"));
        Assert.Equal(LogEventLevel.Information, audit.Level);
        Assert.Equal("Bff.Audit", CapturedLogs.Property(audit, "SourceContext"));
        Assert.Equal(_user.UserId, CapturedLogs.Property(audit, "StytchUserId"));
        Assert.Equal(ClientId, CapturedLogs.Property(audit, "ConnectedAppId"));
        Assert.Equal("openid email offline_access", CapturedLogs.Property(audit, "Scopes"));
        Assert.Equal(StytchShapes.RequestIdOf(stytchBody), CapturedLogs.Property(audit, "StytchRequestId"));
        Assert.Equal(Assert.Single(response.Headers.GetValues("X-Request-Id")), CapturedLogs.Property(audit, "RequestId"));
        Assert.Empty(Factory.Logs.WithEventName("ConnectedAppConsentDenied"));
        Assert.Empty(Factory.Logs.WithEventName("ConnectedAppAuthorizeFailed"));
        AssertNoSecretLogged();
    }

    [Fact]
    public async Task ADenialIsAuditedAsConsentDeniedWithTheOAuthError()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        var stytchBody = StytchShapes.Authorize(RedirectUri, code: null, State);
        Factory.Stytch.On("POST", StytchAuthorize, FakeReply.Json(stytchBody));

        var response = await client.PostJsonAsync(AuthorizePath, AuthorizeBody(consentGranted: false), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"{RedirectUri}&error=access_denied&state={State}", (string?)(await response.JsonAsync(ct))["redirect_uri"]);
        var audit = Assert.Single(Factory.Logs.WithEventName("ConnectedAppConsentDenied"));
        Assert.Equal("Bff.Audit", CapturedLogs.Property(audit, "SourceContext"));
        Assert.Equal(_user.UserId, CapturedLogs.Property(audit, "StytchUserId"));
        Assert.Equal(ClientId, CapturedLogs.Property(audit, "ConnectedAppId"));
        Assert.Equal("openid email offline_access", CapturedLogs.Property(audit, "Scopes"));
        Assert.Equal("access_denied", CapturedLogs.Property(audit, "Outcome"));
        Assert.Equal(StytchShapes.RequestIdOf(stytchBody), CapturedLogs.Property(audit, "StytchRequestId"));
        Assert.Empty(Factory.Logs.WithEventName("ConnectedAppAuthorized"));
        AssertNoSecretLogged();
    }

    [Fact]
    public async Task AnAutoSubmitWithoutConsentThatStytchGrantsIsAuditedAsAGrant()
    {
        // The React SDK submits consent_granted=false when consent_required was false, and Stytch issues a code.
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        Factory.Stytch.On("POST", StytchAuthorize, FakeReply.Json(StytchShapes.Authorize(RedirectUri, Code, State)));

        await client.PostJsonAsync(AuthorizePath, AuthorizeBody(consentGranted: false), ct);

        Assert.Single(Factory.Logs.WithEventName("ConnectedAppAuthorized"));
        Assert.Empty(Factory.Logs.WithEventName("ConnectedAppConsentDenied"));
    }

    [Fact]
    public async Task AnAuthorizationStytchRefusesIsAuditedAsFailed()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        var error = StytchShapes.Error(404, "connected_app_not_found", "The Connected App requested could not be found.");
        Factory.Stytch.On("POST", StytchAuthorize, FakeReply.Json(error, 404));

        await client.PostJsonAsync(AuthorizePath, AuthorizeBody(), ct);

        var audit = Assert.Single(Factory.Logs.WithEventName("ConnectedAppAuthorizeFailed"));
        Assert.Equal(LogEventLevel.Warning, audit.Level);
        Assert.Equal("Bff.Audit", CapturedLogs.Property(audit, "SourceContext"));
        Assert.Equal("connected_app_not_found", CapturedLogs.Property(audit, "Outcome"));
        Assert.Equal(StytchShapes.RequestIdOf(error), CapturedLogs.Property(audit, "StytchRequestId"));
        Assert.Empty(Factory.Logs.WithEventName("ConnectedAppAuthorized"));
        Assert.Empty(Factory.Logs.WithEventName("ConnectedAppConsentDenied"));
        AssertNoSecretLogged();
    }

    [Fact]
    public async Task ThePreflightIsNotAuditedAsAGrant()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        Factory.Stytch.On("POST", StytchStart, FakeReply.Json(StytchShapes.AuthorizeStart(_user, ClientId, consentRequired: false, ["openid"])));

        await client.PostJsonAsync(StartPath, StartBody(), ct);

        Assert.DoesNotContain(Factory.Logs.Events, e => CapturedLogs.Property(e, "SourceContext") == "Bff.Audit");
    }

    [Theory]
    [InlineData("javascript:alert(document.cookie)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("/relative/callback?code=x")]
    [InlineData("https://client.example.test/cb?code=x\r\nSet-Cookie: a=b")]
    public async Task ARedirectUriFromStytchThatIsNotAnHttpUrlIsNeverPassedOn(string redirect)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        var stytchBody = new JsonObject { ["request_id"] = StytchShapes.NewRequestId(), ["status_code"] = 200, ["redirect_uri"] = redirect }.ToJsonString();
        Factory.Stytch.On("POST", StytchAuthorize, FakeReply.Json(stytchBody));

        var response = await client.PostJsonAsync(AuthorizePath, AuthorizeBody(), ct);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadGateway, "stytch_invalid_response");
        Assert.False(problem.TryGetProperty("redirect_uri", out _));
        Assert.Single(Factory.Logs.WithEventName("ConnectedAppAuthorizeFailed"));
    }

    [Theory]
    [InlineData("""{"request_id":"request-id-test-1","status_code":200,"client":{"client_id":"c","client_name":"n","client_description":"d","client_type":"third_party"},"scope_results":[]}""")]
    [InlineData("""{"request_id":"request-id-test-1","status_code":200,"consent_required":true,"scope_results":[]}""")]
    [InlineData("""{"request_id":"request-id-test-1","status_code":200,"client":{"client_id":"c","client_name":"n","client_type":"third_party"},"consent_required":true,"scope_results":[]}""")]
    [InlineData("""{"request_id":"request-id-test-1","status_code":200,"client":{"client_id":"c","client_name":"n","client_description":"d","client_type":"third_party"},"consent_required":true,"scope_results":[{"scope":"openid","description":"d"}]}""")]
    public async Task AStartAnswerMissingARequiredFieldIs502(string stytchBody)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        Factory.Stytch.On("POST", StytchStart, FakeReply.Json(stytchBody));

        var response = await client.PostJsonAsync(StartPath, StartBody(), ct);

        await Problem.AssertAsync(response, HttpStatusCode.BadGateway, "stytch_invalid_response");
    }

    [Fact]
    public async Task TheSubmitIsNeverRetriedButThePreflightIs()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        var unavailable = FakeReply.Json(StytchShapes.Error(503, "internal_server_error", "Unavailable."), 503);
        Factory.Stytch.On("POST", StytchStart, unavailable, FakeReply.Json(StytchShapes.AuthorizeStart(_user, ClientId, consentRequired: true, ["openid"])));
        Factory.Stytch.On("POST", StytchAuthorize, unavailable, FakeReply.Json(StytchShapes.Authorize(RedirectUri, Code)));

        var start = await client.PostJsonAsync(StartPath, StartBody(), ct);
        var authorize = await client.PostJsonAsync(AuthorizePath, AuthorizeBody(), ct);

        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        Assert.Equal(2, Factory.Stytch.Count("POST", StytchStart));
        await Problem.AssertAsync(authorize, HttpStatusCode.BadGateway, "internal_server_error");
        Assert.Equal(1, Factory.Stytch.Count("POST", StytchAuthorize));
    }

    [Fact]
    public async Task BeyondThePerSessionLimitTheCallsAre429AndStytchIsNotCalled()
    {
        Factory.Settings["RateLimiting:PermitLimit"] = "2";
        Factory.Settings["RateLimiting:Window"] = "00:10:00";
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        Factory.Stytch.On("POST", StytchStart, FakeReply.Json(StytchShapes.AuthorizeStart(_user, ClientId, consentRequired: true, ["openid"])));
        Factory.Stytch.On("POST", StytchAuthorize, FakeReply.Json(StytchShapes.Authorize(RedirectUri, Code)));

        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync(StartPath, StartBody(), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync(AuthorizePath, AuthorizeBody(), ct)).StatusCode);
        var refused = await client.PostJsonAsync(AuthorizePath, AuthorizeBody(), ct);

        await Problem.AssertAsync(refused, HttpStatusCode.TooManyRequests, "bff_rate_limited");
        Assert.Equal(2, Factory.Stytch.IdpCalls());
    }

    /// <summary>The redirect's query (the code), state, nonce, PKCE challenge and session token never reach a log.</summary>
    private void AssertNoSecretLogged()
    {
        var logs = Factory.Logs.AllText();
        foreach (var secret in new[] { Code, State, Nonce, CodeChallenge, _user.SessionToken, "tenant=7" })
        {
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        }
    }
}
