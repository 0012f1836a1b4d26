namespace Stytch.Emulator.Infrastructure;

/// <summary>
/// Endpoint metadata naming the operation (see <see cref="EmulatorOperations"/>) and whether it needs the project's
/// Basic credentials. The gateway middleware reads it; an endpoint without it is the framework's 405 endpoint.
/// </summary>
internal sealed record OperationMetadata(string Name, bool RequiresSecret);
