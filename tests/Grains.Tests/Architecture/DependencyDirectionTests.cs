namespace GeminiClone.Grains.Tests.Architecture;

/// <summary>
/// The direction of dependencies the folders promise (README, "Where things are"): the gateway sees the grains'
/// vocabulary (<c>GeminiClone.Grains.Interfaces</c>) and one hosting extension (<c>GeminiClone.Grains.Hosting</c>),
/// never a grain, a rule or an adapter; domain folders of the grains never name an adapter, which only hosting wires.
/// A failure lists each place as <c>path:line</c>, with the name it used.
/// </summary>
public sealed class DependencyDirectionTests
{
    private static readonly string[] GatewayMaySee = ["GeminiClone.Grains.Interfaces", "GeminiClone.Grains.Hosting"];

    /// <summary>
    /// Files that still break the rule because their fix belongs to work in flight elsewhere; each entry says what is
    /// left. The list may only shrink: an entry whose file is clean fails <see cref="Every_known_exception_is_still_needed"/>.
    /// </summary>
    private static readonly Dictionary<string, string> NotYetMoved = new(StringComparer.Ordinal)
    {
    };

    private static IReadOnlyList<SourceFile> Files => SourceFiles.All.Value;

    [Fact]
    public void The_gateway_names_only_the_grains_vocabulary_and_their_hosting_extension() =>
        AssertNone(GatewayViolations().Where(v => !NotYetMoved.ContainsKey(v.File)),
            "Api files name GeminiClone.Grains namespaces other than Grains.Interfaces.* and Grains.Hosting: move the type the gateway " +
            "needs to Grains.Interfaces, expose it through Grains/Hosting, or move the rule into a grain.");

    [Fact]
    public void Domain_folders_name_no_adapter() =>
        AssertNone(DomainViolations().Where(v => !NotYetMoved.ContainsKey(v.File)),
            "Domain code names an adapter: declare a port (an interface) in the domain folder and wire the adapter in Grains/Hosting.");

    [Fact]
    public void Every_known_exception_is_still_needed()
    {
        var stillBreaking = GatewayViolations().Concat(DomainViolations()).Select(v => v.File).ToHashSet(StringComparer.Ordinal);

        Assert.All(NotYetMoved.Keys, file => Assert.Contains(file, stillBreaking));
    }

    [Fact]
    public void The_scan_sees_usings_and_qualified_names()
    {
        var file = SourceFiles.Parse("Api/Example.cs", """
            using GeminiClone.Grains.Interfaces.Chatrooms;
            using GeminiClone.Grains.Search;
            using Store = GeminiClone.Grains.Adapters.PostgreSql.PostgresAttachmentStore;

            class Example
            {
                /// <see cref="GeminiClone.Grains.Chatrooms.ChatroomOptions"/>
                string tag = GeminiClone.Grains.Hosting.HealthTags.Ready;
                object options = GeminiClone.Grains.Billing.StripeOptions.Section;
            }
            """);

        var names = DependencyDirection.NamesUnder(file, "GeminiClone.Grains").Select(n => n.Name).Where(IsForbiddenToTheGateway).ToList();

        Assert.Equal(
            ["GeminiClone.Grains.Search", "GeminiClone.Grains.Adapters.PostgreSql.PostgresAttachmentStore",
             "GeminiClone.Grains.Chatrooms.ChatroomOptions", "GeminiClone.Grains.Billing.StripeOptions.Section"],
            names);
    }

    private static IEnumerable<(string File, string At, string Name)> GatewayViolations() =>
        from file in Files
        where file.Path.StartsWith("Api/", StringComparison.Ordinal)
        from found in DependencyDirection.NamesUnder(file, "GeminiClone.Grains")
        where IsForbiddenToTheGateway(found.Name)
        select (file.Path, file.At(found.Node), found.Name);

    private static IEnumerable<(string File, string At, string Name)> DomainViolations() =>
        from file in Files
        where file.Path.StartsWith("Grains/", StringComparison.Ordinal)
            && !file.Path.StartsWith("Grains/Adapters/", StringComparison.Ordinal)
            && !file.Path.StartsWith("Grains/Hosting/", StringComparison.Ordinal)
        from found in DependencyDirection.NamesUnder(file, "GeminiClone.Grains.Adapters")
        select (file.Path, file.At(found.Node), found.Name);

    private static bool IsForbiddenToTheGateway(string name) => !GatewayMaySee.Any(allowed => DependencyDirection.IsWithin(name, allowed));

    private static void AssertNone(IEnumerable<(string File, string At, string Name)> violations, string rule)
    {
        var list = violations.Select(v => $"{v.At}  {v.Name}").ToList();
        if (list.Count > 0)
        {
            Assert.Fail($"{rule}\n{string.Join('\n', list)}\n({list.Count} in all)");
        }
    }
}
