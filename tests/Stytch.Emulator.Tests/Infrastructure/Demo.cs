namespace Stytch.Emulator.Tests.Infrastructure;

/// <summary>The default seed, as the docs and the demo app rely on it.</summary>
internal static class Demo
{
    public const string Email = "demo@example.com";
    public const string Password = "correct-horse-battery-staple";
    public const string CliApp = "connected-app-test-0a1b2c3d-0000-4000-8000-000000000001";
    public const string DashboardApp = "connected-app-test-0a1b2c3d-0000-4000-8000-000000000002";
    public const string MobileApp = "connected-app-test-0a1b2c3d-0000-4000-8000-000000000003";
    public const string UnknownApp = "connected-app-test-ffffffff-ffff-4fff-8fff-ffffffffffff";
    public const string UnknownUser = "user-test-ffffffff-ffff-4fff-8fff-ffffffffffff";
}
