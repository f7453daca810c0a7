namespace GeminiClone.Grains.Tests.Architecture;

/// <summary>
/// The numbers the house keeps to (style.md: "when one grows past ~300 lines it is usually two things"), over every
/// hand-written C# file: the product (Api, Grains, Grains.Interfaces, Silo) and the tests and tools under tests/.
/// A failure lists each place to split, as <c>path:line</c>.
/// </summary>
public sealed class CodeShapeTests
{
    private static IReadOnlyList<SourceFile> Files => SourceFiles.All.Value;

    [Fact]
    public void The_repository_is_found_with_its_product_and_test_code()
    {
        var folders = Files.Select(f => f.Path.Split('/')[0]).ToHashSet();

        Assert.Superset(new HashSet<string> { "Api", "Grains", "Grains.Interfaces", "Silo", "tests" }, folders);
        Assert.DoesNotContain(Files, f => f.Path.Contains("/obj/", StringComparison.Ordinal) || f.Path.Contains("/bin/", StringComparison.Ordinal));
    }

    [Fact]
    public void Grains_are_recognised_by_their_base_class_or_their_grain_interface()
    {
        var grains = CodeShape.GrainClassNames(Files);

        Assert.Superset(new HashSet<string> { "ChatroomGrain", "ChatPageGrain", "UserGrain", "ModelCatalogGrain" }, grains);
        Assert.DoesNotContain("ChatHistory", grains);
    }

    [Fact]
    public void No_source_file_is_longer_than_300_lines() =>
        AssertNone(CodeShape.LongFiles(Files), $"Files over {CodeShape.MaxFileLines} lines: split each along what its parts own.");

    [Fact]
    public void No_method_is_longer_than_60_lines() =>
        AssertNone(CodeShape.LongMethods(Files),
            $"Methods (constructors, accessors, local functions, expression-bodied members, top-level programs) over {CodeShape.MaxMethodLines} lines: split each into named steps.");

    [Fact]
    public void No_grain_takes_more_than_6_constructor_dependencies() =>
        AssertNone(CodeShape.WideGrainConstructors(Files),
            $"Grain constructors with more than {CodeShape.MaxGrainDependencies} parameters: give a concern its own type, or bundle options that travel together.");

    private static void AssertNone(IEnumerable<ShapeViolation> violations, string rule)
    {
        var list = violations.ToList();
        if (list.Count > 0)
        {
            Assert.Fail($"{rule}\n{string.Join('\n', list)}\n({list.Count} in all)");
        }
    }
}
