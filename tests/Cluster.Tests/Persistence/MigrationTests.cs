using GeminiClone.Cluster.Tests.Infrastructure;
using GeminiClone.Grains.Adapters.PostgreSql;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace GeminiClone.Cluster.Tests.Persistence;

[Collection(ClusterCollection.Name)]
public sealed class MigrationTests
{
    [Fact]
    public async Task A_fresh_database_gets_the_schema_once_even_when_silos_migrate_at_the_same_time()
    {
        var database = await TestServers.CreateDatabaseAsync();

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostgresMigrations.ApplyAsync(database, NullLogger.Instance)));
        var again = await PostgresMigrations.ApplyAsync(database, NullLogger.Instance);

        Assert.Equal(PostgresMigrations.Scripts, concurrent.SelectMany(applied => applied).Order());
        Assert.Empty(again);
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var queries = new NpgsqlCommand("SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey", connection);
        var keys = new List<string>();
        await using (var reader = await queries.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                keys.Add(reader.GetString(0));
            }
        }

        // Grain storage's four statements (001) and the reminder service's seven (002).
        Assert.Equal(
        [
            "ClearStorageKey", "DeleteReminderRowKey", "DeleteReminderRowsKey", "DeleteStorageKey", "ReadFromStorageKey",
            "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey", "ReadReminderRowsKey", "UpsertReminderRowKey",
            "WriteToStorageKey",
        ], keys);
    }

    [Fact]
    public async Task A_silo_without_redis_and_postgres_refuses_to_start_and_says_what_it_needs()
    {
        using var silo = ServiceProcess.Start("bare-silo", "Silo", 1, new Dictionary<string, string>());

        Assert.True(await silo.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("REDIS_HOST", silo.WholeOutput);
        Assert.Contains("DATABASE_URL", silo.WholeOutput);
    }
}
