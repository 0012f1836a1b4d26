using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bff.Stytch;
using Bff.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bff.Tests.Stytch;

/// <summary>
/// What each Stytch operation puts on a real socket: a JSON body is framed with <c>Content-Length</c>, never
/// <c>Transfer-Encoding: chunked</c> (as every official Stytch SDK sends it; some proxies and gateways refuse chunked
/// request bodies). The operations are read from <see cref="StytchCall"/>, so an operation added there fails here
/// until it has a case in <see cref="Calls"/>.
/// </summary>
public sealed class StytchWireFramingTests : IAsyncLifetime
{
    private static readonly StytchUserId User = new("user-test-11111111-2222-4333-8444-555555555555");
    private static readonly ConnectedAppId App = ConnectedAppId.TryParse("connected-app-test-1", out var id) ? id.Value : throw new InvalidOperationException();

    /// <summary>How to make the BFF's Stytch client send each operation, by the name of its <see cref="StytchCall"/> field.</summary>
    private static readonly Dictionary<string, Func<StytchClient, CancellationToken, Task>> Calls = new(StringComparer.Ordinal)
    {
        [nameof(StytchCall.PasswordAuthenticate)] = (c, ct) => c.AuthenticatePasswordAsync("ada@example.com", "correct-horse", 60, ct),
        [nameof(StytchCall.MagicLinkAuthenticate)] = (c, ct) => c.AuthenticateMagicLinkAsync("magic-link-token-test-123", "code-verifier-test-123", 60, ct),
        [nameof(StytchCall.OAuthAuthenticate)] = (c, ct) => c.AuthenticateOAuthAsync("oauth-token-test-123", "code-verifier-test-123", 60, ct),
        [nameof(StytchCall.MagicLinkLoginOrCreate)] = (c, ct) => c.SendMagicLinkAsync("ada@example.com", new Uri("https://app.example.test/auth/callback"), "code-challenge-test-123", 15, ct),
        [nameof(StytchCall.SessionAuthenticate)] = (c, ct) => c.AuthenticateSessionAsync("session-token-test-123", ct),
        [nameof(StytchCall.SessionRevoke)] = (c, ct) => c.RevokeSessionAsync("session-test-123", ct),
        [nameof(StytchCall.ConnectedApps)] = (c, ct) => c.GetConnectedAppsAsync(User, ct),
        [nameof(StytchCall.RevokeConnectedApp)] = (c, ct) => c.RevokeConnectedAppAsync(User, App, ct),
        [nameof(StytchCall.IdpAuthorizeStart)] = (c, ct) => c.AuthorizeStartAsync(
            new IdpAuthorizeStartRequest("connected-app-test-1", "https://client.example.test/callback", "code", ["openid", "email"], "session-token-test-123"), ct),
        [nameof(StytchCall.IdpAuthorize)] = (c, ct) => c.AuthorizeAsync(
            new IdpAuthorizeRequest("connected-app-test-1", "https://client.example.test/callback", "code", ["openid"], ConsentGranted: true, "session-token-test-123",
                State: "state-test", CodeChallenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", Resources: ["https://api.example.test/"]), ct),
    };

    private readonly RawRequestRecorder _stytch = new("""{"status_code":200,"request_id":"request-id-test-framing"}""");
    private BffFactory _factory = null!;

    public static TheoryData<string> Operations => [.. OperationFields().Select(f => f.Name)];

    public ValueTask InitializeAsync()
    {
        _factory = new BffFactory { UseFakeStytch = false };
        _factory.Settings["Stytch:BaseUrl"] = _stytch.BaseUrl.ToString();
        _factory.Settings["Stytch:MaxRetries"] = "0";
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _stytch.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task EveryStytchOperationFramesItsRequestWithContentLengthAndNeverChunked(string operation)
    {
        var ct = TestContext.Current.CancellationToken;
        var call = (StytchCall)OperationFields().Single(f => f.Name == operation).GetValue(null)!;
        Assert.True(Calls.TryGetValue(operation, out var send),
            $"StytchCall.{operation} ({call.Method} {call.PathTemplate}) has no case in {nameof(StytchWireFramingTests)}.{nameof(Calls)}: add one, so its wire framing is checked.");

        await send(_factory.Services.GetRequiredService<StytchClient>(), ct);

        var request = Assert.Single(_stytch.Requests);
        Assert.Equal(call.Method, request.Method);
        Assert.Matches(TemplatePattern(call.PathTemplate), request.Target);
        Assert.Null(request.Header("Transfer-Encoding"));
        if (call.Method == "GET")
        {
            // No content: no framing header at all (RFC 9110 §8.6), and nothing after the head.
            Assert.True(request.Header("Content-Length") is null or "0", $"GET with Content-Length {request.Header("Content-Length")}");
            Assert.Empty(request.Body);
            return;
        }

        var length = request.Header("Content-Length");
        Assert.False(length is null, $"{call.Method} {call.PathTemplate} went out without Content-Length: {string.Join(", ", request.Headers.Select(h => h.Name))}");
        Assert.Equal(request.Body.Length, int.Parse(length, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(request.Body).RootElement.ValueKind);
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
    }

    [Fact]
    public void TheOperationListIsReadFromStytchCall()
    {
        // Guards the reflection above: if it found nothing, the theory would pass vacuously.
        Assert.True(OperationFields().Count() >= Calls.Count, "Fewer StytchCall fields than cases: the enumeration is broken.");
        Assert.All(Calls.Keys, name => Assert.Contains(name, OperationFields().Select(f => f.Name)));
    }

    private static IEnumerable<FieldInfo> OperationFields() =>
        typeof(StytchCall).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.FieldType == typeof(StytchCall));

    private static string TemplatePattern(string template) =>
        "^" + Regex.Replace(Regex.Escape(template), @"\\\{[a-z_]+}", "[^/?#]+") + "$";
}
