using Stytch.Emulator.State;

namespace Stytch.Emulator.ConnectedApps;

/// <summary>Registers Connected App clients, for the create API and <see cref="EmulatorHost.RegisterConnectedApp"/>.</summary>
internal sealed class ConnectedAppRegistry(ConnectedAppClientStore clients, ILogger<ConnectedAppRegistry> logger)
{
    /// <summary>
    /// Validates and adds <paramref name="client"/> (a fresh id unless it names one; a fresh secret for a confidential
    /// client unless it brings one). Answers the record and the secret, or every problem found.
    /// </summary>
    public (ConnectedAppClientRecord? Client, string? Secret, IReadOnlyList<string> Problems) Register(ConnectedAppClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var problems = ConnectedAppClientRules.Validate(client);
        if (problems.Count > 0)
        {
            return (null, null, problems);
        }

        var (record, secret) = ConnectedAppClientRecord.Create(client, "api");
        if (!clients.Add(record))
        {
            return (null, null, [$"Connected App client '{record.ClientId}' already exists."]);
        }

        ConnectedAppLog.Registered(logger, record.ClientId, record.ClientType, record.IsConfidential);
        return (record, secret, []);
    }
}
