using Stytch.Emulator.Tests.Infrastructure;

namespace Stytch.Emulator.Tests;

/// <summary><c>GET /v1/users/{user_id}</c>, the Connected Apps list and revoking one.</summary>
public sealed class UserTests
{
    [Fact]
    public async Task GetUserReturnsTheFlattenedUserWithEveryRequiredField()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var userId = host.FindUserId(Demo.Email)!;

        var response = await api.GetAsync($"v1/users/{userId}");

        StytchAssert.Ok(response);
        var user = response.Json;
        Assert.Equal(userId, user.GetProperty("user_id").GetString());
        foreach (var field in new[] { "emails", "phone_numbers", "webauthn_registrations", "providers", "totps", "crypto_wallets", "biometric_registrations", "roles" })
        {
            Assert.Equal(System.Text.Json.JsonValueKind.Array, user.GetProperty(field).ValueKind);
        }

        Assert.Equal("active", user.GetProperty("status").GetString());
        Assert.False(user.GetProperty("is_locked").GetBoolean());
        Assert.Equal(Demo.Email, user.GetProperty("emails")[0].GetProperty("email").GetString());
        Assert.Matches("^email-test-", user.GetProperty("emails")[0].GetProperty("email_id").GetString());
        Assert.Equal("Lovelace", user.GetProperty("name").GetProperty("last_name").GetString());
        Assert.False(user.TryGetProperty("user", out _));
    }

    [Fact]
    public async Task MalformedUserIdIsInvalidUserId()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);

        StytchAssert.Error(await api.GetAsync("v1/users/not-a-user"), 400, "invalid_user_id");
        StytchAssert.Error(await api.GetAsync("v1/users/not-a-user/connected_apps"), 400, "invalid_user_id");
        StytchAssert.Error(await api.PostRawAsync($"v1/users/not-a-user/connected_apps/{Demo.CliApp}/revoke", "{}"), 400, "invalid_user_id");
    }

    [Fact]
    public async Task UnknownUserIsUserNotFound()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);

        StytchAssert.Error(await api.GetAsync($"v1/users/{Demo.UnknownUser}"), 404, "user_not_found");
        StytchAssert.Error(await api.GetAsync($"v1/users/{Demo.UnknownUser}/connected_apps"), 404, "user_not_found");
        StytchAssert.Error(await api.PostRawAsync($"v1/users/{Demo.UnknownUser}/connected_apps/{Demo.CliApp}/revoke", "{}"), 404, "user_not_found");
    }

    [Fact]
    public async Task ConnectedAppsListsTheSeededAppsExactly()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);

        var response = await api.GetAsync($"v1/users/{host.FindUserId(Demo.Email)}/connected_apps");

        StytchAssert.Ok(response);
        var apps = response.Json.GetProperty("connected_apps").EnumerateArray().ToList();
        Assert.Equal([Demo.CliApp, Demo.DashboardApp, Demo.MobileApp], apps.Select(a => a.GetProperty("connected_app_id").GetString()));
        Assert.Equal(["Example CLI", "Analytics Dashboard", "Mobile Companion"], apps.Select(a => a.GetProperty("name").GetString()));
        Assert.Equal(["third_party_public", "third_party", "first_party_public"], apps.Select(a => a.GetProperty("client_type").GetString()));
        Assert.Equal(["openid email profile", "openid email", "openid profile offline_access"], apps.Select(a => a.GetProperty("scopes_granted").GetString()));
        Assert.All(apps, a => Assert.False(string.IsNullOrWhiteSpace(a.GetProperty("description").GetString())));
        Assert.False(apps[0].TryGetProperty("logo_url", out _));
        Assert.StartsWith("https://", apps[1].GetProperty("logo_url").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokeRemovesTheAppFromTheListAndASecondRevokeIsNotFound()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var userId = host.FindUserId(Demo.Email);

        var revoked = await api.PostRawAsync($"v1/users/{userId}/connected_apps/{Demo.DashboardApp}/revoke", "{}");
        var list = await api.GetAsync($"v1/users/{userId}/connected_apps");
        var again = await api.PostRawAsync($"v1/users/{userId}/connected_apps/{Demo.DashboardApp}/revoke", "{}");

        StytchAssert.Ok(revoked);
        Assert.Equal(["request_id", "status_code"], revoked.Json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal([Demo.CliApp, Demo.MobileApp], list.Json.GetProperty("connected_apps").EnumerateArray().Select(a => a.GetProperty("connected_app_id").GetString()));
        StytchAssert.Error(again, 404, "connected_app_not_found");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("{}")]
    [InlineData("{\"user_id\":\"{user}\",\"connected_app_id\":\"{app}\"}")]
    public async Task RevokeAcceptsEveryBodyTheOfficialSdksSend(string? body)
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var userId = host.FindUserId(Demo.Email)!;

        var response = await api.PostRawAsync(
            $"v1/users/{userId}/connected_apps/{Demo.CliApp}/revoke",
            body?.Replace("{user}", userId, StringComparison.Ordinal).Replace("{app}", Demo.CliApp, StringComparison.Ordinal));

        StytchAssert.Ok(response);
        Assert.Equal(body?.Replace("{user}", userId, StringComparison.Ordinal).Replace("{app}", Demo.CliApp, StringComparison.Ordinal) ?? "", host.Calls.Last("users.revoke")!.Body);
    }

    [Fact]
    public async Task RevokingAnAppTheUserNeverAuthorisedIsConnectedAppNotFound()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);

        var response = await api.PostRawAsync($"v1/users/{host.FindUserId(Demo.Email)}/connected_apps/{Demo.UnknownApp}/revoke", "{}");

        StytchAssert.Error(response, 404, "connected_app_not_found");
    }

    [Fact]
    public async Task GrantConnectedAppPutsARevokedAppBack()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var userId = host.FindUserId(Demo.Email)!;
        await api.PostRawAsync($"v1/users/{userId}/connected_apps/{Demo.CliApp}/revoke", "{}");

        host.GrantConnectedApp(userId, SeedUser.Demo().ConnectedApps[0]);
        var list = await api.GetAsync($"v1/users/{userId}/connected_apps");

        Assert.Contains(Demo.CliApp, list.Json.GetProperty("connected_apps").EnumerateArray().Select(a => a.GetProperty("connected_app_id").GetString()));
    }

    [Fact]
    public async Task SeedUsersCanHaveAFixedIdAndNoPassword()
    {
        const string fixedId = "user-test-12345678-1234-4234-8234-123456789abc";
        var options = new EmulatorOptions { Users = [new SeedUser { UserId = fixedId, Email = "fixed@example.com", FirstName = "Fix" }] };
        await using var host = await TestEmulator.StartAsync(options);
        using var api = new StytchApi(host);

        var user = await api.GetAsync($"v1/users/{fixedId}");
        var password = await api.PostAsync("v1/passwords/authenticate", new() { ["email"] = "fixed@example.com", ["password"] = "anything-at-all" });

        StytchAssert.Ok(user);
        Assert.False(user.Json.TryGetProperty("password", out _));
        Assert.Empty(user.Json.GetProperty("providers").EnumerateArray());
        StytchAssert.Error(password, 401, "unauthorized_credentials");
        Assert.Null(host.FindUserId(Demo.Email));
    }
}
