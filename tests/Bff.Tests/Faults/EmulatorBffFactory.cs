using System.Globalization;
using Bff.Tests.Infrastructure;
using Stytch.Emulator;

namespace Bff.Tests.Faults;

/// <summary>
/// The BFF talking to a real Stytch emulator on loopback over real sockets (the Stytch client keeps its own handler;
/// <see cref="FakeStytch"/> is not used). Timeouts are set through <see cref="BffFactory.Settings"/>.
/// </summary>
public sealed class EmulatorBffFactory : BffFactory
{
    public EmulatorBffFactory(EmulatorHost emulator, TimeSpan attemptTimeout, TimeSpan totalTimeout)
    {
        Emulator = emulator;
        UseFakeStytch = false;
        Settings["Stytch:BaseUrl"] = emulator.BaseUrl.ToString();
        Settings["Stytch:ProjectId"] = emulator.Options.ProjectId;
        Settings["Stytch:Secret"] = emulator.Options.Secret;
        Settings["Stytch:PublicToken"] = emulator.Options.PublicToken;
        Settings["Stytch:AttemptTimeout"] = attemptTimeout.ToString("c", CultureInfo.InvariantCulture);
        Settings["Stytch:TotalTimeout"] = totalTimeout.ToString("c", CultureInfo.InvariantCulture);
        Settings["Stytch:MaxRetries"] = "2";
        Settings["Stytch:MaxRetryAfter"] = "00:00:02";
        Settings["Stytch:DefaultRetryAfterSeconds"] = "5";
    }

    public EmulatorHost Emulator { get; }

    /// <summary>The emulator's demo user (EmulatorOptions' default seed).</summary>
    public const string DemoEmail = "demo@example.com";

    public const string DemoPassword = "correct-horse-battery-staple";

    /// <summary>Moves the BFF's and the emulator's clocks together (JWT expiry without sleeping, clocks in step).</summary>
    public void AdvanceClocks(TimeSpan by)
    {
        Clock.Advance(by);
        Emulator.Clock.Advance(by);
    }
}
