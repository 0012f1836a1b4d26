using System.Text.Json;
using Stytch.Emulator.Tests.Infrastructure;

namespace Stytch.Emulator.Tests;

/// <summary>
/// Stytch's official Node SDK (npm <c>stytch</c> 14.2.0, pinned in node-sdk/package-lock.json) against the emulator:
/// node-sdk/sdk-drive.mjs calls passwords, sessions (remote and local JWT verification through the JWKS), users,
/// Connected Apps (clients.create, idp.oauth.authorizeStart/authorize, introspectTokenNetwork/Local, and the token
/// endpoint over raw HTTP, which the SDK does not wrap) and magic links, and the error cases, and reports every step. The .NET SDK (Stytch.net) is not
/// on this machine's NuGet mirror, so the Node SDK stands in as the official client.
/// </summary>
public sealed class NodeSdkFidelityTests
{
    private static readonly TimeSpan NpmTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan DriverTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task OfficialNodeSdkWorksAgainstTheEmulator()
    {
        var node = ProcessRunner.FindOnPath("node");
        Assert.True(node is not null, "Node.js is not on PATH: this fidelity test needs `node` (>= 18) and `npm` (Debian: apt-get install nodejs npm).");
        await EnsureNodeModulesAsync();
        await using var host = await TestEmulator.StartAsync();

        var run = await ProcessRunner.RunAsync(
            node,
            ["sdk-drive.mjs", host.BaseUrl.AbsoluteUri, host.Options.ProjectId, host.Options.Secret],
            RepoPaths.NodeSdk,
            DriverTimeout);

        var report = $"exit {run.ExitCode}{(run.TimedOut ? " (timed out)" : "")}\nstdout:\n{run.StandardOutput}\nstderr:\n{run.StandardError}";
        Assert.False(run.TimedOut, report);
        Assert.True(run.ExitCode == 0, report);
        var result = JsonDocument.Parse(run.StandardOutput.Trim().Split('\n')[^1]).RootElement;
        Assert.True(result.GetProperty("ok").GetBoolean(), report);
        Assert.Equal("14.2.0", result.GetProperty("sdk_version").GetString());
        var steps = result.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s);
        string[] expected =
        [
            "passwords.create", "passwords.authenticate", "sessions.authenticate (session_token)", "sessions.authenticate (session_jwt)",
            "sessions.authenticateJwtLocal (JWKS, iss, aud, kid)", "sessions.authenticateJwt", "passwords.authenticate (demo user)",
            "users.get", "users.connectedApps", "users.revoke", "users.revoke (second time)", "users.revoke (unknown app)",
            "magicLinks.email.loginOrCreate", "magicLinks.authenticate", "magicLinks.authenticate (used token)", "sessions.revoke",
            "connectedApp.clients.create", "idp.oauth.authorizeStart", "idp.oauth.authorize", "oauth2 token (raw HTTP, client_secret_basic)",
            "idp.introspectTokenNetwork", "idp.introspectTokenLocal (JWKS, iss, aud, typ)", "users.revoke (Connected App) makes its tokens inactive",
            "idp.oauth.authorizeStart (unknown client)", "wrong secret",
        ];
        foreach (var name in expected)
        {
            Assert.True(steps.TryGetValue(name, out var step), $"step {name} missing\n{report}");
            Assert.True(step.GetProperty("ok").GetBoolean(), $"step {name} failed: {step.GetProperty("detail")}");
        }

        Assert.Equal("unauthorized_credentials", steps["wrong secret"].GetProperty("detail").GetProperty("error_type").GetString());
        Assert.Equal("connected_app_not_found", steps["users.revoke (unknown app)"].GetProperty("detail").GetProperty("error_type").GetString());
        Assert.Equal("connected_app_not_found", steps["idp.oauth.authorizeStart (unknown client)"].GetProperty("detail").GetProperty("error_type").GetString());

        // The Connected App calls: the SDK's introspection goes to the legacy path as a form without project credentials.
        var introspections = host.Calls.Of(EmulatorOperations.OAuth2Introspect);
        Assert.Equal(3, introspections.Count);
        Assert.All(introspections, c => Assert.Equal($"/v1/public/{host.Options.ProjectId}/oauth2/introspect", c.Path));
        Assert.All(introspections, c => Assert.False(c.Authorized));
        Assert.All(introspections, c => Assert.Contains("client_id=", c.Body, StringComparison.Ordinal));
        Assert.Equal([200], host.Calls.Of(EmulatorOperations.IdpAuthorize).Select(c => c.StatusCode));
        Assert.Equal(1, host.Calls.Of(EmulatorOperations.ConnectedAppsClientsCreate).Count(c => c.StatusCode == 200 && c.Authorized));

        // What the emulator saw: the SDK's User-Agent, its {} revoke body, and a JWKS fetch without credentials.
        var revoke = host.Calls.Of("users.revoke")[0];
        Assert.Equal("{}", revoke.Body);
        Assert.True(revoke.Authorized);
        Assert.NotEmpty(host.Calls.Of("sessions.jwks"));
        Assert.All(host.Calls.Of("sessions.jwks"), c => Assert.False(c.Authorized));

        // Only the two explicit remote calls succeeded: authenticateJwt verified locally and never fell back to the API.
        Assert.Equal(2, host.Calls.Of("sessions.authenticate").Count(c => c.StatusCode == 200));
    }

    /// <summary>Restores node-sdk/node_modules from the committed lock file when it is missing.</summary>
    private static async Task EnsureNodeModulesAsync()
    {
        if (File.Exists(Path.Combine(RepoPaths.NodeSdk, "node_modules", "stytch", "package.json")))
        {
            return;
        }

        var npm = ProcessRunner.FindOnPath("npm");
        Assert.True(npm is not null, "node_modules is missing and npm is not on PATH: run `npm ci` in tests/Stytch.Emulator.Tests/node-sdk.");
        var run = await ProcessRunner.RunAsync(npm, ["ci", "--no-audit", "--no-fund"], RepoPaths.NodeSdk, NpmTimeout);
        Assert.True(!run.TimedOut && run.ExitCode == 0, $"npm ci failed (exit {run.ExitCode}, timed out: {run.TimedOut}):\n{run.StandardOutput}\n{run.StandardError}");
    }
}
