namespace Bff.Development;

/// <summary>The answer of <c>GET /dev/info</c> (Development only). Never a secret of a real project.</summary>
public sealed record DevInfoResponse(string StytchBaseUrl, bool Emulator, string? InboxUrl, DevDemoLogin? DemoLogin, string? SampleConnectedAppUrl);

/// <summary>The emulator's seed user: public demo data, shown on the login page.</summary>
public sealed record DevDemoLogin(string Email, string Password);
