using Stytch.Emulator.ConnectedApps;
using Stytch.Emulator.MagicLinks;
using Stytch.Emulator.Passwords;

namespace Stytch.Emulator.Infrastructure;

/// <summary>Fails fast, with every problem listed, when <see cref="EmulatorOptions"/> cannot work.</summary>
internal static class EmulatorOptionsValidator
{
    public static void ThrowIfInvalid(EmulatorOptions options)
    {
        var problems = Validate(options);
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid emulator options: " + string.Join(" ", problems), nameof(options));
        }
    }

    public static List<string> Validate(EmulatorOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ProjectId) || options.ProjectId.Contains(':', StringComparison.Ordinal))
        {
            problems.Add("ProjectId is required and cannot contain ':'.");
        }

        if (string.IsNullOrEmpty(options.Secret))
        {
            problems.Add("Secret is required.");
        }

        if (string.IsNullOrEmpty(options.PublicToken))
        {
            problems.Add("PublicToken is required.");
        }

        if (options.JwtLifetime <= TimeSpan.Zero || options.JwtLifetime > TimeSpan.FromDays(1))
        {
            problems.Add("JwtLifetime must be positive and at most one day.");
        }

        if (!RedirectUrls.TryParse(options.DefaultRedirectUrl, out _))
        {
            problems.Add("DefaultRedirectUrl must be an absolute http(s) URL.");
        }

        if (!string.IsNullOrEmpty(options.AuthorizationUrl) && !RedirectUrls.TryParse(options.AuthorizationUrl, out _))
        {
            problems.Add("AuthorizationUrl (the consent page, discovery's authorization_endpoint) must be an absolute http(s) URL, or empty.");
        }

        var clientIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var client in options.ConnectedAppClients)
        {
            if (string.IsNullOrEmpty(client.ClientId) || !clientIds.Add(client.ClientId))
            {
                problems.Add($"Seed Connected App client '{client.ClientId}' needs a unique ClientId.");
            }

            if (client.IsConfidential && string.IsNullOrEmpty(client.ClientSecret))
            {
                problems.Add($"Seed Connected App client '{client.ClientId}' is confidential ({client.ClientType}): set its ClientSecret.");
            }

            problems.AddRange(ConnectedAppClientRules.Validate(client));
        }

        var emails = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var user in options.Users)
        {
            if (!EmailAddresses.IsValid(user.Email) || !emails.Add(user.Email))
            {
                problems.Add($"Seed user email '{user.Email}' is invalid or duplicated.");
            }

            if (!string.IsNullOrEmpty(user.UserId) && !StytchIds.IsUserId(user.UserId))
            {
                problems.Add($"Seed user id '{user.UserId}' is not user-test-<uuid>.");
            }

            foreach (var app in user.ConnectedApps)
            {
                if (string.IsNullOrWhiteSpace(app.ConnectedAppId) || !ConnectedAppClient.ClientTypes.Contains(app.ClientType))
                {
                    problems.Add($"Connected App '{app.ConnectedAppId}' of {user.Email} needs an id and a client type among {string.Join(", ", ConnectedAppClient.ClientTypes)}.");
                }
            }
        }

        return problems;
    }
}
