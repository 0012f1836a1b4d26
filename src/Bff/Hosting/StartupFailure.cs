using Microsoft.Extensions.Options;

namespace Bff.Hosting;

/// <summary>
/// Reports why the BFF could not start. Incomplete or invalid configuration is the common case and gets a clean
/// message that names every key to set, one line each, without a stack trace; anything else is logged in full.
/// </summary>
public static class StartupFailure
{
    public static void Report(Serilog.ILogger logger, Exception exception)
    {
        if (ConfigurationFailures(exception) is { Count: > 0 } failures)
        {
            logger.Fatal("Configuration is incomplete:{Failures:l}", string.Concat(failures.Select(f => Environment.NewLine + "  - " + f)));
            return;
        }

        logger.Fatal(exception, "The BFF could not start: {Reason}", exception.Message);
    }

    /// <summary>The distinct option-validation failures, when that is all the exception is about; otherwise null.</summary>
    internal static IReadOnlyList<string>? ConfigurationFailures(Exception exception)
    {
        var exceptions = exception is AggregateException aggregate ? aggregate.Flatten().InnerExceptions : [exception];
        if (exceptions.Count == 0 || !exceptions.All(e => e is OptionsValidationException))
        {
            return null;
        }

        return exceptions.Cast<OptionsValidationException>()
            .SelectMany(e => e.Failures)
            .Where(f => !string.IsNullOrWhiteSpace(f))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }
}
