using System.Collections.Concurrent;

namespace Stytch.Emulator.State;

/// <summary>The project's Connected App clients, by client id.</summary>
internal sealed class ConnectedAppClientStore
{
    private readonly ConcurrentDictionary<string, ConnectedAppClientRecord> _byId = new(StringComparer.Ordinal);

    /// <summary>The seeded clients (already validated with the options).</summary>
    public ConnectedAppClientStore(EmulatorOptions options)
    {
        foreach (var seed in options.ConnectedAppClients)
        {
            Add(ConnectedAppClientRecord.Create(seed, "dashboard").Record);
        }
    }

    public ConnectedAppClientRecord? Find(string clientId) => _byId.GetValueOrDefault(clientId);

    /// <summary>Adds a client; false when its id is taken.</summary>
    public bool Add(ConnectedAppClientRecord client) => _byId.TryAdd(client.ClientId, client);
}
