using System.Globalization;
using System.Text;
using System.Text.Json;
using Stytch.Emulator;

// The Stytch emulator seeded for counting Stytch calls per revoke: USERS users (bench-emu-N@bench.test, password
// correct-horse-battery-staple), each with APPS granted Connected Apps, so that every revoke is a real 200 once.
//   dotnet EmulatorBench.dll --urls http://127.0.0.1:PORT --AdminUrls http://127.0.0.1:PORT2 [--Users 16] [--Apps 125]
// The emulator answers every route on its own port in Stytch's manner, so the benchmark's routes are on AdminUrls:
//   GET /bench/apps    one "email app_id" line per grant
//   GET /bench/calls   {"operation": count} from the emulator's call log
var config = new ConfigurationBuilder().AddCommandLine(args).Build();
var users = int.Parse(config["Users"] ?? "16", CultureInfo.InvariantCulture);
var apps = int.Parse(config["Apps"] ?? "125", CultureInfo.InvariantCulture);
var url = config["urls"] ?? throw new InvalidOperationException("Set --urls http://127.0.0.1:PORT");
var adminUrl = config["AdminUrls"] ?? throw new InvalidOperationException("Set --AdminUrls http://127.0.0.1:PORT");

var options = new EmulatorOptions { Users = [] };
for (var u = 1; u <= users; u++)
{
    var user = new SeedUser { Email = $"bench-emu-{u}@bench.test", Password = "correct-horse-battery-staple", FirstName = "Bench", LastName = $"User {u}" };
    for (var a = 1; a <= apps; a++)
    {
        user.ConnectedApps.Add(new SeedConnectedApp
        {
            ConnectedAppId = $"connected-app-test-{Guid.NewGuid()}",
            Name = $"Bench app {a}",
            Description = "Seeded for the revoke count",
            ClientType = "third_party",
            ScopesGranted = "openid email",
        });
    }

    options.Users.Add(user);
}

var emulator = StytchEmulatorApp.Build(options, [], url, builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
var calls = emulator.Services.GetRequiredService<CallLog>();

var adminBuilder = WebApplication.CreateSlimBuilder();
adminBuilder.Logging.ClearProviders();
adminBuilder.WebHost.UseUrls(adminUrl);
var admin = adminBuilder.Build();
admin.MapGet("/bench/apps", () => Results.Text(
    string.Join('\n', options.Users.SelectMany(u => u.ConnectedApps.Select(a => $"{u.Email} {a.ConnectedAppId}"))) + "\n", "text/plain", Encoding.UTF8));
admin.MapGet("/bench/calls", () => Results.Text(
    JsonSerializer.Serialize(calls.All.GroupBy(c => c.Operation ?? "unmatched").ToDictionary(g => g.Key, g => g.Count())), "application/json", Encoding.UTF8));

await Task.WhenAll(emulator.RunAsync(), admin.RunAsync());
