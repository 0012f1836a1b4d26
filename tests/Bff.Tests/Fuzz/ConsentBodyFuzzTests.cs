using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bff.Tests.Infrastructure;
using Bff.Tests.Me;

namespace Bff.Tests.Fuzz;

/// <summary>
/// Generated consent submits: valid bodies with one to three fields replaced by hostile strings. Every answer is a 200
/// with exactly one Stytch call that carries the values verbatim and nothing unprintable, or a 400 problem with no
/// Stytch call; never a 5xx. Seeded (<c>BFF_FUZZ_SEED</c>): 2000 inputs in batches of 200, each batch its own test
/// case, bounded in count and in time (15 s a batch); the totals are printed when the run ends.
/// </summary>
public sealed class ConsentBodyFuzzTests(ConsentBodyFuzzTests.Bff bff) : IClassFixture<ConsentBodyFuzzTests.Bff>
{
    private const int MaxInputs = 2000;
    private static readonly TimeSpan MaxTime = TimeSpan.FromSeconds(15);

    private static readonly string[] Fields = ["client_id", "redirect_uri", "response_type", "scope", "prompt", "state", "nonce", "code_challenge", "code_challenge_method"];

    private static readonly string[] Pieces =
    [
        "a", "Z", "0", "-", "_", ".", "~", " ", "  ", ":", "/", "//", "?", "#", "&", "=", "%", "%20", "%0A", "+", "@", "[", "]", "!", "'", "(", ")", "*", ",", ";",
        "\"", "\\", "<", ">", "{", "}", "|", "^", "`", "\u0000", "\u0001", "\t", "\r", "\n", "\u007F", "\u0085", "\u00A0", "\u00E9", "\u202E", "\u200B",
        "\uFF0F", "\U0001F600", "https://", "http://", "javascript:", "file:", "//evil.example", "client.example.test", "S256", "plain", "code", "openid",
    ];

    private const int BatchSize = 200;
    private static readonly SuiteTotals.Suite Totals = CreateTotals();

    public static TheoryData<string> Batches => FuzzBatches.Names(MaxInputs, BatchSize);

    [Theory]
    [MemberData(nameof(Batches))]
    public async Task NoGeneratedBodyGetsA5xxOrReachesStytchUnlessItIsValid(string batch)
    {
        var ct = TestContext.Current.CancellationToken;
        var (factory, client) = await bff.StartAsync(ct);
        var seed = FuzzBatches.Seed(20260517);
        var random = new Random(seed);
        var (skip, size) = FuzzBatches.Parse(batch);
        for (var i = 0; i < skip; i++)
        {
            Generate(random);
        }

        var failures = new List<string>();
        var (inputs, accepted, refused) = (0, 0, 0);
        var clock = Stopwatch.StartNew();
        while (inputs < size && clock.Elapsed < MaxTime && failures.Count < 20)
        {
            inputs++;
            var (body, changed) = Generate(random);
            var before = factory.Stytch.Requests.Count;
            var response = await client.PostJsonAsync(OAuthAuthorize.AuthorizePath, body, ct);
            var calls = factory.Stytch.Requests.Skip(before).ToList();
            var text = await response.Content.ReadAsStringAsync(ct);

            var why = response.StatusCode switch
            {
                HttpStatusCode.OK => Accepted(body, calls),
                HttpStatusCode.BadRequest => calls.Count == 0 && text.Contains("\"invalid_", StringComparison.Ordinal) ? null : $"400 with {calls.Count} Stytch calls: {text}",
                _ => $"answered {(int)response.StatusCode}: {text}",
            };
            if (why is not null)
            {
                failures.Add($"input {skip + inputs} (seed {seed}), fields {string.Join(",", changed)} = {JsonSerializer.Serialize(changed.Select(f => (string?)body[f]))}: {why}");
            }

            accepted += response.StatusCode == HttpStatusCode.OK ? 1 : 0;
            refused += response.StatusCode == HttpStatusCode.BadRequest ? 1 : 0;
        }

        if (factory.Stytch.Unexpected.Count != 0)
        {
            failures.Add($"the Stytch double saw calls nobody registered: {string.Join(", ", factory.Stytch.Unexpected)}");
        }

        Totals.Record(batch, failures.Count == 0 ? null : $"{failures.Count} failures", new Counts(seed, inputs, clock.Elapsed, accepted, refused, failures.Count));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(inputs >= size * 3 / 20, $"Only {inputs} of {size} inputs were tried in {MaxTime}: the machine is too slow for the fuzz to mean much.");
        Assert.True(accepted > 0 && refused > 0, "The generator must produce both valid and invalid bodies.");
    }

    /// <summary>One input: a valid body with one to three fields replaced by hostile strings.</summary>
    private static (JsonObject Body, List<string> Changed) Generate(Random random)
    {
        var body = OAuthAuthorize.AuthorizeBody();
        var changed = new List<string>();
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            var field = Fields[random.Next(Fields.Length)];
            body[field] = Hostile(random);
            changed.Add(field);
        }

        return (body, changed);
    }

    private static SuiteTotals.Suite CreateTotals()
    {
        var totals = SuiteTotals.For("Fuzz (consent submit)");
        totals.Headline = batches =>
        {
            var all = batches.Values.Select(b => (Counts)b.Detail!).ToList();
            return $"Fuzz (consent submit): {all.Sum(c => c.Inputs)} inputs in {all.Sum(c => c.Time.TotalSeconds):0.0} s (seed {all.FirstOrDefault()?.Seed}), "
                + $"{all.Sum(c => c.Accepted)} forwarded verbatim, {all.Sum(c => c.Refused)} refused with no Stytch call, {all.Sum(c => c.Failures)} failures ({batches.Count} batches)";
        };
        return totals;
    }

    private sealed record Counts(int Seed, int Inputs, TimeSpan Time, int Accepted, int Refused, int Failures);

    /// <summary>The BFF with a logged-in user and Stytch's authorize answer, started by the first batch and shared by the batches.</summary>
    public sealed class Bff : IAsyncDisposable
    {
        private readonly BffFactory _factory = new();
        private readonly TestUser _user = new("ada@example.com", "correct-horse");
        private readonly SemaphoreSlim _start = new(1, 1);
        private HttpClient? _client;

        public async Task<(BffFactory Factory, HttpClient Client)> StartAsync(CancellationToken ct)
        {
            await _start.WaitAsync(ct);
            try
            {
                if (_client is null)
                {
                    var client = await _factory.LoginAsync(_user, ct);
                    _factory.Stytch.On("POST", OAuthAuthorize.StytchAuthorize, FakeReply.Json(StytchShapes.Authorize(OAuthAuthorize.RedirectUri, OAuthAuthorize.Code)));
                    _client = client;
                }

                return (_factory, _client);
            }
            finally
            {
                _start.Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _factory.DisposeAsync();
            _start.Dispose();
        }
    }

    /// <summary>One Stytch call, each string field as sent (empty ones left out), and nothing but printable ASCII in it.</summary>
    private static string? Accepted(JsonObject body, List<RecordedRequest> calls)
    {
        if (calls.Count != 1)
        {
            return $"200 with {calls.Count} Stytch calls";
        }

        var sent = JsonNode.Parse(calls[0].Body!)!.AsObject();
        foreach (var field in new[] { "client_id", "redirect_uri", "state", "nonce", "code_challenge", "prompt" })
        {
            var value = (string?)body[field];
            var expected = string.IsNullOrEmpty(value) ? null : value;
            if ((string?)sent[field] != expected)
            {
                return $"{field} sent as {sent[field]?.ToJsonString() ?? "nothing"}";
            }
        }

        if (sent.ContainsKey("code_challenge_method"))
        {
            return "code_challenge_method was forwarded";
        }

        var strings = sent.Where(p => p.Key != "session_token").SelectMany(p => p.Value is JsonArray a ? a.Select(v => (string?)v) : p.Value?.GetValueKind() == JsonValueKind.String ? [(string?)p.Value] : []);
        return strings.FirstOrDefault(v => v is not null && v.Any(c => c is < ' ' or > '~')) is { } bad ? $"unprintable value forwarded: {JsonSerializer.Serialize(bad)}" : null;
    }

    /// <summary>Mostly a valid-looking value with hostile pieces around it; sometimes empty, sometimes very long.</summary>
    private static string Hostile(Random random)
    {
        var roll = random.Next(100);
        if (roll < 5)
        {
            return "";
        }

        if (roll < 10)
        {
            return new string('x', random.Next(100, 5000));
        }

        var text = new StringBuilder(roll < 55 ? "https://client.example.test/cb" : "");
        for (var n = random.Next(1, 6); n > 0; n--)
        {
            text.Append(Pieces[random.Next(Pieces.Length)]);
        }

        return text.ToString();
    }
}
