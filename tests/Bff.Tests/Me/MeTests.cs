using System.Net;
using System.Text.Json;
using Bff.Tests.Infrastructure;

namespace Bff.Tests.Me;

public sealed class MeTests : BffTest
{
    private readonly TestUser _user = new("ada@example.com", "correct-horse", "Ada", "Lovelace");

    [Fact]
    public async Task MeShowsTheUserAndTheSessionButNeverAToken()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        var loggedInAt = Factory.Clock.GetUtcNow();

        var response = await client.GetAsync("/me", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync(ct);
        using var me = JsonDocument.Parse(text);
        var root = me.RootElement;
        Assert.Equal(_user.UserId, root.GetProperty("user_id").GetString());
        Assert.Equal(_user.SessionId, root.GetProperty("session_id").GetString());
        Assert.Equal([_user.Email], root.GetProperty("emails").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("Ada", root.GetProperty("name").GetProperty("first_name").GetString());
        Assert.Equal("Lovelace", root.GetProperty("name").GetProperty("last_name").GetString());
        var expiresAt = root.GetProperty("expires_at").GetDateTimeOffset();
        Assert.InRange(expiresAt, loggedInAt.AddMinutes(59), loggedInAt.AddMinutes(61)); // the idle timeout comes first
        var factor = Assert.Single(root.GetProperty("authentication_factors").EnumerateArray());
        Assert.Equal("password", factor.GetProperty("type").GetString());
        Assert.Equal("knowledge", factor.GetProperty("delivery_method").GetString());
        Assert.True(factor.TryGetProperty("last_authenticated_at", out _));
        Assert.DoesNotContain(_user.SessionToken, text, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ", text, StringComparison.Ordinal); // no JWT (base64 of '{"')
        Assert.DoesNotContain("token", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("jwt", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task MeIsAnsweredFromTheServerSideSessionWithoutCallingStytch()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);

        await client.GetAsync("/me", ct);
        await client.GetAsync("/me?slide=false", ct);

        Assert.Single(Factory.Stytch.Requests);
    }
}
