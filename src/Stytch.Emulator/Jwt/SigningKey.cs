using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Stytch.Emulator.Infrastructure;

namespace Stytch.Emulator.Jwt;

/// <summary>An RS256 signing key with its JWK (x5c is a self-signed certificate over the same key).</summary>
internal sealed class SigningKey : IDisposable
{
    private readonly RSA _rsa;

    private SigningKey(RSA rsa, string kid, JwkView jwk)
    {
        _rsa = rsa;
        Kid = kid;
        Jwk = jwk;
    }

    public string Kid { get; }

    public JwkView Jwk { get; }

    /// <summary>
    /// The first key of every emulator in this process uses one RSA key pair: generating a 2048-bit key takes up to
    /// half a second, and test suites start many emulators. Each emulator still has its own kid and certificate, so
    /// a JWT of one emulator is refused by another (the kid is unknown there). Rotated keys are always fresh.
    /// </summary>
    private static readonly Lazy<RSAParameters> ProcessKey = new(() =>
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportParameters(includePrivateParameters: true);
    });

    /// <summary>A key over this process's shared key pair (see <see cref="ProcessKey"/>).</summary>
    public static SigningKey CreateShared(string projectId, DateTimeOffset now) => Create(projectId, now, RSA.Create(ProcessKey.Value));

    /// <summary>A key over a freshly generated key pair.</summary>
    public static SigningKey CreateFresh(string projectId, DateTimeOffset now) => Create(projectId, now, RSA.Create(2048));

    private static SigningKey Create(string projectId, DateTimeOffset now, RSA rsa)
    {
        try
        {
            var kid = StytchIds.KeyId();
            var request = new CertificateRequest($"CN=Stytch emulator {projectId}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
            var der = certificate.RawData;
            var parameters = rsa.ExportParameters(includePrivateParameters: false);
            var jwk = new JwkView(
                Kty: "RSA",
                Use: "sig",
                KeyOps: ["verify"],
                Alg: "RS256",
                Kid: kid,
                X5c: [Convert.ToBase64String(der)],
                X5tS256: Base64Url.EncodeToString(SHA256.HashData(der)),
                N: Base64Url.EncodeToString(parameters.Modulus!),
                E: Base64Url.EncodeToString(parameters.Exponent!));
            return new SigningKey(rsa, kid, jwk);
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    public byte[] Sign(ReadOnlySpan<byte> data) => _rsa.SignData(data.ToArray(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        _rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    public void Dispose() => _rsa.Dispose();
}
