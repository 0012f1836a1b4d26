using System.Security.Cryptography;
using System.Text;

namespace Stytch.Emulator.State;

/// <summary>
/// A salted PBKDF2 hash, so plain passwords are never kept. The low iteration count is deliberate: this is an
/// emulator that load runs hammer, not a credential store.
/// </summary>
internal sealed class PasswordHash
{
    private const int Iterations = 1_000;
    private readonly byte[] _salt;
    private readonly byte[] _hash;

    private PasswordHash(byte[] salt, byte[] hash)
    {
        _salt = salt;
        _hash = hash;
    }

    public static PasswordHash Create(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return new PasswordHash(salt, Derive(password, salt));
    }

    public bool Matches(string password) => CryptographicOperations.FixedTimeEquals(_hash, Derive(password, _salt));

    private static byte[] Derive(string password, byte[] salt) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, 32);
}
