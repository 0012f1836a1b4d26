using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace Stytch.Emulator.Infrastructure;

/// <summary>Carries out an injected <see cref="Fault"/>.</summary>
internal static class FaultResponder
{
    /// <summary>
    /// Applies the fault. True when it answered (or aborted) the request; false when it only delayed it and the
    /// request should proceed normally. On a public OAuth route (<paramref name="oauth"/>) the error body is OAuth-shaped.
    /// </summary>
    public static async Task<bool> ApplyAsync(HttpContext http, Fault fault, EmulatorExchange exchange, bool oauth)
    {
        if (fault.Delay is { } delay && delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(delay, http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The caller gave up while we hung: nothing to answer.
                exchange.Aborted = true;
                return true;
            }
        }

        if (fault.CloseConnection)
        {
            exchange.Aborted = true;
            http.Abort();
            return true;
        }

        if (fault.RetryAfterSeconds is { } seconds && (fault.Status is not null || fault.NonJsonBody))
        {
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        if (fault.NonJsonBody)
        {
            var status = fault.Status ?? StatusCodes.Status502BadGateway;
            http.Response.StatusCode = status;
            http.Response.ContentType = "text/html; charset=utf-8";
            var title = $"{status} {ReasonPhrases.GetReasonPhrase(status)}";
            await http.Response.WriteAsync($"<html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>", http.RequestAborted);
            return true;
        }

        if (fault.Status is { } code)
        {
            var (type, message) = DefaultError(code);
            await (oauth
                ? OAuthErrors.ForFault(code, fault.ErrorType, fault.ErrorMessage)
                : (IResult)StytchErrors.Create(code, fault.ErrorType ?? type, fault.ErrorMessage ?? message)).ExecuteAsync(http);
            return true;
        }

        return false;
    }

    private static (string Type, string Message) DefaultError(int status) => status switch
    {
        400 => ("bad_request", "Bad request."),
        401 => ("unauthorized_credentials", "Unauthorized credentials."),
        404 => ("not_found", "Not found."),
        429 => ("too_many_requests", "Too many requests have been made."),
        >= 500 => ("internal_server_error", StytchErrors.InternalServerErrorMessage),
        _ => ("injected_fault", "The Stytch emulator injected this error."),
    };
}
