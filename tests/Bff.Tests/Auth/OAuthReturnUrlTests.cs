using System.Net;
using Bff.Tests.Infrastructure;

namespace Bff.Tests.Auth;

/// <summary>The demo SPA starts OAuth with <c>/auth/oauth/{provider}?return_url=/path</c> and expects to come back there.</summary>
public sealed class OAuthReturnUrlTests : BffTest
{
    private readonly TestUser _user = new("ada@example.com", "correct-horse");

    [Fact]
    public async Task TheReturnUrlGivenAtOAuthStartIsWhereTheCallbackRedirects()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = Factory.CreateSpaClient(csrf: false);
        Factory.Stytch.On("POST", "/v1/oauth/authenticate", FakeReply.Json(StytchShapes.OAuthLogin(_user, Factory.Clock.GetUtcNow())));

        using var start = await client.GetAsync("/auth/oauth/google?return_url=%2Faccount%3Ftab%3Dapps", ct);
        using var callback = await client.GetAsync("/auth/callback?stytch_token_type=oauth&token=oauth-token-test-0123456789", ct);

        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/account?tab=apps", callback.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("%2F%2Fevil.example")]
    [InlineData("https%3A%2F%2Fevil.example%2F")]
    [InlineData("%2F%5Cevil.example")]
    public async Task AReturnUrlLeavingTheSiteIsRefusedBeforeAnyFlowStarts(string returnUrl)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = Factory.CreateSpaClient(csrf: false);

        using var start = await client.GetAsync($"/auth/oauth/google?return_url={returnUrl}", ct);

        Assert.Equal(HttpStatusCode.BadRequest, start.StatusCode);
        Assert.Equal("application/problem+json", start.Content.Headers.ContentType?.MediaType);
        Assert.False(start.Headers.Contains("Set-Cookie"));
        Assert.Empty(Factory.Stytch.Requests);
    }
}
