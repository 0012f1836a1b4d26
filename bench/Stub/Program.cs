using Bench.Stub;

// A minimal Kestrel upstream for the benchmark, on loopback only:
//   GET  /api/**              a small JSON answer (the proxied API; also the "direct" scenario)
//   POST /v1/...              the Stytch calls the BFF makes, in Stytch's shapes (see StytchStub)
//   GET  /stub/counters       how many times each Stytch call was made
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Services.AddSingleton<StytchStub>();
builder.Services.AddSingleton<CallCounters>();
var app = builder.Build();

var hello = "{\"message\":\"hello from the upstream\",\"items\":[1,2,3,4,5,6,7,8],\"ok\":true}"u8.ToArray();
app.MapGet("/api/{**path}", async (HttpContext context) =>
{
    context.Response.ContentType = "application/json";
    context.Response.ContentLength = hello.Length;
    await context.Response.Body.WriteAsync(hello);
});

app.MapGet("/healthz", () => "ok");
app.Services.GetRequiredService<StytchStub>().Map(app);
app.MapGet("/stub/counters", (CallCounters counters) => Results.Text(counters.ToJson(), "application/json"));
app.MapPost("/stub/counters/reset", (CallCounters counters) =>
{
    counters.Reset();
    return Results.NoContent();
});

await app.RunAsync();
