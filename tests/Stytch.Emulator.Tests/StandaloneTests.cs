using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Stytch.Emulator.Tests.Infrastructure;

namespace Stytch.Emulator.Tests;

/// <summary>The emulator as its own process (<c>Program.Main</c>): URLs from <c>--urls</c>, options from environment variables.</summary>
public sealed partial class StandaloneTests
{
    [Fact]
    public async Task StandaloneEmulatorTakesItsUrlAndOptionsFromTheCommandLineAndEnvironment()
    {
        var ct = TestContext.Current.CancellationToken;
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? ProcessRunner.FindOnPath("dotnet");
        Assert.True(dotnet is not null, "dotnet is not on PATH.");
        var start = new ProcessStartInfo(dotnet)
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Stytch.Emulator.dll"), "--urls", "http://127.0.0.1:0" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["Emulator__Secret"] = "standalone-secret",
                ["Emulator__Users__0__Email"] = "solo@example.com",
                ["Emulator__Users__0__Password"] = "solo-password-1",
                ["ASPNETCORE_URLS"] = "",
            },
        };
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        try
        {
            var url = await WaitForListeningUrlAsync(process, output, TimeSpan.FromSeconds(30));
            using var http = new HttpClient { BaseAddress = new Uri(url + "/"), Timeout = TimeSpan.FromSeconds(10) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("project-test-11111111-1111-4111-8111-111111111111:standalone-secret")));

            using var health = await http.GetAsync("emulator/health", ct);
            using var solo = await http.PostAsync("v1/passwords/authenticate", Json(new JsonObject { ["email"] = "solo@example.com", ["password"] = "solo-password-1" }), ct);
            using var demo = await http.PostAsync("v1/passwords/authenticate", Json(new JsonObject { ["email"] = Demo.Email, ["password"] = Demo.Password }), ct);

            Assert.Equal(200, (int)health.StatusCode);
            Assert.True((int)solo.StatusCode == 200, await solo.Content.ReadAsStringAsync(ct));
            Assert.Equal(404, (int)demo.StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }

        Assert.DoesNotContain("standalone-secret", output.ToString(), StringComparison.Ordinal);
    }

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static async Task<string> WaitForListeningUrlAsync(Process process, StringBuilder output, TimeSpan timeout)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(limit.Token) is { } line)
            {
                output.AppendLine(line);
                var match = ListeningPattern().Match(line);
                if (match.Success)
                {
                    return match.Groups[1].Value;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Reported below.
        }

        var stderr = process.HasExited ? await process.StandardError.ReadToEndAsync(CancellationToken.None) : "";
        Assert.Fail($"The standalone emulator did not report its URL within {timeout}.\nstdout:\n{output}\nstderr:\n{stderr}");
        return "";
    }

    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningPattern();
}
