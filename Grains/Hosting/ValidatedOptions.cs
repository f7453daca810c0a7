using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GeminiClone.Grains.Hosting;

public static class ValidatedOptions
{
    /// <summary>Binds a section, checks its data annotations, and refuses to start when they fail.</summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(this IServiceCollection services, string section)
        where TOptions : class =>
        services.AddOptions<TOptions>()
            .BindConfiguration(section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
}
