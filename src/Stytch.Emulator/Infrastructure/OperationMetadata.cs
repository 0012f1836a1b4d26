namespace Stytch.Emulator.Infrastructure;

/// <summary>
/// Endpoint metadata naming the operation (see <see cref="EmulatorOperations"/>) and whether it needs the project's
/// Basic credentials. The gateway middleware reads it; an endpoint without it is the framework's 405 endpoint.
/// <see cref="OAuth"/> marks the public OAuth 2.0 endpoints (token, introspect, revoke, userinfo): they take form or
/// JSON bodies, and the gateway's own errors (and injected faults) come in the OAuth shape there.
/// </summary>
internal sealed record OperationMetadata(string Name, bool RequiresSecret, bool OAuth = false);
