namespace Bff.Hosting;

/// <summary>
/// The one log category of the BFF's audit events (Connected App consents and revocations, "log out everywhere",
/// sessions revoked by an operator), so an operator can route them to their own sink (for example a Serilog
/// sub-logger filtered on <c>SourceContext = 'Bff.Audit'</c>).
/// </summary>
public static class AuditLog
{
    public const string Category = "Bff.Audit";
}
