using System.Diagnostics;
using System.Globalization;
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
/// Stytch call; never a 5xx. Seeded (<c>BFF_FUZZ_SEED</c>); bounded: 2000 inputs or 15 s.
/// </summary>
public sealed class ConsentBodyFuzzTests(ITestOutputHelper output) : IAsyncLifetime
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

    private readonly BffFactory _factory = new();
    private readonly TestUser _user = new("ada@example.com", "correct-horse");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task NoGeneratedBodyGetsA5xxOrReachesStytchUnlessItIsValid()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await _factory.LoginAsync(_user, ct);
        _factory.Stytch.On("POST", OAuthAuthorize.StytchAuthorize, FakeReply.Json(StytchShapes.Authorize(OAuthAuthorize.RedirectUri, OAuthAuthorize.Code)));
        var seed = int.TryParse(Environment.GetEnvironmentVariable("BFF_FUZZ_SEED"), CultureInfo.InvariantCulture, out var s) ? s : 20260517;
        var random = new Random(seed);

        var failures = new List<string>();
        var (inputs, accepted, refused) = (0, 0, 0);
        var clock = Stopwatch.StartNew();
        while (inputs < MaxInputs && clock.Elapsed < MaxTime && failures.Count < 20)
        {
            inputs++;
            var body = OAuthAuthorize.AuthorizeBody();
            var changed = new List<string>();
            for (var n = random.Next(1, 4); n > 0; n--)
            {
                var field = Fields[random.Next(Fields.Length)];
                body[field] = Hostile(random);
                changed.Add(field);
            }

            var before = _factory.Stytch.Requests.Count;
            var response = await client.PostJsonAsync(OAuthAuthorize.AuthorizePath, body, ct);
            var calls = _factory.Stytch.Requests.Skip(before).ToList();
            var text = await response.Content.ReadAsStringAsync(ct);

            var why = response.StatusCode switch
            {
                HttpStatusCode.OK => Accepted(body, calls),
                HttpStatusCode.BadRequest => calls.Count == 0 && text.Contains("\"invalid_", StringComparison.Ordinal) ? null : $"400 with {calls.Count} Stytch calls: {text}",
                _ => $"answered {(int)response.StatusCode}: {text}",
            };
            if (why is not null)
            {
                failures.Add($"input {inputs} (seed {seed}), fields {string.Join(",", changed)} = {JsonSerializer.Serialize(changed.Select(f => (string?)body[f]))}: {why}");
            }

            accepted += response.StatusCode == HttpStatusCode.OK ? 1 : 0;
            refused += response.StatusCode == HttpStatusCode.BadRequest ? 1 : 0;
        }

        var summary = $"Fuzz (consent submit): {inputs} inputs in {clock.Elapsed.TotalSeconds:0.0} s (seed {seed}), {accepted} forwarded verbatim, {refused} refused with no Stytch call, {failures.Count} failures";
        output.WriteLine(summary);
        TestContext.Current.SendDiagnosticMessage(summary);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Empty(_factory.Stytch.Unexpected);
        Assert.True(inputs >= 300, $"Only {inputs} inputs were tried in {MaxTime}: the machine is too slow for the fuzz to mean much.");
        Assert.True(accepted > 0 && refused > 0, "The generator must produce both valid and invalid bodies.");
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
