using System.Diagnostics;
using System.Text.Json;
using Bff.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Stytch.Emulator;
using Xunit.Sdk;
using Xunit.v3;

namespace Bff.Tests.Faults;

/// <summary>
/// Every Stytch-bound endpoint × every fault the emulator can inject, over real sockets: the mapped status of issue
/// 1/5, Stytch's request_id kept when it gave one, the number of Stytch calls (login exchanges never retried), a
/// bounded answer time, and a healthy BFF afterwards. One test class per fault column, so the columns run side by side
/// with one BFF and one emulator each (its own resilience pipeline: no column trips another's circuit breaker); each
/// cell (row) is its own test case, run in the rows' order (run one with
/// <c>--filter "FullyQualifiedName~FaultMatrixTimeoutTests&amp;DisplayName~logout-all"</c>). The totals and the grid are
/// printed when the run ends ("Fault matrix: 81 cells ...").
/// </summary>
public abstract class FaultMatrixColumnTests(FaultMatrixColumnTests.Host host, string column)
{
    private static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds(15);

    private static readonly SuiteTotals.Suite Totals = CreateTotals();

    public static TheoryData<string> Rows => new(StytchBoundEndpoint.All.Select(r => r.Name));

    [Theory]
    [MemberData(nameof(Rows))]
    [TestCaseOrderer(typeof(RowOrder))]
    public async Task EndpointMapsTheFaultAnswersInBoundedTimeAndStaysHealthy(string endpoint)
    {
        var ct = TestContext.Current.CancellationToken;
        var row = StytchBoundEndpoint.All.Single(r => r.Name == endpoint);
        var fault = FaultColumn.All.Single(c => c.Name == column);
        var factory = await host.StartAsync(fault, ct);
        Cell cell;
        try
        {
            cell = await RunCellAsync(factory, row, fault, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            cell = new Cell(row, fault, "error", $"{ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            factory.Emulator.Faults.Clear();
        }

        Totals.Record($"{row.Name} × {fault.Name}", cell.Failure, cell.Label);
        Assert.True(cell.Failure is null, $"{row.Name} × {fault.Name}: {cell.Failure}");
    }

    private static SuiteTotals.Suite CreateTotals()
    {
        var totals = SuiteTotals.For("Fault matrix");
        totals.Headline = cells =>
            $"Fault matrix: {cells.Count} cells ({StytchBoundEndpoint.All.Count} endpoints × {FaultColumn.All.Count} faults), {cells.Values.Count(c => c.Failure is null)} passed";
        totals.Details = cells =>
            [
                string.Join(" | ", FaultColumn.All.Select(c => c.Name)),
                .. StytchBoundEndpoint.All.Select(row => $"{row.Name}: " + string.Join(" | ", FaultColumn.All.Select(col =>
                    cells.TryGetValue($"{row.Name} × {col.Name}", out var cell) ? cell.Detail : "not run"))),
            ];
        return totals;
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

    /// <summary>One column's emulator and BFF, started by its first cell and shared by the column's cells (a class fixture).</summary>
    public sealed class Host : IAsyncDisposable
    {
        private EmulatorHost? _emulator;
        private EmulatorBffFactory? _factory;

        public async Task<EmulatorBffFactory> StartAsync(FaultColumn column, CancellationToken ct)
        {
            if (_factory is null)
            {
                _emulator = await EmulatorHost.StartAsync(new EmulatorOptions(), b => b.Logging.ClearProviders(), ct: ct);
                var (attempt, total) = column.Timeouts;
                _factory = new EmulatorBffFactory(_emulator, attempt, total);
            }

            return _factory;
        }

        public async ValueTask DisposeAsync()
        {
            if (_factory is not null)
            {
                await _factory.DisposeAsync();
            }

            if (_emulator is not null)
            {
                await _emulator.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Runs a column's cells in the order of <see cref="StytchBoundEndpoint.All"/>: log out everywhere first (while the
    /// user has one session), the session refresh last (it moves the clocks).
    /// </summary>
    public sealed class RowOrder : ITestCaseOrderer
    {
        public IReadOnlyCollection<TTestCase> OrderTestCases<TTestCase>(IReadOnlyCollection<TTestCase> testCases)
            where TTestCase : notnull, ITestCase =>
            [.. testCases.OrderBy(t => Position(t.TestCaseDisplayName))];

        private static int Position(string displayName)
        {
            for (var i = 0; i < StytchBoundEndpoint.All.Count; i++)
            {
                if (displayName.Contains($"\"{StytchBoundEndpoint.All[i].Name}\"", StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return int.MaxValue;
        }
    }
}

// One class per fault column: xUnit runs test classes side by side, as the columns ran before.
public sealed class FaultMatrix401CredentialsTests(FaultMatrixColumnTests.Host host) : FaultMatrixColumnTests(host, "401 credentials"), IClassFixture<FaultMatrixColumnTests.Host>;

public sealed class FaultMatrix404Tests(FaultMatrixColumnTests.Host host) : FaultMatrixColumnTests(host, "404"), IClassFixture<FaultMatrixColumnTests.Host>;

public sealed class FaultMatrix429RetryAfterTests(FaultMatrixColumnTests.Host host) : FaultMatrixColumnTests(host, "429 + Retry-After"), IClassFixture<FaultMatrixColumnTests.Host>;

public sealed class FaultMatrix429Tests(FaultMatrixColumnTests.Host host) : FaultMatrixColumnTests(host, "429"), IClassFixture<FaultMatrixColumnTests.Host>;

public sealed class FaultMatrix500Tests(FaultMatrixColumnTests.Host host) : FaultMatrixColumnTests(host, "500"), IClassFixture<FaultMatrixColumnTests.Host>;

public sealed class FaultMatrixTimeoutTests(FaultMatrixColumnTests.Host host) : FaultMatrixColumnTests(host, "timeout"), IClassFixture<FaultMatrixColumnTests.Host>;

public sealed class FaultMatrixClosedTests(FaultMatrixColumnTests.Host host) : FaultMatrixColumnTests(host, "closed"), IClassFixture<FaultMatrixColumnTests.Host>;

public sealed class FaultMatrixNonJsonTests(FaultMatrixColumnTests.Host host) : FaultMatrixColumnTests(host, "non-JSON"), IClassFixture<FaultMatrixColumnTests.Host>;

public sealed class FaultMatrixSlowTests(FaultMatrixColumnTests.Host host) : FaultMatrixColumnTests(host, "slow"), IClassFixture<FaultMatrixColumnTests.Host>;
