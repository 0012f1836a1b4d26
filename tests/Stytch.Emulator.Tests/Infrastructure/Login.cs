using System.Text.Json.Nodes;

namespace Stytch.Emulator.Tests.Infrastructure;

/// <summary>A session obtained through a login exchange.</summary>
internal sealed record Login(string UserId, string SessionId, string SessionToken, string SessionJwt, ApiResponse Response)
{
    /// <summary>Signs in as the demo user with a password.</summary>
    public static async Task<Login> DemoAsync(StytchApi api, int sessionMinutes = 60)
    {
        var response = await api.PostAsync("v1/passwords/authenticate", new JsonObject
        {
            ["email"] = Demo.Email,
            ["password"] = Demo.Password,
            ["session_duration_minutes"] = sessionMinutes,
        });
        Assert.Equal(200, response.Status);
        return From(response, "session");
    }

    /// <summary>Reads the ids and tokens out of a login response whose session object is called <paramref name="sessionProperty"/>.</summary>
    public static Login From(ApiResponse response, string sessionProperty) => new(
        response.Text("user_id"),
        response.Json.GetProperty(sessionProperty).GetProperty("session_id").GetString()!,
        response.Text("session_token"),
        response.Text("session_jwt"),
        response);
}
