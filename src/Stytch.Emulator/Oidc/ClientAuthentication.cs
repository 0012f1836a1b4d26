using System.Net.Http.Headers;
using System.Text;
using Stytch.Emulator.Infrastructure;
using Stytch.Emulator.State;

namespace Stytch.Emulator.Oidc;

/// <summary>
/// Authenticates the Connected App calling the token, introspection or revocation endpoint: <c>client_secret_basic</c>
/// (HTTP Basic, both parts form-urlencoded, RFC 6749 §2.3.1), <c>client_secret_post</c> (<c>client_id</c> and
/// <c>client_secret</c> in the body), or <c>none</c> (a public client: <c>client_id</c> only).
/// </summary>
internal static class ClientAuthentication
{
    public static (ConnectedAppClientRecord? Client, OAuthErrorResult? Error) Authenticate(
        HttpRequest request, OAuthParameters parameters, ConnectedAppClientStore clients)
    {
        var (usedBasic, basicId, basicSecret) = ReadBasic(request);
        if (usedBasic && basicId is null)
        {
            return (null, OAuthErrors.InvalidClient("The Basic credentials could not be read.", usedBasic: true));
        }

        var bodyId = parameters["client_id"];
        var bodySecret = parameters["client_secret"];
        if (usedBasic && bodySecret is not null)
        {
            return (null, OAuthErrors.InvalidRequest("Use one client authentication method: HTTP Basic or client_secret in the body, not both."));
        }

        if (usedBasic && bodyId is not null && !string.Equals(bodyId, basicId, StringComparison.Ordinal))
        {
            return (null, OAuthErrors.InvalidRequest("client_id in the body does not match the Basic credentials."));
        }

        var clientId = basicId ?? bodyId;
        var secret = usedBasic ? (string.IsNullOrEmpty(basicSecret) ? null : basicSecret) : bodySecret;
        if (clientId is null)
        {
            return (null, OAuthErrors.InvalidClient("client_id is required.", usedBasic));
        }

        if (clients.Find(clientId) is not { } client)
        {
            return (null, OAuthErrors.InvalidClient("Client authentication failed.", usedBasic));
        }

        if (client.IsConfidential ? secret is null || !client.SecretMatches(secret) : secret is not null)
        {
            return (null, OAuthErrors.InvalidClient(
                client.IsConfidential ? "Client authentication failed." : "A public client has no secret; send client_id only.", usedBasic));
        }

        return (client, null);
    }

    private static (bool Used, string? ClientId, string? Secret) ReadBasic(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
        {
            return (false, null, null);
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter ?? ""));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return (true, null, null);
            }

            return (true, FormDecode(decoded[..colon]), FormDecode(decoded[(colon + 1)..]));
        }
        catch (FormatException)
        {
            return (true, null, null);
        }
    }

    private static string FormDecode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
