using System.Diagnostics.CodeAnalysis;

namespace Bff.Stytch;

/// <summary>A Stytch user id. Only ever taken from the server-side session.</summary>
public readonly record struct StytchUserId(string Value)
{
    public override string ToString() => Value;
}

/// <summary>
/// A Connected App id that is safe to put in one path segment: 1–128 characters of [A-Za-z0-9_-], starting with a
/// letter or digit. Anything else (dots, slashes, encoded characters, control characters, overlong input) is rejected
/// before Stytch is called.
/// </summary>
public readonly record struct ConnectedAppId
{
    public const int MaxLength = 128;

    private ConnectedAppId(string value) => Value = value;

    public string Value { get; }

    public static bool TryParse(string? candidate, [NotNullWhen(true)] out ConnectedAppId? id)
    {
        id = null;
        if (string.IsNullOrEmpty(candidate) || candidate.Length > MaxLength || !char.IsAsciiLetterOrDigit(candidate[0]))
        {
            return false;
        }

        foreach (var c in candidate)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        id = new ConnectedAppId(candidate);
        return true;
    }

    public override string ToString() => Value;
}
