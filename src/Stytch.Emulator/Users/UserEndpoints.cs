using Microsoft.AspNetCore.Http.HttpResults;
using Stytch.Emulator.Infrastructure;
using Stytch.Emulator.State;
using Stytch.Emulator.Wire;

namespace Stytch.Emulator.Users;

/// <summary><c>GET /v1/users/{user_id}</c>, the user's Connected Apps, and revoking one.</summary>
internal static class UserEndpoints
{
    public static RouteGroupBuilder MapUsers(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/users/{userId}");
        group.MapGet("", Get).WithOperation(EmulatorOperations.UsersGet);
        group.MapGet("/connected_apps", ConnectedApps).WithOperation(EmulatorOperations.UsersConnectedApps);

        // The body is ignored: Node and Ruby send {}, .NET, Go, Python and Java send both ids, curl sends none.
        group.MapPost("/connected_apps/{connectedAppId}/revoke", Revoke).WithOperation(EmulatorOperations.UsersRevoke);
        return group;
    }

    public static Results<JsonHttpResult<UserGetResponse>, JsonHttpResult<StytchError>> Get(string userId, UserStore users)
    {
        var (user, error) = Find(userId, users);
        return error is not null
            ? error
            : TypedResults.Json(new UserGetResponse(user!.ToView(), StytchIds.RequestId()), EmulatorJsonContext.Default.UserGetResponse);
    }

    public static Results<JsonHttpResult<ConnectedAppsResponse>, JsonHttpResult<StytchError>> ConnectedApps(string userId, UserStore users)
    {
        var (user, error) = Find(userId, users);
        if (error is not null)
        {
            return error;
        }

        var apps = user!.ConnectedApps()
            .Select(a => new ConnectedAppView(a.ConnectedAppId, a.Name, a.Description, a.ClientType, a.ScopesGranted, a.LogoUrl))
            .ToList();
        return TypedResults.Json(new ConnectedAppsResponse(StytchIds.RequestId(), apps, 200), EmulatorJsonContext.Default.ConnectedAppsResponse);
    }

    /// <summary>
    /// Revokes the app. An app the user has not (or no longer) authorised answers 404 <c>connected_app_not_found</c>,
    /// so a second revoke of the same app is a 404 too. Stytch documents neither case (UNCONFIRMED, stytch-api.md §2.1).
    /// </summary>
    public static Results<JsonHttpResult<StatusResponse>, JsonHttpResult<StytchError>> Revoke(string userId, string connectedAppId, UserStore users)
    {
        var (user, error) = Find(userId, users);
        if (error is not null)
        {
            return error;
        }

        return user!.Revoke(connectedAppId)
            ? TypedResults.Json(new StatusResponse(StytchIds.RequestId(), 200), EmulatorJsonContext.Default.StatusResponse)
            : StytchErrors.ConnectedAppNotFound();
    }

    /// <summary>A malformed id is 400 <c>invalid_user_id</c>; a well-formed unknown one is 404 <c>user_not_found</c>.</summary>
    private static (UserRecord? User, JsonHttpResult<StytchError>? Error) Find(string userId, UserStore users)
    {
        if (!StytchIds.IsUserId(userId))
        {
            return (null, StytchErrors.InvalidUserId());
        }

        return users.Find(userId) is { } user ? (user, null) : (null, StytchErrors.UserNotFound());
    }
}
