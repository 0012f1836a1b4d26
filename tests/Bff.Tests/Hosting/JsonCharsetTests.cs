using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Bff.Tests.Infrastructure;
using Serilog.Events;

namespace Bff.Tests.Hosting;

/// <summary>
/// JSON request bodies are UTF-8 (RFC 8259 §8.1). A <c>charset</c> that is not UTF-8, known to .NET or not, is a 415
/// problem answered before the body is read: no 500, no stack trace in the Error log, no Stytch call.
/// </summary>
public sealed class JsonCharsetTests : BffTest
{
    private const string Login = """{"email":"ada@example.com","password":"correct-horse"}""";

    [Theory]
    [InlineData("/auth/password", "application/json; charset=utf-7")]
    [InlineData("/auth/password", "application/json; charset=x-no-such-charset")]
    [InlineData("/auth/password", "application/json; charset=\"utf-7\"")]
    [InlineData("/auth/password", "application/json; charset=iso-8859-1")]
    [InlineData("/auth/password", "application/json; charset=utf-32")]
    [InlineData("/auth/magic-link", "application/json; charset=utf-7")]
    [InlineData("/auth/magic-link", "application/problem+json; charset=x-no-such-charset")]
    public async Task AJsonBodyInACharsetOtherThanUtf8Is415WithoutAnErrorLog(string path, string contentType)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = Factory.CreateSpaClient();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Login));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await client.PostAsync(path, content, ct);

        await Problem.AssertAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        Assert.Empty(Factory.Stytch.Requests);
        await Task.Delay(100, ct); // the request log line is written after the response
        Assert.DoesNotContain(Factory.Logs.Events, e => e.Level >= LogEventLevel.Error);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json; charset=UTF-8")]
    [InlineData("application/json;charset=\"utf-8\"")]
    public async Task UndeclaredOrUtf8CharsetIsAccepted(string contentType)
    {
        var ct = TestContext.Current.CancellationToken;
        var user = new TestUser("ada@example.com", "correct-horse");
        Factory.Stytch.On("POST", "/v1/passwords/authenticate", FakeReply.Json(StytchShapes.Login(user, Factory.Clock.GetUtcNow())));
        var client = Factory.CreateSpaClient();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Login));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        using var response = await client.PostAsync("/auth/password", content, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
