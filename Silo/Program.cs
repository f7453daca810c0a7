using GeminiClone.Grains.Hosting;

// The standalone silo for production topologies. Until Redis clustering and PostgreSQL storage are wired in,
// it runs the same localhost cluster as the Api's embedded mode, so it is only useful for local experiments.
var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddLegacyEnvironmentNames();
builder.UseOrleans(silo => silo.UseEmbeddedCluster(SiloHostingOptions.From(builder.Configuration)));
builder.Services.AddHealthChecks();

var app = builder.Build();
app.MapHealthChecks("/health/live");
app.Run();
