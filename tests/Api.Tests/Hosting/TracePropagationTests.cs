using GeminiClone.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GeminiClone.Api.Tests.Hosting;

/// <summary>
/// Orleans' trace propagation (a grain call filter each way) is in the silo only when traces are exported
/// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>): otherwise it is a step of every grain call that finds nothing to do.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TracePropagationTests(ApiFactory defaults)
{
    [Fact]
    public void Without_a_trace_exporter_no_grain_call_passes_through_trace_propagation()
    {
        Assert.Empty(PropagationFilters(defaults.Services));
    }

    [Fact]
    public async Task With_a_trace_exporter_grain_calls_carry_the_trace_both_ways()
    {
        // Nothing listens there: the exporter's failed sends are its own, in the background.
        await using var factory = new ApiFactory([new("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9")]);
        await factory.InitializeAsync();

        Assert.Equal(["ActivityPropagationIncomingGrainCallFilter", "ActivityPropagationOutgoingGrainCallFilter"], PropagationFilters(factory.Services));
    }

    private static List<string> PropagationFilters(IServiceProvider services) =>
    [
        .. services.GetServices<IIncomingGrainCallFilter>().Cast<object>().Concat(services.GetServices<IOutgoingGrainCallFilter>())
            .Select(filter => filter.GetType().Name).Where(name => name.StartsWith("ActivityPropagation", StringComparison.Ordinal)).Order(),
    ];
}
