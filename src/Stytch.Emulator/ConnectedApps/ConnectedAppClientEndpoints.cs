using Microsoft.AspNetCore.Http.HttpResults;
using Stytch.Emulator.Infrastructure;
using Stytch.Emulator.State;

namespace Stytch.Emulator.ConnectedApps;

/// <summary><c>POST /v1/connected_apps/clients</c> (create) and <c>GET /v1/connected_apps/clients/{client_id}</c>.</summary>
internal static class ConnectedAppClientEndpoints
{
    public static RouteGroupBuilder MapConnectedAppClients(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/connected_apps/clients");
        group.MapPost("", Create).WithOperation(EmulatorOperations.ConnectedAppsClientsCreate);
        group.MapGet("/{clientId}", Get).WithOperation(EmulatorOperations.ConnectedAppsClientsGet);
        return group;
    }

    /// <summary>Creates a client; a confidential one's <c>client_secret</c> is in this response only.</summary>
    public static Results<JsonHttpResult<ConnectedAppClientResponse>, JsonHttpResult<StytchError>> Create(HttpContext http, ConnectedAppRegistry registry)
    {
        var body = RequestJson.Read(http, EmulatorJsonContext.Default.ConnectedAppCreateRequest);
        if (string.IsNullOrEmpty(body.ClientType))
        {
            return StytchErrors.MissingField("client_type");
        }

        var problem = (body.RedirectUrls ?? []).Select(ConnectedAppClientRules.RedirectUrlProblem).OfType<string>().FirstOrDefault();
        if (problem is not null)
        {
            return StytchErrors.ConnectedAppInvalidRedirectUrl("The " + problem);
        }

        var (client, secret, problems) = registry.Register(body.ToClient());
        if (client is null)
        {
            return StytchErrors.BadRequest(string.Join(" ", problems));
        }

        return TypedResults.Json(
            new ConnectedAppClientResponse(StytchIds.RequestId(), ConnectedAppClientView.From(client, secret, withCreationMethod: false), 200),
            EmulatorJsonContext.Default.ConnectedAppClientResponse);
    }

    /// <summary>The client, without its secret (only its last four characters).</summary>
    public static Results<JsonHttpResult<ConnectedAppClientResponse>, JsonHttpResult<StytchError>> Get(string clientId, ConnectedAppClientStore clients)
    {
        if (clients.Find(clientId) is not { } client)
        {
            return StytchErrors.ConnectedAppNotFound();
        }

        return TypedResults.Json(
            new ConnectedAppClientResponse(StytchIds.RequestId(), ConnectedAppClientView.From(client, secret: null, withCreationMethod: true), 200),
            EmulatorJsonContext.Default.ConnectedAppClientResponse);
    }
}
