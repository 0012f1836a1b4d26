using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Stytch.Emulator.Infrastructure;

/// <summary>Checks <c>Authorization: Basic base64(project_id:secret)</c> in constant time.</summary>
internal static class BasicCredentials
{
    public static bool Match(HttpRequest request, EmulatorOptions options)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || header.Parameter is null)
        {
            return false;
        }

        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(header.Parameter);
        }
        catch (FormatException)
        {
            return false;
        }

        var expected = Encoding.UTF8.GetBytes(options.ProjectId + ":" + options.Secret);
        return CryptographicOperations.FixedTimeEquals(decoded, expected);
    }
}
