namespace Stytch.Emulator.Tests.Infrastructure;

/// <summary>Starts an emulator for one test, its logs going to that test's output.</summary>
internal static class TestEmulator
{
    public static Task<EmulatorHost> StartAsync(EmulatorOptions? options = null) =>
        EmulatorHost.StartAsync(
            options ?? new EmulatorOptions(),
            builder => builder.Logging.ClearProviders().AddProvider(new TestOutputLoggerProvider()),
            ct: TestContext.Current.CancellationToken);
}
