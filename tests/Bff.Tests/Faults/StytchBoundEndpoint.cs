using Stytch.Emulator;

namespace Bff.Tests.Faults;

/// <summary>What a row does: call the endpoint under the fault, and afterwards prove the BFF healthy.</summary>
/// <param name="Act">The call under test (the fault is in place).</param>
/// <param name="Health">After the fault is cleared: the next normal call succeeds. Null when it does; otherwise why not.</param>
public sealed record CellRun(Func<CancellationToken, Task<HttpResponseMessage>> Act, Func<CancellationToken, Task<string?>> Health);

/// <summary>The kinds of Stytch-bound endpoint, which decide how a Stytch failure maps (issue 1/5).</summary>
public enum EndpointKind
{
    /// <summary>A single-use login exchange (carries a user secret): Stytch's 401/404 is a failed login (401); never retried.</summary>
    Login,

    /// <summary>A call with only the BFF's project credentials: Stytch's 401 is the BFF's problem (502).</summary>
    Project,

    /// <summary>Logout: the local session ends whatever Stytch says (200).</summary>
    Logout,
}

/// <summary>One row of the fault matrix: a Stytch-bound endpoint of the BFF.</summary>
public sealed record StytchBoundEndpoint(
    string Name, string Operation, EndpointKind Kind, bool Retryable, string NotFoundType, int SuccessStatus,
    Func<EmulatorBffFactory, CancellationToken, Task<CellRun>> Prepare)
{
    private static readonly SeedConnectedApp App = new()
    {
        ConnectedAppId = "connected-app-test-0a1b2c3d-0000-4000-8000-0000000000fa",
        Name = "Fault Matrix App",
        Description = "Granted before every revoke cell",
        ClientType = "third_party",
        ScopesGranted = "openid",
    };

    /// <summary>The rows, log out everywhere first, the session refresh last (it moves the clocks).</summary>
    public static IReadOnlyList<StytchBoundEndpoint> All { get; } =
    [
        // First: log out everywhere revokes every session of the user, so it runs while there is exactly one.
        new("POST /auth/logout-all", EmulatorOperations.SessionsRevoke, EndpointKind.Logout, true, "session_not_found", 200, async (f, ct) =>
        {
            var spa = await EmulatorFlows.LoggedInAsync(f, ct);
            return new CellRun(ct => spa.PostAsync("/auth/logout-all", null, ct), async ct =>
                await Expect(spa.GetAsync("/me", ct), 401)
                ?? await Expect((await EmulatorFlows.LoggedInAsync(f, ct)).PostAsync("/auth/logout-all", null, ct), 200));
        }),
        new("POST /auth/password", EmulatorOperations.PasswordsAuthenticate, EndpointKind.Login, false, "email_not_found", 200, (f, _) =>
        {
            var spa = EmulatorFlows.Spa(f);
            return Task.FromResult(new CellRun(ct => EmulatorFlows.PasswordLoginAsync(spa, ct), ct => Expect(EmulatorFlows.PasswordLoginAsync(EmulatorFlows.Spa(f), ct), 200)));
        }),
        new("POST /auth/magic-link", EmulatorOperations.MagicLinksEmailLoginOrCreate, EndpointKind.Project, false, "user_not_found", 202, (f, _) =>
        {
            var spa = EmulatorFlows.Spa(f);
            return Task.FromResult(new CellRun(ct => EmulatorFlows.SendMagicLinkAsync(spa, ct), ct => Expect(EmulatorFlows.SendMagicLinkAsync(spa, ct), 202)));
        }),
        new("GET /auth/callback (magic link)", EmulatorOperations.MagicLinksAuthenticate, EndpointKind.Login, false, "magic_link_not_found", 302, async (f, ct) =>
        {
            var spa = EmulatorFlows.Spa(f);
            var link = await EmulatorFlows.MagicLinkAsync(f, spa, ct);
            return new CellRun(ct => EmulatorFlows.MagicLinkCallbackAsync(spa, link, ct), async ct =>
                await Expect(EmulatorFlows.MagicLinkCallbackAsync(spa, await EmulatorFlows.MagicLinkAsync(f, spa, ct), ct), 302) ?? await Expect(spa.GetAsync("/me", ct), 200));
        }),
        new("GET /auth/callback (OAuth)", EmulatorOperations.OAuthAuthenticate, EndpointKind.Login, false, "oauth_token_not_found", 302, async (f, ct) =>
        {
            var spa = EmulatorFlows.Spa(f);
            var callback = await EmulatorFlows.OAuthCallbackTargetAsync(f, spa, ct);
            return new CellRun(ct => spa.GetAsync(callback, ct), async ct =>
                await Expect(EmulatorFlows.OAuthLoginAsync(f, spa, ct), 302) ?? await Expect(spa.GetAsync("/me", ct), 200));
        }),
        new("GET /me/connected-apps", EmulatorOperations.UsersConnectedApps, EndpointKind.Project, true, "user_not_found", 200, async (f, ct) =>
        {
            var spa = await EmulatorFlows.LoggedInAsync(f, ct);
            return new CellRun(ct => spa.GetAsync("/me/connected-apps", ct), ct => Expect(spa.GetAsync("/me/connected-apps", ct), 200));
        }),
        new("POST /me/connected-apps/{id}/revoke", EmulatorOperations.UsersRevoke, EndpointKind.Project, true, "connected_app_not_found", 200, async (f, ct) =>
        {
            var spa = await EmulatorFlows.LoggedInAsync(f, ct);
            var revoke = $"/me/connected-apps/{App.ConnectedAppId}/revoke";
            f.Emulator.GrantConnectedApp(f.Emulator.FindUserId(EmulatorBffFactory.DemoEmail)!, App);
            return new CellRun(ct => spa.PostAsync(revoke, null, ct), ct =>
            {
                f.Emulator.GrantConnectedApp(f.Emulator.FindUserId(EmulatorBffFactory.DemoEmail)!, App);
                return Expect(spa.PostAsync(revoke, null, ct), 200);
            });
        }),
        new("POST /auth/logout", EmulatorOperations.SessionsRevoke, EndpointKind.Logout, true, "session_not_found", 200, async (f, ct) =>
        {
            var spa = await EmulatorFlows.LoggedInAsync(f, ct);
            return new CellRun(ct => spa.PostAsync("/auth/logout", null, ct), async ct =>
                await Expect(spa.GetAsync("/me", ct), 401) // the local session ended whatever Stytch said
                ?? await Expect((await EmulatorFlows.LoggedInAsync(f, ct)).PostAsync("/auth/logout", null, ct), 200));
        }),
        new("session refresh (GET /me, JWT expired)", EmulatorOperations.SessionsAuthenticate, EndpointKind.Project, true, "session_not_found", 200, async (f, ct) =>
        {
            var spa = await EmulatorFlows.LoggedInAsync(f, ct);
            f.AdvanceClocks(TimeSpan.FromMinutes(6)); // past the 5-minute JWT
            return new CellRun(ct => spa.GetAsync("/me", ct), async ct =>
                await Expect(spa.GetAsync("/me", ct), 200) is null ? null : await Expect((await EmulatorFlows.LoggedInAsync(f, ct)).GetAsync("/me", ct), 200));
        }),
    ];

    /// <summary>The BFF status the mapping gives for this row under <paramref name="column"/>.</summary>
    public int ExpectedStatus(FaultColumn column) => (Kind, column.Name) switch
    {
        (_, "slow") => SuccessStatus,
        (EndpointKind.Logout, _) => 200,
        (EndpointKind.Login, "401 credentials" or "404") => 401,
        (EndpointKind.Project, "401 credentials") => 502,
        (EndpointKind.Project, "404") => Operation == EmulatorOperations.SessionsAuthenticate ? 401 : 404,
        (_, "429 + Retry-After" or "429") => 429,
        (_, "timeout") => 504,
        _ => 502,
    };

    /// <summary>How many calls Stytch may see: login exchanges exactly one; idempotent calls 1 + 2 retries on transient faults.</summary>
    public (int Min, int Max) ExpectedCalls(FaultColumn column) =>
        !Retryable || !column.Transient ? (1, 1)
        : column.IsTimeout ? (1, 3)
        : (3, 3);

    public override string ToString() => Name;

    private static async Task<string?> Expect(Task<HttpResponseMessage> call, int status)
    {
        using var response = await call;
        return (int)response.StatusCode == status ? null : $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} → {(int)response.StatusCode}, expected {status}: {await response.Content.ReadAsStringAsync()}";
    }
}
