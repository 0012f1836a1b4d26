using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace Stytch.Emulator.Infrastructure;

/// <summary>
/// Runs after routing and decides everything that is not a handler's business, in this order: Basic credentials on
/// <c>/v1</c> (401 <c>unauthorized_credentials</c>, even for unknown routes), unknown route (404
/// <c>route_not_found</c>), wrong method (405 <c>method_not_allowed</c>), malformed JSON body (400
/// <c>bad_request</c>), injected faults; then the handler, whose unexpected exceptions become 500
/// <c>internal_server_error</c>. Every answer is a Stytch-shaped JSON body, except on the public OAuth routes
/// (<see cref="OperationMetadata.OAuth"/>), where faults and errors come in the OAuth shape.
/// </summary>
internal sealed class GatewayMiddleware(RequestDelegate next, FaultInjector faults, ILogger<GatewayMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var exchange = http.Features.GetRequiredFeature<EmulatorExchange>();
        var endpoint = http.GetEndpoint();
        var operation = endpoint?.Metadata.GetMetadata<OperationMetadata>();
        exchange.Operation = operation?.Name;
        var isApi = http.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal);
        if (isApi && operation is not { RequiresSecret: false } && !exchange.Authorized)
        {
            GatewayLog.Unauthorized(logger, http.Request.Method, operation?.Name ?? "(no route)");
            await StytchErrors.Unauthorized().ExecuteAsync(http);
            return;
        }

        if (endpoint is null)
        {
            await StytchErrors.RouteNotFound().ExecuteAsync(http);
            return;
        }

        if (operation is null)
        {
            // Only the framework's "405 HTTP Method Not Supported" endpoint lacks our metadata.
            await StytchErrors.MethodNotAllowed().ExecuteAsync(http);
            return;
        }

        // The OAuth routes take form bodies too and parse (and answer) them themselves.
        if (isApi && !operation.OAuth && !IsJsonObjectOrEmpty(exchange.Body))
        {
            await StytchErrors.BadRequest("The request body is not a JSON object.").ExecuteAsync(http);
            return;
        }

        if (faults.TryTake(operation.Name) is { } fault)
        {
            exchange.Faulted = true;
            GatewayLog.FaultInjected(logger, operation.Name, fault.Status, fault.Delay?.TotalMilliseconds ?? 0, fault.CloseConnection, fault.NonJsonBody);
            if (await FaultResponder.ApplyAsync(http, fault, exchange, operation.OAuth))
            {
                return;
            }
        }

        try
        {
            await next(http);
        }
        catch (JsonException) when (!http.Response.HasStarted)
        {
            const string message = "The request body does not match the expected JSON types.";
            await (operation.OAuth ? OAuthErrors.InvalidRequest(message) : (IResult)StytchErrors.BadRequest(message)).ExecuteAsync(http);
        }
        catch (Exception ex) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            GatewayLog.UnhandledError(logger, ex, operation.Name);
            await (operation.OAuth ? OAuthErrors.ServerError() : (IResult)StytchErrors.InternalServerError()).ExecuteAsync(http);
        }
    }

    private static bool IsJsonObjectOrEmpty(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
