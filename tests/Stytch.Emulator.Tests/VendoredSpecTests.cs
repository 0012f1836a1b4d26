using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Stytch.OpenApi;

namespace Stytch.Emulator.Tests;

/// <summary>The contract tests use a vendored copy of Stytch's openapi.yml; it must be the official file, unmodified.</summary>
public sealed partial class VendoredSpecTests
{
    [Fact]
    public void TheVendoredSpecIsByteForByteTheReferenceCopyBesideTheRepository()
    {
        var vendored = File.ReadAllBytes(OpenApiContract.DefaultSpecPath());
        if (OpenApiContract.ReferenceSpecPath() is { } reference)
        {
            Assert.Equal(File.ReadAllBytes(reference), vendored);
        }

        var source = File.ReadAllText(Path.Combine(Path.GetDirectoryName(OpenApiContract.DefaultSpecPath())!, "SOURCE.md"));
        var recorded = Sha256Line().Match(source);
        Assert.True(recorded.Success, "spec/SOURCE.md must record the SHA-256 of openapi.yml");
        Assert.Equal(recorded.Groups[1].Value, Convert.ToHexStringLower(SHA256.HashData(vendored)));
    }

    [GeneratedRegex("SHA-256 of `openapi.yml`: `([0-9a-f]{64})`")]
    private static partial Regex Sha256Line();
}
