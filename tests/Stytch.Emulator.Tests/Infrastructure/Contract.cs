using Stytch.OpenApi;

namespace Stytch.Emulator.Tests.Infrastructure;

/// <summary>The official spec, parsed once per test run.</summary>
internal static class Contract
{
    private static readonly Lazy<OpenApiContract> Spec = new(OpenApiContract.LoadDefault);

    public static OpenApiContract Lenient => Spec.Value;

    /// <summary>Also reports properties the spec does not declare (catches misspelt optional fields).</summary>
    public static OpenApiContract Strict => Spec.Value.WithUndeclaredPropertiesReported();
}
