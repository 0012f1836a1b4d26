using System.Globalization;

namespace Bff.Tests.Hostile;

/// <summary>Sends one hostile case and checks everything it must (and must not) cause.</summary>
public static class HostileRunner
{
    /// <summary>Null when the case holds; otherwise every way it failed.</summary>
    public static async Task<string?> RunAsync(HostileCase hostile, HostileContext context, CancellationToken ct)
    {
        var problems = new List<string>();
        WireRequest request;
        WireResponse response;
        var stytchBefore = context.Stytch.Requests.Count;
        var unexpectedBefore = context.Stytch.Unexpected.Count;
        var upstreamBefore = context.Upstream?.Requests.Count ?? 0;
        try
        {
            request = await hostile.Build(context);
            stytchBefore = context.Stytch.Requests.Count;
            unexpectedBefore = context.Stytch.Unexpected.Count;
            upstreamBefore = context.Upstream?.Requests.Count ?? 0;
            try
            {
                response = await context.Transport.SendAsync(request, ct);
            }
            finally
            {
                if (hostile.Cleanup is { } cleanup)
                {
                    await cleanup(context);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return $"{hostile}: no answer: {ex.GetType().Name}: {ex.Message}";
        }

        if (response.Status >= 500)
        {
            problems.Add($"a {response.Status}");
        }

        if (!hostile.Status.Contains(response.Status))
        {
            problems.Add($"status {response.Status}, expected {string.Join(" or ", hostile.Status)}");
        }

        switch (hostile.Answer)
        {
            case Answer.Problem:
                if (!response.FromApp)
                {
                    problems.Add("the answer did not come from the BFF (no X-Request-Id)");
                }

                if (response.ProblemShapeError() is { } shape)
                {
                    problems.Add(shape);
                }
                else if (hostile.ErrorType is { } errorType && response.Json("error_type") != errorType)
                {
                    problems.Add($"error_type '{response.Json("error_type")}', expected '{errorType}'");
                }

                break;
            case Answer.Success:
                if (!response.FromApp || response.IsProblem)
                {
                    problems.Add($"expected a normal answer from the BFF, got {response.MediaType}: {response.Excerpt()}");
                }

                break;
            case Answer.NoAnswerToAClosedClient:
                if (response.Status != 0)
                {
                    problems.Add($"expected the connection to close without an answer, got {response.Status}");
                }

                break;
            case Answer.KestrelRejects:
                if (response.FromApp)
                {
                    problems.Add($"expected Kestrel to refuse it before the app, but the BFF answered: {response.Excerpt()}");
                }

                break;
        }

        if (response.Header("X-Request-Id") is { Length: > 64 } echoed)
        {
            problems.Add($"X-Request-Id of {echoed.Length} chars in the answer");
        }

        var calls = context.Stytch.Requests.Skip(stytchBefore).ToList();
        if (calls.Count != hostile.StytchCalls)
        {
            problems.Add($"{calls.Count} Stytch call(s) ({string.Join(", ", calls.Select(c => $"{c.Method} {c.RawPathAndQuery}"))}), expected {hostile.StytchCalls}");
        }

        if (hostile.StytchPath is { } path)
        {
            var expected = path.Replace("{user}", context.User.UserId, StringComparison.Ordinal);
            problems.AddRange(calls.Where(c => c.RawPathAndQuery != expected).Select(c => $"Stytch called at {c.RawPathAndQuery}, expected {expected}"));
        }

        var forwarded = context.Upstream?.Requests.Skip(upstreamBefore).ToList() ?? [];
        if (forwarded.Count != hostile.UpstreamCalls)
        {
            problems.Add($"{forwarded.Count} upstream request(s) ({string.Join(", ", forwarded.Select(f => $"{f.Method} {f.RawTarget}"))}), expected {hostile.UpstreamCalls}");
        }

        if (hostile.UpstreamTarget is { } target)
        {
            problems.AddRange(forwarded.Where(f => f.RawTarget != target).Select(f => $"forwarded as {f.RawTarget}, expected {target}"));
        }

        if (context.Stytch.Unexpected.Count != unexpectedBefore)
        {
            problems.Add("the Stytch double saw a call nobody registered");
        }

        if (hostile.Check?.Invoke(response, context) is { } check)
        {
            problems.Add(check);
        }

        if (hostile.SessionSurvives && await context.MainSessionProblemAsync(ct) is { } lost)
        {
            problems.Add(lost);
        }

        return problems.Count == 0
            ? null
            : $"{hostile} — {request}: {string.Join("; ", problems)} [answer {response.Status.ToString(CultureInfo.InvariantCulture)} {response.MediaType} {response.Excerpt()}]";
    }
}
