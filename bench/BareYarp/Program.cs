using Yarp.ReverseProxy.Configuration;

// The baseline for the BFF's /api route: YARP forwarding /api/** to the upstream, nothing else (no auth, no logging).
// Usage: dotnet BareYarp.dll --urls http://127.0.0.1:PORT --Upstream http://127.0.0.1:STUBPORT/
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var upstream = builder.Configuration["Upstream"] ?? throw new InvalidOperationException("Set --Upstream to the upstream's base URL, e.g. http://127.0.0.1:5101/.");

builder.Services.AddReverseProxy().LoadFromMemory(
    [new RouteConfig { RouteId = "api", ClusterId = "upstream", Match = new RouteMatch { Path = "/api/{**rest}" } }],
    [new ClusterConfig { ClusterId = "upstream", Destinations = new Dictionary<string, DestinationConfig> { ["stub"] = new() { Address = upstream } } }]);

var app = builder.Build();
app.MapReverseProxy();
await app.RunAsync();
