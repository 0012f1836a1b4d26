using Bff.Auth;
using Bff.Me;
using Bff.Sessions;
using Bff.Stytch;

namespace Bff.Tests.Security;

/// <summary>C# records print every member; the ones that hold a secret must not, or one careless log line leaks it.</summary>
public sealed class SecretRecordsTests
{
    private const string Secret = "KNOWN-secret-value-123";
    private static readonly StytchUser User = new("user-test-1", [new StytchEmail("email-test-1", "ada@example.com", true)]);
    private static readonly StytchSession Session = new("session-test-1", "user-test-1", []);

    public static TheoryData<object> RecordsHoldingSecrets() =>
    [
        new PasswordLoginRequest("ada@example.com", Secret),
        new PasswordAuthenticateRequest("ada@example.com", Secret, 60),
        new MagicLinkAuthenticateRequest(Secret, 60),
        new OAuthAuthenticateRequest(Secret, 60, Secret),
        new SessionAuthenticateRequest(Secret),
        new StytchLogin("request-id-test-1", "user-test-1", Secret, Secret, Session, User),
        new SessionAuthenticateResponse("request-id-test-1", 200, Secret, Secret, Session, User),
        new PasswordAuthenticateResponse("request-id-test-1", 200, "user-test-1", Secret, Secret, User, Session),
        new MagicLinkAuthenticateResponse("request-id-test-1", 200, "user-test-1", Secret, Secret, User, Session),
        new OAuthAuthenticateResponse("request-id-test-1", 200, "user-test-1", Secret, Secret, User, Session),
        new RefreshOutcome.Refreshed(Secret, Secret, null, DateTimeOffset.UnixEpoch),
        new IdpAuthorizeStartRequest("connected-app-test-1", "https://client.example.test/cb", "code", ["openid"], Secret),
        new IdpAuthorizeRequest("connected-app-test-1", "https://client.example.test/cb", "code", ["openid"], true, Secret, null, Secret, Secret, Secret),
        new IdpAuthorizeResponse("request-id-test-1", 200, $"https://client.example.test/cb?code={Secret}", Secret),
        new AuthorizeRequest("connected-app-test-1", "https://client.example.test/cb", "code", "openid", null, Secret, Secret, Secret, "S256", null, true),
        new AuthorizeResponse(200, "request-id-test-1", $"https://client.example.test/cb?code={Secret}"),
    ];

    [Theory]
    [MemberData(nameof(RecordsHoldingSecrets))]
    public void ARecordHoldingASecretNeverPrintsIt(object record) =>
        Assert.DoesNotContain(Secret, record.ToString(), StringComparison.Ordinal);
}
