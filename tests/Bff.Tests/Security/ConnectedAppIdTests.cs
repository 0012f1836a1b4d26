using System.Net;
using Bff.Stytch;
using Bff.Tests.Infrastructure;

namespace Bff.Tests.Security;

/// <summary>No connected-app id, however encoded, can make the BFF call a Stytch path other than the intended one.</summary>
public sealed class ConnectedAppIdTests : BffTest
{
    private readonly TestUser _user = new("ada@example.com", "correct-horse");

    /// <summary>
    /// Hostile ids as the SPA would hold them; the test sends them the way fetch does, with encodeURIComponent.
    /// (%00 is in <see cref="RawPathTests"/>: the in-process test server's own decoder throws on it.)
    /// </summary>
    public static TheoryData<string> BadIds() =>
    [
        "..", ".", "../..", "/", "a/b", "a/../../b", "../../../v1/sessions/revoke", "%2F", "%2f", "%252F", "%2E%2E",
        "?", "a?x=1", "#", "a#b", "\n", "a\r\nb", "\u001b", "\u007f", "\t",
        "\\", "a\\..\\b", "\u00e9", "app\uff0fx", "\u202e", "\U0001F600", "\u0430pp",
        " ", "a b", "a;b", "a:b", "a@b", "a.b", "a%b", "-leading-dash", "_x", "",
        new string('a', ConnectedAppId.MaxLength + 1),
        new string('a', 10 * 1024),
    ];

    [Theory]
    [MemberData(nameof(BadIds))]
    public async Task ABadConnectedAppIdIsRefusedAndNeverReachesStytch(string id)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);

        var response = await client.PostAsync($"/me/connected-apps/{Uri.EscapeDataString(id)}/revoke", null, ct);

        Assert.True(
            response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed,
            $"{Uri.EscapeDataString(id)} → {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        await Problem.AssertAsync(response, response.StatusCode);
        var only = Assert.Single(Factory.Stytch.Requests);
        Assert.Equal("/v1/passwords/authenticate", only.Path);
        Assert.Empty(Factory.Stytch.Unexpected);
    }

    [Theory]
    [InlineData("connected-app-test-d731954d-dab3-4a2b-bdee-07f3ad1be888")]
    [InlineData("A")]
    [InlineData("app_1-2")]
    public async Task AGoodIdReachesExactlyTheIntendedStytchPath(string id)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        var path = $"/v1/users/{_user.UserId}/connected_apps/{id}/revoke";
        Factory.Stytch.On("POST", path, FakeReply.Ack());

        var response = await client.PostAsync($"/me/connected-apps/{id}/revoke", null, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = Assert.Single(Factory.Stytch.Requests, r => r.Path != "/v1/passwords/authenticate");
        Assert.Equal(path, call.RawPathAndQuery);
    }

    [Fact]
    public async Task AnIdOfExactlyTheMaximumLengthIsAccepted()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        var id = new string('a', ConnectedAppId.MaxLength);
        Factory.Stytch.On("POST", $"/v1/users/{_user.UserId}/connected_apps/{id}/revoke", FakeReply.Ack());

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/me/connected-apps/{id}/revoke", null, ct)).StatusCode);
    }

    [Fact]
    public void TheIdCharsetIsExactlyAsciiLettersDigitsDashAndUnderscore()
    {
        for (var c = (char)0; c < char.MaxValue; c++)
        {
            var expected = char.IsAsciiLetterOrDigit(c) || c is '-' or '_';
            Assert.True(expected == ConnectedAppId.TryParse("a" + c, out _), $"U+{(int)c:X4}");
        }
    }

    [Theory]
    [InlineData("..", "%2E%2E")]
    [InlineData(".", "%2E")]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("a?b#c", "a%3Fb%23c")]
    [InlineData("a%2Fb", "a%252Fb")]
    [InlineData("a\\b", "a%5Cb")]
    [InlineData("user-test-1", "user-test-1")]
    public void ASegmentIsEscapedSoItCanNeverChangeThePath(string value, string expected) =>
        Assert.Equal(expected, StytchClient.Segment(value));
}
