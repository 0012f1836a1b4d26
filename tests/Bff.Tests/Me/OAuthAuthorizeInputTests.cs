using System.Net;
using System.Text.Json.Nodes;
using Bff.Tests.Infrastructure;
using static Bff.Tests.Me.OAuthAuthorize;

namespace Bff.Tests.Me;

/// <summary>One BFF and one logged-in user for the whole catalogue (xunit runs a class's cases one at a time).</summary>
public sealed class LoggedInBff : IAsyncLifetime
{
    public BffFactory Factory { get; } = new();

    public TestUser User { get; } = new("ada@example.com", "correct-horse");

    public HttpClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Client = await Factory.LoginAsync(User, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}

/// <summary>
/// Bad input to the consent endpoints: each case is a 400 (413/415) problem+json, and Stytch is not called. The
/// double has no IdP route registered, so a call that slipped through would also be recorded as unexpected.
/// </summary>
public sealed class OAuthAuthorizeInputTests(LoggedInBff bff) : IClassFixture<LoggedInBff>
{
    private const string Long = "https://client.example.test/";

    /// <summary>(case, path, body): each body is a valid one with one thing wrong.</summary>
    public static TheoryData<string, string, string> BadBodies()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var path in new[] { StartPath, AuthorizePath })
        {
            var name = path == StartPath ? "start" : "authorize";
            void Add(string label, Action<JsonObject> change)
            {
                var body = path == StartPath ? StartBody() : AuthorizeBody();
                change(body);
                data.Add($"{name}: {label}", path, body.ToJsonString());
            }

            Add("missing client_id", b => b.Remove("client_id"));
            Add("empty client_id", b => b["client_id"] = "");
            Add("null client_id", b => b["client_id"] = null);
            Add("client_id with a slash", b => b["client_id"] = "connected-app-test-1/../../v1/users");
            Add("client_id with a space", b => b["client_id"] = "connected app");
            Add("client_id with a NUL", b => b["client_id"] = "connected-app-test-1\u0000");
            Add("client_id of 129 characters", b => b["client_id"] = new string('c', 129));
            Add("client_id as a number", b => b["client_id"] = 42);
            Add("missing redirect_uri", b => b.Remove("redirect_uri"));
            Add("empty redirect_uri", b => b["redirect_uri"] = "");
            Add("relative redirect_uri", b => b["redirect_uri"] = "/callback");
            Add("scheme-relative redirect_uri", b => b["redirect_uri"] = "//evil.example/callback");
            Add("javascript: redirect_uri", b => b["redirect_uri"] = "javascript:alert(1)");
            Add("data: redirect_uri", b => b["redirect_uri"] = "data:text/html,<script>alert(1)</script>");
            Add("file: redirect_uri", b => b["redirect_uri"] = "file:///etc/passwd");
            Add("custom-scheme redirect_uri", b => b["redirect_uri"] = "com.example.app:/callback");
            Add("ftp redirect_uri", b => b["redirect_uri"] = "ftp://client.example.test/cb");
            Add("redirect_uri without a host", b => b["redirect_uri"] = "https:///callback");
            Add("redirect_uri with a fragment", b => b["redirect_uri"] = "https://client.example.test/cb#frag");
            Add("redirect_uri with user info", b => b["redirect_uri"] = "https://user:pw@client.example.test/cb");
            Add("redirect_uri with a space", b => b["redirect_uri"] = "https://client.example.test/c b");
            Add("redirect_uri with CR LF", b => b["redirect_uri"] = "https://client.example.test/cb\r\nLocation: https://evil.example");
            Add("redirect_uri with a NUL", b => b["redirect_uri"] = "https://client.example.test/cb\u0000");
            Add("redirect_uri with a non-ASCII character", b => b["redirect_uri"] = "https://client.example.test/caf\u00e9");
            Add("redirect_uri with a backslash", b => b["redirect_uri"] = "https://client.example.test\\@evil.example/cb");
            Add("redirect_uri with angle brackets", b => b["redirect_uri"] = "https://client.example.test/<script>");
            Add("redirect_uri with one slash after the scheme", b => b["redirect_uri"] = "https:/client.example.test/cb");
            Add("redirect_uri of 2049 characters", b => b["redirect_uri"] = Long + new string('p', 2049 - Long.Length));
            Add("redirect_uri as an array", b => b["redirect_uri"] = new JsonArray(RedirectUri));
            Add("response_type with a NUL", b => b["response_type"] = "code\u0000");
            Add("response_type with a tab", b => b["response_type"] = "code\ttoken");
            Add("response_type of 65 characters", b => b["response_type"] = new string('c', 65));
            Add("response_type as a number", b => b["response_type"] = 1);
            Add("scope with a line feed", b => b["scope"] = "openid\nemail");
            Add("scope with a quote", b => b["scope"] = "openid \"email\"");
            Add("scope with a backslash", b => b["scope"] = "openid\\email");
            Add("scope with a non-ASCII character", b => b["scope"] = "openid \u00e9mail");
            Add("scope of 2049 characters", b => b["scope"] = new string('s', 2049));
            Add("51 scopes", b => b["scope"] = string.Join(' ', Enumerable.Range(0, 51).Select(i => $"s{i}")));
            Add("scope as an array", b => b["scope"] = new JsonArray("openid"));
            Add("prompt with a control character", b => b["prompt"] = "consent\u0007");
            Add("prompt of 129 characters", b => b["prompt"] = new string('p', 129));
            Add("an unknown field", b => b["redirect_url"] = RedirectUri);
            Add("a scopes array next to scope", b => b["scopes"] = new JsonArray("openid"));
        }

        void AddAuthorize(string label, Action<JsonObject> change)
        {
            var body = AuthorizeBody();
            change(body);
            data.Add($"authorize: {label}", AuthorizePath, body.ToJsonString());
        }

        AddAuthorize("missing consent_granted", b => b.Remove("consent_granted"));
        AddAuthorize("null consent_granted", b => b["consent_granted"] = null);
        AddAuthorize("consent_granted as a string", b => b["consent_granted"] = "true");
        AddAuthorize("consent_granted as a number", b => b["consent_granted"] = 1);
        AddAuthorize("code_challenge_method plain", b => b["code_challenge_method"] = "plain");
        AddAuthorize("code_challenge_method in lower case", b => b["code_challenge_method"] = "s256");
        AddAuthorize("code_challenge_method RS256", b => b["code_challenge_method"] = "RS256");
        AddAuthorize("code_challenge_method without code_challenge", b => b.Remove("code_challenge"));
        AddAuthorize("code_challenge_method with an empty code_challenge", b => b["code_challenge"] = "");
        AddAuthorize("code_challenge of 42 characters", b => b["code_challenge"] = CodeChallenge[..42]);
        AddAuthorize("code_challenge of 129 characters", b => b["code_challenge"] = new string('c', 129));
        AddAuthorize("code_challenge with '+' and '/'", b => b["code_challenge"] = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+c/");
        AddAuthorize("code_challenge with padding", b => b["code_challenge"] = CodeChallenge + "=");
        AddAuthorize("state with CR LF", b => b["state"] = "abc\r\nSet-Cookie: x=y");
        AddAuthorize("state with a NUL", b => b["state"] = "abc\u0000");
        AddAuthorize("state with a non-ASCII character", b => b["state"] = "\u00e9t\u00e9");
        AddAuthorize("state of 2049 characters", b => b["state"] = new string('s', 2049));
        AddAuthorize("state as an object", b => b["state"] = new JsonObject { ["a"] = 1 });
        AddAuthorize("nonce with a tab", b => b["nonce"] = "n\tonce");
        AddAuthorize("nonce of 513 characters", b => b["nonce"] = new string('n', 513));
        AddAuthorize("resource as a string", b => b["resource"] = "https://api.example.test/");
        AddAuthorize("a relative resource", b => b["resource"] = new JsonArray("/api"));
        AddAuthorize("a resource with a fragment", b => b["resource"] = new JsonArray("https://api.example.test/#x"));
        AddAuthorize("a resource with a space", b => b["resource"] = new JsonArray("https://api.example.test/a b"));
        AddAuthorize("a resource that is a path", b => b["resource"] = new JsonArray("/etc/passwd"));
        AddAuthorize("an empty resource", b => b["resource"] = new JsonArray(""));
        AddAuthorize("a null resource", b => b["resource"] = new JsonArray((JsonNode?)null));
        AddAuthorize("a resource of 2049 characters", b => b["resource"] = new JsonArray(Long + new string('r', 2049 - Long.Length)));
        AddAuthorize("11 resources", b => b["resource"] = new JsonArray([.. Enumerable.Range(0, 11).Select(i => (JsonNode)$"https://api{i}.example.test/")]));
        AddAuthorize("a resources array (Stytch's name)", b => b["resources"] = new JsonArray("https://api.example.test/"));
        return data;
    }

    /// <summary>(case, path, raw body): bodies that are not a JSON object at all.</summary>
    public static TheoryData<string, string, string> NotAnObject()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var path in new[] { StartPath, AuthorizePath })
        {
            var name = path == StartPath ? "start" : "authorize";
            data.Add($"{name}: junk JSON", path, "{\"client_id\":");
            data.Add($"{name}: a JSON array", path, "[]");
            data.Add($"{name}: a JSON string", path, "\"client_id\"");
            data.Add($"{name}: JSON null", path, "null");
            data.Add($"{name}: an empty body", path, "");
            data.Add($"{name}: nesting 1000 deep", path, "{\"client_id\":" + new string('[', 1000) + new string(']', 1000) + "}");
            data.Add($"{name}: the form encoding", path, "client_id=x&redirect_uri=https%3A%2F%2Fclient.example.test%2Fcb");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task ABadFieldIs400AndStytchIsNotCalled(string name, string path, string body)
    {
        var ct = TestContext.Current.CancellationToken;
        var before = bff.Factory.Stytch.Requests.Count;

        var response = await bff.Client.PostRawAsync(path, body, ct);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(Problem.Text(problem, "error_type"), new[] { "invalid_request", "invalid_json_body" });
        Assert.Equal(before, bff.Factory.Stytch.Requests.Count);
        Assert.Empty(bff.Factory.Stytch.Unexpected);
    }

    [Theory]
    [MemberData(nameof(NotAnObject))]
    public async Task ABodyThatIsNotAJsonObjectIs400AndStytchIsNotCalled(string name, string path, string body)
    {
        var ct = TestContext.Current.CancellationToken;
        var before = bff.Factory.Stytch.Requests.Count;

        var response = await bff.Client.PostRawAsync(path, body, ct);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid_json_body");
        Assert.Equal(before, bff.Factory.Stytch.Requests.Count);
    }

    [Theory]
    [InlineData(StartPath)]
    [InlineData(AuthorizePath)]
    public async Task ABodyOfAnotherMediaTypeIs415(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        var before = bff.Factory.Stytch.Requests.Count;

        var response = await bff.Client.PostRawAsync(path, StartBody().ToJsonString(), ct, "text/plain");

        await Problem.AssertAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        Assert.Equal(before, bff.Factory.Stytch.Requests.Count);
    }

    [Fact]
    public async Task AValidationProblemNamesTheFieldAndSaysWhatIsExpected()
    {
        var ct = TestContext.Current.CancellationToken;
        var body = AuthorizeBody();
        body["code_challenge_method"] = "plain";

        var response = await bff.Client.PostJsonAsync(AuthorizePath, body, ct);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Contains("code_challenge_method must be S256", Problem.Text(problem, "error_message"), StringComparison.Ordinal);
        Assert.True(problem.GetProperty("errors").TryGetProperty("CodeChallengeMethod", out _), problem.ToString());
    }

    [Theory]
    [InlineData(StartPath, "{\"client_id\":\"c\",\"redirect_uri\":\"https://client.example.test/cb\",\"user_id\":\"user-test-victim\"}")]
    [InlineData(AuthorizePath, "{\"client_id\":\"c\",\"redirect_uri\":\"https://client.example.test/cb\",\"consent_granted\":\"yes\"}")]
    [InlineData(AuthorizePath, "{\"client_id\":")]
    public async Task ABodyThatCannotBeReadIsAProblemThatSaysWhatTheBodyMustBe(string path, string body)
    {
        var ct = TestContext.Current.CancellationToken;

        var response = await bff.Client.PostRawAsync(path, body, ct);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid_json_body");
        var message = Problem.Text(problem, "error_message")!;
        Assert.Contains("client_id, redirect_uri, response_type, scope, prompt", message, StringComparison.Ordinal);
        Assert.Contains("user_id, session_token or session_jwt too", message, StringComparison.Ordinal);
        Assert.Equal(path == AuthorizePath, message.Contains("consent_granted (true or false)", StringComparison.Ordinal));
    }

    /// <summary>(case, path, body): unusual values a real client may send, which must not be refused.</summary>
    public static TheoryData<string, string, string> GoodBodies()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var path in new[] { StartPath, AuthorizePath })
        {
            var name = path == StartPath ? "start" : "authorize";
            void Add(string label, Action<JsonObject> change)
            {
                var body = path == StartPath ? StartBody() : AuthorizeBody();
                change(body);
                data.Add($"{name}: {label}", path, body.ToJsonString());
            }

            Add("the catalogue's valid body, unchanged", _ => { });
            Add("a loopback http redirect_uri with a port (RFC 8252)", b => b["redirect_uri"] = "http://127.0.0.1:53682/callback");
            Add("an IPv6 loopback redirect_uri", b => b["redirect_uri"] = "http://[::1]:8080/cb");
            Add("a redirect_uri with a percent-encoded query", b => b["redirect_uri"] = "https://client.example.test/cb?next=%2Fhome%20page&x=1");
            Add("an upper-case scheme", b => b["redirect_uri"] = "HTTPS://client.example.test/cb");
            Add("a redirect_uri of 2048 characters", b => b["redirect_uri"] = Long + new string('p', 2048 - Long.Length));
            Add("a client_id of 128 characters", b => b["client_id"] = new string('c', 128));
            Add("URL-like and colon scopes", b => b["scope"] = "openid notes:read https://api.example.test/notes.write");
            Add("50 scopes", b => b["scope"] = string.Join(' ', Enumerable.Range(0, 50).Select(i => $"s{i}")));
            Add("response_type of two names", b => b["response_type"] = "code id_token");
            Add("prompt of two values", b => b["prompt"] = "login consent");
            Add("null optional fields", b => { b["scope"] = null; b["response_type"] = null; b["prompt"] = null; });
        }

        data.Add("authorize: state with spaces and symbols", AuthorizePath, With(b => b["state"] = "a b=c&d/e?f{g}|~!'()*"));
        data.Add("authorize: a 2048-character state", AuthorizePath, With(b => b["state"] = new string('s', 2048)));
        data.Add("authorize: a 128-character code_challenge", AuthorizePath, With(b => b["code_challenge"] = new string('c', 128)));
        data.Add("authorize: a code_challenge without code_challenge_method", AuthorizePath, With(b => b.Remove("code_challenge_method")));
        data.Add("authorize: no PKCE at all", AuthorizePath, With(b => { b.Remove("code_challenge"); b.Remove("code_challenge_method"); }));
        data.Add("authorize: a URN resource", AuthorizePath, With(b => b["resource"] = new JsonArray("urn:example:notes-api")));
        data.Add("authorize: 10 resources", AuthorizePath, With(b => b["resource"] = new JsonArray([.. Enumerable.Range(0, 10).Select(i => (JsonNode)$"https://api{i}.example.test/")])));
        data.Add("authorize: null resource", AuthorizePath, With(b => b["resource"] = null));
        return data;

        static string With(Action<JsonObject> change)
        {
            var body = AuthorizeBody();
            change(body);
            return body.ToJsonString();
        }
    }

    /// <summary>The control cases: valid bodies, also the catalogue's own, reach Stytch, so each refusal above is about its one change.</summary>
    [Theory]
    [MemberData(nameof(GoodBodies))]
    public async Task AValidBodyReachesStytch(string name, string path, string body)
    {
        var ct = TestContext.Current.CancellationToken;
        var stytch = path == StartPath ? StytchStart : StytchAuthorize;
        bff.Factory.Stytch.On("POST", stytch, FakeReply.Json(path == StartPath
            ? StytchShapes.AuthorizeStart(bff.User, ClientId, consentRequired: true, ["openid"])
            : StytchShapes.Authorize(RedirectUri, Code)));
        var before = bff.Factory.Stytch.Count("POST", stytch);
        try
        {
            var response = await bff.Client.PostRawAsync(path, body, ct);

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
            Assert.Equal(before + 1, bff.Factory.Stytch.Count("POST", stytch));
        }
        finally
        {
            bff.Factory.Stytch.Reset(); // the other cases run with no IdP route
            bff.Factory.Stytch.On("POST", "/v1/passwords/authenticate", FakeReply.Json(StytchShapes.Login(bff.User, bff.Factory.Clock.GetUtcNow())));
        }
    }
}
