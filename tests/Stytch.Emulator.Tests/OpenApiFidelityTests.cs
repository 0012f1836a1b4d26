using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Stytch.Emulator.Tests.Infrastructure;

namespace Stytch.Emulator.Tests;

/// <summary>
/// Every emulator response of the emulated operations, success and error, checked against Stytch's official
/// openapi.yml (strictly: undeclared properties count too).
/// </summary>
public sealed class OpenApiFidelityTests
{
    /// <summary>(path template, status) pairs the scenario must have produced, so coverage cannot silently shrink.</summary>
    private static readonly (string Template, int Status)[] ExpectedCoverage =
    [
        ("/v1/passwords", 200), ("/v1/passwords", 400),
        ("/v1/passwords/authenticate", 200), ("/v1/passwords/authenticate", 401), ("/v1/passwords/authenticate", 404),
        ("/v1/magic_links/email/login_or_create", 200), ("/v1/magic_links/email/login_or_create", 400),
        ("/v1/magic_links/authenticate", 200), ("/v1/magic_links/authenticate", 400),
        ("/v1/magic_links/authenticate", 401), ("/v1/magic_links/authenticate", 404),
        ("/v1/oauth/authenticate", 200), ("/v1/oauth/authenticate", 400), ("/v1/oauth/authenticate", 404),
        ("/v1/sessions/authenticate", 200), ("/v1/sessions/authenticate", 400), ("/v1/sessions/authenticate", 404),
        ("/v1/sessions/authenticate", 429),
        ("/v1/sessions/revoke", 200), ("/v1/sessions/revoke", 400), ("/v1/sessions/revoke", 404),
        ("/v1/sessions/jwks/{project_id}", 200), ("/v1/sessions/jwks/{project_id}", 404),
        ("/v1/users/{user_id}", 200), ("/v1/users/{user_id}", 400), ("/v1/users/{user_id}", 404), ("/v1/users/{user_id}", 401),
        ("/v1/users/{user_id}/connected_apps", 200), ("/v1/users/{user_id}/connected_apps", 404),
        ("/v1/users/{user_id}/connected_apps", 500),
        ("/v1/users/{user_id}/connected_apps/{connected_app_id}/revoke", 200),
        ("/v1/users/{user_id}/connected_apps/{connected_app_id}/revoke", 404),
        ("/v1/users/{user_id}/connected_apps/{connected_app_id}/revoke", 429),
        ("/v1/connected_apps/clients", 200), ("/v1/connected_apps/clients", 400), ("/v1/connected_apps/clients", 401),
        ("/v1/connected_apps/clients/{client_id}", 200), ("/v1/connected_apps/clients/{client_id}", 404),
        ("/v1/idp/oauth/authorize/start", 200), ("/v1/idp/oauth/authorize/start", 400), ("/v1/idp/oauth/authorize/start", 401),
        ("/v1/idp/oauth/authorize/start", 404), ("/v1/idp/oauth/authorize/start", 429),
        ("/v1/idp/oauth/authorize", 200), ("/v1/idp/oauth/authorize", 400), ("/v1/idp/oauth/authorize", 401),
        ("/v1/idp/oauth/authorize", 404), ("/v1/idp/oauth/authorize", 500),
    ];

    [Fact]
    public async Task EveryEmulatorResponseConformsToTheOpenApiSpec()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        using var anonymous = new StytchApi(host, withCredentials: false);
        await DriveEveryOperationAsync(host, api, anonymous);

        var contract = Contract.Strict;
        var violations = new List<string>();
        var covered = new HashSet<(string, int)>();
        foreach (var exchange in api.Exchanges.Concat(anonymous.Exchanges))
        {
            var template = contract.MatchPathTemplate(exchange.Path);
            Assert.True(template is not null, $"{exchange.Path} is not a path of the spec");
            covered.Add((template, exchange.Response.Status));
            violations.AddRange(contract.ValidateResponse(exchange.Method, template, exchange.Response.Status, exchange.Response.Body)
                .Select(v => $"{exchange.Method} {exchange.Path} → {exchange.Response.Status}: {v}"));
            if (exchange.Response.Status == 200 && !string.IsNullOrEmpty(exchange.RequestBody))
            {
                violations.AddRange(contract.ValidateRequest(exchange.Method, template, exchange.RequestBody)
                    .Select(v => $"request {exchange.Method} {exchange.Path}: {v}"));
            }
        }

        Assert.True(violations.Count == 0, "OpenAPI violations:\n" + string.Join('\n', violations));
        var missing = ExpectedCoverage.Where(c => !covered.Contains(c)).ToList();
        Assert.True(missing.Count == 0, "Not exercised: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task TheValidatorReportsAMissingRequiredFieldAndAWrongType()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var response = await api.GetAsync($"v1/users/{host.FindUserId(Demo.Email)}");
        var body = JsonNode.Parse(response.Body)!.AsObject();
        body.Remove("emails");
        body["is_locked"] = "no";
        body["name"]!["first_name"] = 42;

        var violations = Contract.Lenient.ValidateResponse("GET", "/v1/users/{user_id}", 200, body.ToJsonString());

        Assert.Contains(violations, v => v.StartsWith("$.emails: required", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("$.is_locked: expected boolean", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("$.name.first_name: expected string", StringComparison.Ordinal));
        Assert.Empty(Contract.Lenient.ValidateResponse("GET", "/v1/users/{user_id}", 200, response.Body));
    }

    [Fact]
    public async Task StrictModeCatchesAMisnamedOptionalField()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var token = OAuthFlow.Token(await OAuthFlow.SignInAsync(host, Demo.Email));
        var response = await api.PostAsync("v1/oauth/authenticate", new JsonObject { ["token"] = token, ["session_duration_minutes"] = 60 });
        var renamed = JsonNode.Parse(response.Body)!.AsObject();
        var session = renamed["user_session"]!;
        renamed.Remove("user_session");
        renamed["session"] = session;

        Assert.Empty(Contract.Strict.ValidateResponse("POST", "/v1/oauth/authenticate", 200, response.Body));
        Assert.Empty(Contract.Lenient.ValidateResponse("POST", "/v1/oauth/authenticate", 200, renamed.ToJsonString()));
        Assert.Contains("$.session: property is not declared by the schema", Contract.Strict.ValidateResponse("POST", "/v1/oauth/authenticate", 200, renamed.ToJsonString()));
    }

    [Fact]
    public async Task MagicLinkAuthenticateIsCheckedAgainstTheHandWrittenConsumerContract()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        await api.PostAsync("v1/magic_links/email/login_or_create", new JsonObject { ["email"] = Demo.Email });
        var response = await api.PostAsync("v1/magic_links/authenticate", new JsonObject { ["token"] = host.Inbox.Latest(Demo.Email)!.Token, ["session_duration_minutes"] = 60 });
        var withoutMethodId = JsonNode.Parse(response.Body)!.AsObject();
        withoutMethodId.Remove("method_id");

        Assert.Empty(Contract.Strict.ValidateResponse("POST", "/v1/magic_links/authenticate", 200, response.Body));
        Assert.Contains("$.method_id: required property is missing", Contract.Strict.ValidateResponse("POST", "/v1/magic_links/authenticate", 200, withoutMethodId.ToJsonString()));

        // The spec's own schema for this operation is the B2B one (stytch-api.md §7.1): the consumer body fails it.
        Assert.Contains("$.member_id: required property is missing", Contract.Lenient.ValidateComponent("api_magic_v1_AuthenticateResponse", response.Body));
        Assert.Empty(Contract.Strict.ValidateRequest("POST", "/v1/magic_links/authenticate", "{\"token\":\"t\",\"session_duration_minutes\":60}"));
        Assert.Contains("$.token: required property is missing", Contract.Strict.ValidateRequest("POST", "/v1/magic_links/authenticate", "{\"magic_links_token\":\"t\"}"));
    }

    [Fact]
    public void ErrorBodiesAreCheckedForShapeAndStatus()
    {
        const string error = """{"status_code":404,"request_id":"request-id-test-b05c992f-ebdc-489d-a754-c7e70ba13141","error_type":"user_not_found","error_message":"User could not be found.","error_url":"https://stytch.com/docs/api/errors/404"}""";

        Assert.Empty(Contract.Strict.ValidateResponse("GET", "/v1/users/{user_id}", 404, error));
        Assert.Contains("$.status_code: must equal the HTTP status 400", Contract.Strict.ValidateResponse("GET", "/v1/users/{user_id}", 400, error));
        Assert.Contains("$.error_type: required property is missing", Contract.Strict.ValidateResponse("GET", "/v1/users/{user_id}", 500, """{"status_code":500,"request_id":"r","error_message":"m","error_url":"u"}"""));
        Assert.Contains("the spec has no path /v1/nope", Contract.Strict.ValidateResponse("GET", "/v1/nope", 200, "{}"));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"Not found\"")]
    [InlineData("""{"status_code":404.5,"request_id":"r","error_type":"t","error_message":"m","error_url":"u"}""")]
    [InlineData("""{"status_code":"404","request_id":"r","error_type":"t","error_message":"m","error_url":"u"}""")]
    [InlineData("""{"status_code":4294967296,"request_id":"r","error_type":"t","error_message":"m","error_url":"u"}""")]
    public void AnErrorBodyWithoutTheStatusAsAnIntegerStatusCodeIsAViolationNotAnException(string body) =>
        Assert.Contains("$.status_code: must equal the HTTP status 404", Contract.Strict.ValidateResponse("GET", "/v1/users/{user_id}", 404, body));

    [Fact]
    public void RequestsAreCheckedAgainstTheSpec()
    {
        Assert.Empty(Contract.Strict.ValidateRequest("POST", "/v1/users/{user_id}/connected_apps/{connected_app_id}/revoke", "{}"));
        Assert.Empty(Contract.Strict.ValidateRequest("POST", "/v1/passwords/authenticate", """{"email":"a@example.com","password":"p","session_duration_minutes":60}"""));
        Assert.Contains("$.password: required property is missing", Contract.Strict.ValidateRequest("POST", "/v1/passwords/authenticate", """{"email":"a@example.com"}"""));
        Assert.Contains("$.session_duration_minutes: expected integer, got number 1.5", Contract.Strict.ValidateRequest("POST", "/v1/sessions/authenticate", """{"session_token":"t","session_duration_minutes":1.5}"""));
        Assert.Equal("/v1/users/{user_id}/connected_apps", Contract.Strict.MatchPathTemplate("/v1/users/user-test-1/connected_apps"));
        Assert.Equal("/v1/users/search", Contract.Strict.MatchPathTemplate("/v1/users/search"));
    }

    /// <summary>Calls every emulated operation: its success and the errors the emulator documents.</summary>
    private static async Task DriveEveryOperationAsync(EmulatorHost host, StytchApi api, StytchApi anonymous)
    {
        var userId = host.FindUserId(Demo.Email)!;

        // Passwords.
        await api.PostAsync("v1/passwords", new JsonObject { ["email"] = "spec@example.com", ["password"] = "spec-password-1", ["session_duration_minutes"] = 60 });
        await api.PostAsync("v1/passwords", new JsonObject { ["email"] = "spec2@example.com", ["password"] = "spec-password-2" });
        await api.PostAsync("v1/passwords", new JsonObject { ["email"] = Demo.Email, ["password"] = "spec-password-1" });
        var login = await Login.DemoAsync(api);
        await api.PostAsync("v1/passwords/authenticate", new JsonObject { ["email"] = Demo.Email, ["password"] = Demo.Password });
        await api.PostAsync("v1/passwords/authenticate", new JsonObject { ["email"] = Demo.Email, ["password"] = "wrong-password" });
        await api.PostAsync("v1/passwords/authenticate", new JsonObject { ["email"] = "nobody@example.com", ["password"] = "whatever1" });

        // Magic links.
        const string verifier = "spec-verifier-0123456789-0123456789-0123456789";
        var challenge = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        await api.PostAsync("v1/magic_links/email/login_or_create", new JsonObject
        {
            ["email"] = "magic.spec@example.com",
            ["login_magic_link_url"] = "http://localhost:3000/authenticate",
            ["signup_magic_link_url"] = "http://localhost:3000/authenticate",
            ["code_challenge"] = challenge,
        });
        await api.PostAsync("v1/magic_links/email/login_or_create", new JsonObject { ["email"] = "not an email" });
        var magicToken = host.Inbox.Latest("magic.spec@example.com")!.Token;
        await api.PostAsync("v1/magic_links/authenticate", new JsonObject { ["token"] = magicToken, ["code_verifier"] = "wrong" });
        await api.PostAsync("v1/magic_links/authenticate", new JsonObject { ["token"] = magicToken, ["code_verifier"] = verifier, ["session_duration_minutes"] = 60 });
        await api.PostAsync("v1/magic_links/authenticate", new JsonObject { ["token"] = magicToken });
        await api.PostAsync("v1/magic_links/email/login_or_create", new JsonObject { ["email"] = Demo.Email, ["login_expiration_minutes"] = 5 });
        var expiring = host.Inbox.Latest(Demo.Email)!.Token;
        await api.PostAsync("v1/magic_links/email/login_or_create", new JsonObject { ["email"] = Demo.Email });
        await api.PostAsync("v1/magic_links/authenticate", new JsonObject { ["token"] = host.Inbox.Latest(Demo.Email)!.Token });

        // OAuth (user_session) and its errors.
        var oauthToken = OAuthFlow.Token(await OAuthFlow.SignInAsync(host, Demo.Email, challenge));
        await api.PostAsync("v1/oauth/authenticate", new JsonObject { ["token"] = oauthToken });
        await api.PostAsync("v1/oauth/authenticate", new JsonObject { ["token"] = oauthToken, ["code_verifier"] = verifier, ["session_duration_minutes"] = 60 });
        await api.PostAsync("v1/oauth/authenticate", new JsonObject { ["token"] = oauthToken });
        var plainOAuth = OAuthFlow.Token(await OAuthFlow.SignInAsync(host, "oauth.spec@example.com", provider: "microsoft"));
        await api.PostAsync("v1/oauth/authenticate", new JsonObject { ["token"] = plainOAuth });

        // Sessions.
        await api.PostAsync("v1/sessions/authenticate", new JsonObject { ["session_token"] = login.SessionToken });
        await api.PostAsync("v1/sessions/authenticate", new JsonObject { ["session_jwt"] = login.SessionJwt, ["session_duration_minutes"] = 120 });
        await api.PostAsync("v1/sessions/authenticate", new JsonObject { ["session_token"] = login.SessionToken, ["session_jwt"] = login.SessionJwt });
        await api.PostAsync("v1/sessions/authenticate", []);
        await api.PostAsync("v1/sessions/authenticate", new JsonObject { ["session_jwt"] = "garbage" });
        host.Faults.Add(new Fault { Operation = "sessions.authenticate", Status = 429 });
        await api.PostAsync("v1/sessions/authenticate", new JsonObject { ["session_token"] = login.SessionToken });
        await api.GetAsync($"v1/sessions/jwks/{host.Options.ProjectId}");
        await anonymous.GetAsync($"v1/sessions/jwks/{host.Options.ProjectId}");
        await api.GetAsync("v1/sessions/jwks/project-test-00000000-0000-4000-8000-000000000000");
        await api.PostAsync("v1/sessions/revoke", new JsonObject { ["session_id"] = login.SessionId });
        await api.PostAsync("v1/sessions/revoke", new JsonObject { ["session_id"] = login.SessionId });
        await api.PostAsync("v1/sessions/revoke", []);
        await api.PostAsync("v1/sessions/authenticate", new JsonObject { ["session_token"] = login.SessionToken });

        // Users and Connected Apps.
        await api.GetAsync($"v1/users/{userId}");
        await api.GetAsync("v1/users/malformed");
        await api.GetAsync($"v1/users/{Demo.UnknownUser}");
        await anonymous.GetAsync($"v1/users/{userId}");
        await api.GetAsync($"v1/users/{userId}/connected_apps");
        await api.GetAsync($"v1/users/{Demo.UnknownUser}/connected_apps");
        host.Faults.Add(new Fault { Operation = "users.connected_apps", Status = 500 });
        await api.GetAsync($"v1/users/{userId}/connected_apps");
        await api.PostRawAsync($"v1/users/{userId}/connected_apps/{Demo.CliApp}/revoke", "{}");
        await api.PostRawAsync($"v1/users/{userId}/connected_apps/{Demo.CliApp}/revoke", "{}");
        host.Faults.Add(new Fault { Operation = "users.revoke", Status = 429, RetryAfterSeconds = 1 });
        await api.PostRawAsync($"v1/users/{userId}/connected_apps/{Demo.MobileApp}/revoke", null);

        // Connected App clients: confidential (with its secret) and public, the seed, and errors.
        await api.PostAsync("v1/connected_apps/clients", new JsonObject
        {
            ["client_type"] = "third_party",
            ["client_name"] = "Spec app",
            ["client_description"] = "Created by the fidelity test.",
            ["redirect_urls"] = new JsonArray("https://spec.example.com/callback"),
            ["access_token_expiry_minutes"] = 30,
            ["access_token_custom_audience"] = "https://api.spec.example.com",
            ["logo_url"] = "https://spec.example.com/logo.png",
        });
        var created = await api.PostAsync("v1/connected_apps/clients", new JsonObject { ["client_type"] = "first_party_public", ["bypass_consent_for_offline_access"] = true });
        await api.PostAsync("v1/connected_apps/clients", new JsonObject { ["client_type"] = "third_party", ["redirect_urls"] = new JsonArray("not a url") });
        await anonymous.PostAsync("v1/connected_apps/clients", new JsonObject { ["client_type"] = "third_party" });
        await api.GetAsync($"v1/connected_apps/clients/{created.Json.GetProperty("connected_app").GetProperty("client_id").GetString()}");
        await api.GetAsync($"v1/connected_apps/clients/{IdpFlow.PartnerApp}");
        await api.GetAsync($"v1/connected_apps/clients/{Demo.UnknownApp}");

        // The IdP: preflight and submit (a code, a denial), and their errors.
        var idpLogin = await Login.DemoAsync(api);
        await IdpFlow.StartAsync(api, IdpFlow.StartBody(IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid email full_access", idpLogin.SessionToken, "consent"));
        var byUserId = IdpFlow.StartBody(IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid", idpLogin.SessionToken);
        byUserId.Remove("session_token");
        byUserId["user_id"] = idpLogin.UserId;
        await IdpFlow.StartAsync(api, byUserId);
        await IdpFlow.StartAsync(api, IdpFlow.StartBody(IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid nonsense", idpLogin.SessionToken));
        await IdpFlow.StartAsync(api, IdpFlow.StartBody(IdpFlow.PartnerApp, "https://evil.example/callback", "openid", idpLogin.SessionToken));
        await IdpFlow.StartAsync(api, IdpFlow.StartBody(Demo.UnknownApp, IdpFlow.PartnerRedirect, "openid", idpLogin.SessionToken));
        host.Faults.Add(new Fault { Operation = EmulatorOperations.IdpAuthorizeStart, Status = 429 });
        await IdpFlow.StartAsync(api, IdpFlow.StartBody(IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid", idpLogin.SessionToken));
        await IdpFlow.AuthorizeAsync(api, IdpFlow.AuthorizeBody(IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid", idpLogin.SessionToken, false, state: "s"));
        await IdpFlow.AuthorizeAsync(api, IdpFlow.AuthorizeBody(
            IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid email", idpLogin.SessionToken, true, challenge, "s", "n", "consent"));
        await IdpFlow.AuthorizeAsync(api, IdpFlow.AuthorizeBody(Demo.CliApp, IdpFlow.CliRedirect, "openid", idpLogin.SessionToken, true));
        await IdpFlow.AuthorizeAsync(api, IdpFlow.AuthorizeBody(IdpFlow.PartnerApp, "http://localhost:9/x", "openid", idpLogin.SessionToken, true));
        await IdpFlow.AuthorizeAsync(api, IdpFlow.AuthorizeBody(Demo.UnknownApp, IdpFlow.PartnerRedirect, "openid", idpLogin.SessionToken, true));
        host.Faults.Add(new Fault { Operation = EmulatorOperations.IdpAuthorize, Status = 500 });
        await IdpFlow.AuthorizeAsync(api, IdpFlow.AuthorizeBody(IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid", idpLogin.SessionToken, true));

        // Expiry last: it moves the clock.
        host.Clock.Advance(TimeSpan.FromMinutes(6));
        await api.PostAsync("v1/magic_links/authenticate", new JsonObject { ["token"] = expiring });
    }
}
