namespace Stytch.Emulator.State;

internal enum TokenState
{
    NotFound,
    Expired,
    Valid,
}

/// <summary>What <see cref="OneTimeTokens{T}.Peek"/> found.</summary>
internal readonly record struct TokenLookup<T>(TokenState State, T? Value)
    where T : class;
