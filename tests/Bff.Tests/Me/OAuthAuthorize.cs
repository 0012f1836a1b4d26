using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bff.Tests.Infrastructure;

namespace Bff.Tests.Me;

/// <summary>What the consent tests share: the BFF paths, a client, and valid bodies to vary.</summary>
internal static class OAuthAuthorize
{
    public const string StartPath = "/me/oauth/authorize/start";
    public const string AuthorizePath = "/me/oauth/authorize";
    public const string StytchStart = "/v1/idp/oauth/authorize/start";
    public const string StytchAuthorize = "/v1/idp/oauth/authorize";
    public const string ClientId = "connected-app-test-d731954d-dab3-4a2b-bdee-07f3ad1be888";
    public const string RedirectUri = "https://client.example.test/callback?tenant=7";
    public const string State = "state-KNOWN-7f3c9a1e";
    public const string Nonce = "nonce-KNOWN-2b8d4f6a";
    public const string CodeChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    public const string Code = "code-KNOWN-5e1a9c3b7d";

    /// <summary>The preflight body a consent page sends for <c>?client_id=…&amp;redirect_uri=…&amp;response_type=code&amp;scope=…</c>.</summary>
    public static JsonObject StartBody(string scope = "openid email offline_access") => new()
    {
        ["client_id"] = ClientId,
        ["redirect_uri"] = RedirectUri,
        ["response_type"] = "code",
        ["scope"] = scope,
    };

    /// <summary>The submit body with every optional field.</summary>
    public static JsonObject AuthorizeBody(bool consentGranted = true, string scope = "openid email offline_access") => new()
    {
        ["client_id"] = ClientId,
        ["redirect_uri"] = RedirectUri,
        ["response_type"] = "code",
        ["scope"] = scope,
        ["prompt"] = "consent",
        ["state"] = State,
        ["nonce"] = Nonce,
        ["code_challenge"] = CodeChallenge,
        ["code_challenge_method"] = "S256",
        ["resource"] = new JsonArray("https://api.example.test/", "https://notes.example.test/v1"),
        ["consent_granted"] = consentGranted,
    };

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, JsonNode body, CancellationToken ct) =>
        client.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), ct);

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string path, string body, CancellationToken ct, string contentType = "application/json") =>
        client.PostAsync(path, new StringContent(body, Encoding.UTF8, contentType), ct);

    /// <summary>The recorded body of the one call to <paramref name="path"/>, parsed.</summary>
    public static JsonObject SentTo(this FakeStytch stytch, string path) =>
        JsonNode.Parse(Assert.Single(stytch.Requests, r => r.Path == path).Body!)!.AsObject();

    public static int IdpCalls(this FakeStytch stytch) => stytch.Count("/v1/idp/");

    public static async Task<JsonObject> JsonAsync(this HttpResponseMessage response, CancellationToken ct) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!;

    /// <summary>Asserts JSON equality (member order aside) with both documents in the message.</summary>
    public static void AssertJsonEqual(JsonNode expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected.ToJsonString()}\n  actual {actual?.ToJsonString()}");
}
