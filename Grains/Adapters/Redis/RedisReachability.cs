using StackExchange.Redis;

namespace GeminiClone.Grains.Adapters.Redis;

/// <summary>Whether Redis answers at all, asked once with a short timeout.</summary>
public static class RedisReachability
{
    public static async Task<TimeSpan> PingAsync(string connectionString, CancellationToken cancellationToken)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        (options.AbortOnConnectFail, options.ConnectTimeout, options.ConnectRetry) = (false, 3000, 0);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
        return await redis.GetDatabase().PingAsync().WaitAsync(cancellationToken);
    }
}
