using Microsoft.Extensions.Configuration;

namespace Bff.Dev.Tests;

public sealed class ShouldStartEmulatorTests
{
    [Theory]
    [InlineData("Development", null, null, true)]
    [InlineData("Development", "Stytch:Emulator", "true", true)]
    [InlineData("Development", "Stytch:Emulator", "false", false)]
    [InlineData("Development", "Stytch:Emulator", "False", false)]
    [InlineData("Development", "Stytch:Emulator", "off", false)]
    [InlineData("Development", "Stytch:Emulator", "0", false)]
    [InlineData("Development", "Stytch:ProjectId", "project-test-x", false)]
    [InlineData("Development", "Stytch:Secret", "secret-test-x", false)]
    [InlineData("Development", "Stytch:BaseUrl", "https://test.stytch.com", false)]
    [InlineData("Development", "Stytch:PublicToken", "public-token-test-x", false)]
    [InlineData("Development", "Stytch:ProjectId", "   ", true)]
    [InlineData("Production", null, null, false)]
    [InlineData("Production", "Stytch:Emulator", "true", false)]
    [InlineData("Staging", null, null, false)]
    [InlineData("Testing", null, null, false)]
    public void TheEmulatorStartsOnlyInDevelopmentWithNoStytchSettingAtAllAndNotSwitchedOff(
        string environment, string? key, string? value, bool expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(key is null ? [] : new Dictionary<string, string?> { [key] = value })
            .Build();

        Assert.Equal(expected, DevHost.ShouldStartEmulator(environment, configuration));
    }
}
