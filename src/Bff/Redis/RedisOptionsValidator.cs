using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Bff.Redis;

/// <summary>Checks the Redis settings at start-up and names the key to fix. Never echoes the configuration string (it may hold a password).</summary>
internal sealed class RedisOptionsValidator : IValidateOptions<RedisOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisOptions options)
    {
        var failures = new List<string>();
        if (options.Enabled)
        {
            try
            {
                if (ConfigurationOptions.Parse(options.Configuration!).EndPoints.Count == 0)
                {
                    failures.Add("Redis:Configuration names no server. Set it to host:port, e.g. redis:6379 (environment variable Redis__Configuration).");
                }
            }
            catch (ArgumentException ex)
            {
                failures.Add($"Redis:Configuration is not a valid StackExchange.Redis configuration string: {ex.Message.Split('\n')[0]}");
            }
        }

        if (string.IsNullOrEmpty(options.InstanceName) || options.InstanceName.Length > 64 || options.InstanceName.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            failures.Add("Redis:InstanceName must be 1 to 64 characters without spaces, e.g. 'stytch-bff:'.");
        }

        Check(failures, "Redis:ConnectTimeout", options.ConnectTimeout);
        Check(failures, "Redis:SyncTimeout", options.SyncTimeout);
        Check(failures, "Redis:AsyncTimeout", options.AsyncTimeout);
        if (options.ConnectRetry is < 0 or > 20)
        {
            failures.Add("Redis:ConnectRetry must be between 0 and 20.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string key, TimeSpan value)
    {
        if (value < TimeSpan.FromMilliseconds(100) || value > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{key} must be between 00:00:00.100 and 00:01:00; got '{value}'.");
        }
    }
}
