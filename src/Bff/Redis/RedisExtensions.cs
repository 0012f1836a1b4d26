using Bff.Hosting;
using Bff.Sessions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Bff.Redis;

public static class RedisExtensions
{
    /// <summary>
    /// With <c>Redis:Configuration</c> set: sessions (<see cref="Microsoft.Extensions.Caching.Distributed.IDistributedCache"/>),
    /// the per-user session index and the Data Protection key ring (fixed application name) live in Redis, so any
    /// instance reads any session cookie, and <c>/readyz</c> checks Redis. Without it the in-memory defaults of
    /// <see cref="Bff.Sessions.SessionExtensions.AddBffSessions"/> stay (one instance only) and a start-up log line says so.
    /// Decided once at start-up, from configuration.
    /// </summary>
    public static WebApplicationBuilder AddBffRedis(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RedisOptions>, RedisOptionsValidator>();
        services.AddHostedService<SessionStoreStartup>();

        var options = builder.Configuration.GetSection(RedisOptions.SectionName).Get<RedisOptions>() ?? new RedisOptions();
        if (!options.Enabled || new RedisOptionsValidator().Validate(null, options).Failed)
        {
            return builder; // in memory; invalid settings stop the start-up with the validator's message
        }

        // The connection is shared and reconnects by itself: the cache's "force reconnect" (off by default) would close it
        // under the Data Protection key ring and the session index. Keep it off whatever runtimeconfig says.
        AppContext.SetSwitch("Microsoft.AspNetCore.Caching.StackExchangeRedis.UseForceReconnect", false);
        var connection = new RedisConnection(options);
        services.AddSingleton(_ => connection); // created here for Data Protection; disposed with the container
        services.AddStackExchangeRedisCache(cache =>
        {
            cache.InstanceName = options.InstanceName;
            cache.ConnectionMultiplexerFactory = connection.GetAsync;
        });
        services.AddDataProtection()
            .SetApplicationName(Bff.Sessions.SessionExtensions.DataProtectionApplicationName)
            .PersistKeysToStackExchangeRedis(() => connection.Database, options.InstanceName + "data-protection-keys");
        services.AddSingleton<ISessionIndex, RedisSessionIndex>();
        services.AddSingleton<RedisSessionPeers>();
        services.AddSingleton<ISessionPeers>(sp => sp.GetRequiredService<RedisSessionPeers>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisSessionPeers>());
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: [HealthExtensions.ReadyTag]);
        return builder;
    }
}
