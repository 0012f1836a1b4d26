using System.Text;
using Bff.Sessions;

namespace Bff.Tests.Sessions;

/// <summary>
/// The session JWT's expiry is read from its unpadded base64url payload (System.Buffers.Text.Base64Url since issue
/// 13): every payload length, so every amount of stripped padding, reads as the hand-rolled decoder read it.
/// </summary>
public sealed class JwtExpiryTests
{
    [Theory]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("xy")]
    [InlineData("xyz")]
    [InlineData("a-longer-subject-with-characters-that-encode-to-dash-and-underscore-???>>>")]
    public void TheExpiryIsReadWhateverPaddingThePayloadLost(string subject)
    {
        var exp = DateTimeOffset.FromUnixTimeSeconds(1_900_000_000);
        var payload = Encoding.UTF8.GetBytes($$"""{"sub":"{{subject}}","exp":{{exp.ToUnixTimeSeconds()}}}""");
        var jwt = $"eyJhbGciOiJSUzI1NiJ9.{OldBase64UrlEncode(payload)}.c2ln";

        Assert.Equal(exp, SessionTicket.ReadJwtExpiry(jwt));
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("a.!!!.c")]
    [InlineData("a.e30.c")] // {} : no exp
    public void AMalformedJwtHasNoExpiry(string jwt) => Assert.Null(SessionTicket.ReadJwtExpiry(jwt));

    /// <summary>What the BFF's hand-rolled encoder produced before issue 13 (the format stored sessions hold).</summary>
    private static string OldBase64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
