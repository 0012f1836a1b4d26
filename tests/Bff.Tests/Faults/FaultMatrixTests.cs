using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Stytch.Emulator;

namespace Bff.Tests.Faults;

/// <summary>
/// Every Stytch-bound endpoint × every fault the emulator can inject, over real sockets: the mapped status of issue
/// 1/5, Stytch's request_id kept when it gave one, the number of Stytch calls (login exchanges never retried), a
/// bounded answer time, and a healthy BFF afterwards. One BFF and one emulator per fault column (columns run side by
/// side; each has its own resilience pipeline, so no column trips another's circuit breaker).
/// </summary>
public sealed class FaultMatrixTests(ITestOutputHelper output)
{
    private static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task EveryStytchBoundEndpointMapsEveryFaultAnswersInBoundedTimeAndStaysHealthy()
    {
        var ct = TestContext.Current.CancellationToken;
        var columns = await Task.WhenAll(FaultColumn.All.Select(c => RunColumnAsync(c, ct)));
        var cells = columns.SelectMany(c => c).ToList();
        var failures = cells.Where(c => c.Failure is not null).ToList();

        var lines = new List<string> { $"Fault matrix: {cells.Count} cells ({StytchBoundEndpoint.All.Count} endpoints × {FaultColumn.All.Count} faults), {cells.Count - failures.Count} passed" };
        lines.Add("  " + string.Join(" | ", FaultColumn.All.Select(c => c.Name)));
        lines.AddRange(StytchBoundEndpoint.All.Select(row =>
            $"  {row.Name}: " + string.Join(" | ", FaultColumn.All.Select(col => cells.Single(c => c.Row == row && c.Column == col).Label))));
        lines.AddRange(failures.Select(f => $"  FAILED {f.Row} × {f.Column}: {f.Failure}"));
        foreach (var line in lines)
        {
            output.WriteLine(line);
        }

        TestContext.Current.SendDiagnosticMessage(lines[0]);
        Assert.True(failures.Count == 0, string.Join("\n", lines));
    }

    private static async Task<List<Cell>> RunColumnAsync(FaultColumn column, CancellationToken ct)
    {
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions(), b => b.Logging.ClearProviders(), ct: ct);
        var (attempt, total) = column.Timeouts;
        await using var factory = new EmulatorBffFactory(emulator, attempt, total);
        var cells = new List<Cell>();
        foreach (var row in StytchBoundEndpoint.All)
        {
            try
            {
                cells.Add(await RunCellAsync(factory, row, column, ct));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                cells.Add(new Cell(row, column, "error", $"{ex.GetType().Name}: {ex.Message}"));
            }
            finally
            {
                emulator.Faults.Clear();
            }
        }

        return cells;
    }

    private static async Task<Cell> RunCellAsync(EmulatorBffFactory factory, StytchBoundEndpoint row, FaultColumn column, CancellationToken ct)
    {
        var emulator = factory.Emulator;
        var run = await row.Prepare(factory, ct);
        var before = emulator.Calls.Count(row.Operation);
        emulator.Faults.Add(column.Make(row.Operation, row.NotFoundType));

        var clock = Stopwatch.StartNew();
        using var response = await run.Act(ct).WaitAsync(AnswerBound + TimeSpan.FromSeconds(5), ct);
        var elapsed = clock.Elapsed;
        var body = await response.Content.ReadAsStringAsync(ct);
        emulator.Faults.Clear();
        var calls = await SettledCountAsync(emulator, row.Operation, ct) - before;

        var problems = new List<string>();
        var status = (int)response.StatusCode;
        var expected = row.ExpectedStatus(column);
        if (status != expected)
        {
            problems.Add($"status {status}, expected {expected}");
        }

        if (elapsed > AnswerBound)
        {
            problems.Add($"answered after {elapsed.TotalSeconds:0.0} s");
        }

        var (min, max) = row.ExpectedCalls(column);
        if (calls < min || calls > max)
        {
            problems.Add($"{calls} Stytch calls, expected {(min == max ? min.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{min}–{max}")}");
        }

        if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            problems.Add($"not problem+json: {response.Content.Headers.ContentType}");
        }

        if (status == 429 && response.Headers.RetryAfter?.ToString() != column.RetryAfter)
        {
            problems.Add($"Retry-After '{response.Headers.RetryAfter}', expected '{column.RetryAfter}'");
        }

        var requestId = RequestIdOf(body);
        if (column.Effect == FaultEffect.ApiError)
        {
            if (requestId is null || !requestId.StartsWith("request-id-test-", StringComparison.Ordinal))
            {
                problems.Add($"Stytch's request_id was not kept: '{requestId}'");
            }
            else if (!factory.Logs.AllText().Contains(requestId, StringComparison.Ordinal))
            {
                problems.Add($"request_id {requestId} is not in the BFF's logs");
            }
        }
        else if (column.Effect == FaultEffect.NoStytchAnswer && requestId is not null)
        {
            problems.Add($"a request_id ({requestId}) where Stytch gave none");
        }

        if (await run.Health(ct) is { } unhealthy)
        {
            problems.Add("not healthy afterwards: " + unhealthy);
        }

        var label = $"{status} ×{calls}";
        return new Cell(row, column, label, problems.Count == 0 ? null : $"{string.Join("; ", problems)} [{body[..Math.Min(body.Length, 300)]}]");
    }

    private static string? RequestIdOf(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("request_id", out var id) && id.ValueKind == JsonValueKind.String
                ? id.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The emulator records an aborted call when it notices the abort: wait until the count stops moving (bounded).</summary>
    private static async Task<int> SettledCountAsync(EmulatorHost emulator, string operation, CancellationToken ct)
    {
        var count = emulator.Calls.Count(operation);
        for (var i = 0; i < 20; i++)
        {
            await Task.Delay(150, ct);
            var again = emulator.Calls.Count(operation);
            if (again == count)
            {
                return count;
            }

            count = again;
        }

        return count;
    }

    private sealed record Cell(StytchBoundEndpoint Row, FaultColumn Column, string Label, string? Failure);
}
