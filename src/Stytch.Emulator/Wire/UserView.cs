using System.Text.Json;

namespace Stytch.Emulator.Wire;

/// <summary>
/// The User object (spec <c>api_user_v1_User</c>): every required field is always present, lists the emulator never
/// fills are empty. Not sealed: <see cref="UserGetResponse"/> is the same object flattened with request_id.
/// </summary>
internal record UserView
{
    public required string UserId { get; init; }

    public required IReadOnlyList<EmailView> Emails { get; init; }

    public required string Status { get; init; }

    public IReadOnlyList<JsonElement> PhoneNumbers { get; init; } = [];

    public IReadOnlyList<JsonElement> WebauthnRegistrations { get; init; } = [];

    public required IReadOnlyList<ProviderView> Providers { get; init; }

    public IReadOnlyList<JsonElement> Totps { get; init; } = [];

    public IReadOnlyList<JsonElement> CryptoWallets { get; init; } = [];

    public IReadOnlyList<JsonElement> BiometricRegistrations { get; init; } = [];

    public bool IsLocked { get; init; }

    public required IReadOnlyList<string> Roles { get; init; }

    public NameView? Name { get; init; }

    public string? CreatedAt { get; init; }

    public PasswordView? Password { get; init; }

    public IReadOnlyDictionary<string, JsonElement> TrustedMetadata { get; init; } = new Dictionary<string, JsonElement>();

    public IReadOnlyDictionary<string, JsonElement> UntrustedMetadata { get; init; } = new Dictionary<string, JsonElement>();
}
