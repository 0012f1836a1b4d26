using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Stytch.Emulator.Infrastructure;

namespace Stytch.Emulator.Faults;

/// <summary>The fault API over HTTP: <c>POST</c>, <c>GET</c> and <c>DELETE /emulator/faults</c>.</summary>
internal static class FaultEndpoints
{
    public const string Operation = "emulator.faults";

    public static RouteGroupBuilder MapFaults(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/emulator/faults");
        group.MapPost("", Add).WithPublicOperation(Operation);
        group.MapGet("", List).WithPublicOperation(Operation);
        group.MapDelete("", Clear).WithPublicOperation(Operation);
        return group;
    }

    public static Results<JsonHttpResult<FaultListResponse>, JsonHttpResult<StytchError>> Add(HttpContext http, FaultInjector faults)
    {
        FaultRequest body;
        try
        {
            body = RequestJson.Read(http, EmulatorJsonContext.Default.FaultRequest);
            faults.Add(body.ToFault());
        }
        catch (Exception ex) when (ex is ArgumentException or JsonException)
        {
            return StytchErrors.BadRequest(ex.Message);
        }

        return TypedResults.Json(Snapshot(faults), EmulatorJsonContext.Default.FaultListResponse, statusCode: StatusCodes.Status201Created);
    }

    public static JsonHttpResult<FaultListResponse> List(FaultInjector faults) =>
        TypedResults.Json(Snapshot(faults), EmulatorJsonContext.Default.FaultListResponse);

    public static JsonHttpResult<FaultListResponse> Clear(FaultInjector faults)
    {
        faults.Clear();
        return TypedResults.Json(Snapshot(faults), EmulatorJsonContext.Default.FaultListResponse);
    }

    private static FaultListResponse Snapshot(FaultInjector faults) =>
        new([.. faults.Pending.Select(p => FaultRequest.From(p.Fault, p.Remaining))]);
}
