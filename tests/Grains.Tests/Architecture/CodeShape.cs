using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GeminiClone.Grains.Tests.Architecture;

/// <summary>One place that is over a limit: where, and what it is.</summary>
internal sealed record ShapeViolation(string At, string What)
{
    public override string ToString() => $"{At}  {What}";
}

/// <summary>
/// The sizes the house keeps to, measured on syntax trees: files, method bodies (methods, constructors, operators,
/// accessors, expression-bodied members, local functions, top-level programs, lambdas outside all of these) and the
/// constructor dependencies of grains.
/// </summary>
internal static class CodeShape
{
    public const int MaxFileLines = 300;
    public const int MaxMethodLines = 60;
    public const int MaxGrainDependencies = 6;

    public static IEnumerable<ShapeViolation> LongFiles(IEnumerable<SourceFile> files) =>
        from file in files
        where file.LineCount > MaxFileLines
        select new ShapeViolation($"{file.Path}:1", $"file of {file.LineCount} lines");

    public static IEnumerable<ShapeViolation> LongMethods(IEnumerable<SourceFile> files) =>
        from file in files
        from body in Bodies(file.Tree.GetCompilationUnitRoot())
        where body.Lines > MaxMethodLines
        select new ShapeViolation(file.At(body.Start), $"{body.Name} is {body.Lines} lines");

    public static IEnumerable<ShapeViolation> WideGrainConstructors(IReadOnlyList<SourceFile> files)
    {
        var grainClasses = GrainClassNames(files);
        foreach (var file in files)
        {
            foreach (var type in file.Tree.GetCompilationUnitRoot().DescendantNodes().OfType<TypeDeclarationSyntax>())
            {
                if (!grainClasses.Contains(type.Identifier.ValueText))
                {
                    continue;
                }

                var constructors = type.Members.OfType<ConstructorDeclarationSyntax>()
                    .Where(c => !c.Modifiers.Any(SyntaxKind.StaticKeyword))
                    .Select(c => (Node: (SyntaxNode)c, c.ParameterList.Parameters.Count));
                if (type.ParameterList is { } primary)
                {
                    constructors = constructors.Prepend((type, primary.Parameters.Count));
                }

                foreach (var (node, count) in constructors.Where(c => c.Count > MaxGrainDependencies))
                {
                    yield return new ShapeViolation(file.At(node), $"grain {type.Identifier.ValueText}'s constructor takes {count} dependencies");
                }
            }
        }
    }

    /// <summary>
    /// Names of the classes that are grains: deriving from <c>Grain</c> or <c>Grain&lt;T&gt;</c> (or from a class that
    /// does), or implementing an <c>IGrainWith*</c> interface (or an interface that extends one). Any part of a partial
    /// class may say so.
    /// </summary>
    public static HashSet<string> GrainClassNames(IReadOnlyList<SourceFile> files)
    {
        var types = files.SelectMany(f => f.Tree.GetCompilationUnitRoot().DescendantNodes().OfType<TypeDeclarationSyntax>()).ToList();
        var grainish = new HashSet<string>(StringComparer.Ordinal) { "Grain" };
        var grainClasses = new HashSet<string>(StringComparer.Ordinal);
        bool added;
        do
        {
            added = false;
            foreach (var type in types)
            {
                var bases = BaseNames(type).ToList();
                if (!bases.Any(b => grainish.Contains(b) || b.StartsWith("IGrainWith", StringComparison.Ordinal)))
                {
                    continue;
                }

                added |= grainish.Add(type.Identifier.ValueText);
                if (type is ClassDeclarationSyntax)
                {
                    grainClasses.Add(type.Identifier.ValueText);
                }
            }
        }
        while (added);

        return grainClasses;
    }

    private static IEnumerable<string> BaseNames(TypeDeclarationSyntax type) =>
        type.BaseList?.Types.Select(b => RightmostName(b.Type)) ?? [];

    private static string RightmostName(TypeSyntax type) => type switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => type.ToString(),
    };

    /// <summary>Every piece of code that reads as one method, named as a reader would look for it.</summary>
    private static IEnumerable<(string Name, SyntaxNode Start, int Lines)> Bodies(CompilationUnitSyntax root)
    {
        foreach (var node in root.DescendantNodes())
        {
            if (NameOfBody(node) is { } name)
            {
                yield return (name, node, SourceFile.LinesOf(node));
            }
        }

        // Top-level statements are the program's Main: measured from the first to the last (their local functions on their own).
        var statements = root.Members.OfType<GlobalStatementSyntax>().Where(g => g.Statement is not LocalFunctionStatementSyntax).ToList();
        if (statements.Count > 0)
        {
            var first = statements[0].GetLocation().GetLineSpan().StartLinePosition.Line;
            var last = statements[^1].GetLocation().GetLineSpan().EndLinePosition.Line;
            yield return ("the top-level program", statements[0], last - first + 1);
        }

        // A lambda in a field initializer or an attribute has no method around it to be counted with.
        foreach (var lambda in root.DescendantNodes().OfType<AnonymousFunctionExpressionSyntax>())
        {
            if (!lambda.Ancestors().Any(a => NameOfBody(a) is not null || a is GlobalStatementSyntax))
            {
                yield return ($"a lambda in {Owner(lambda)}", lambda, SourceFile.LinesOf(lambda));
            }
        }
    }

    private static string? NameOfBody(SyntaxNode node) => node switch
    {
        MethodDeclarationSyntax method => $"method {Owner(method)}.{method.Identifier.ValueText}",
        ConstructorDeclarationSyntax constructor => $"constructor of {constructor.Identifier.ValueText}",
        DestructorDeclarationSyntax destructor => $"finalizer of {destructor.Identifier.ValueText}",
        OperatorDeclarationSyntax op => $"operator {op.OperatorToken.ValueText} of {Owner(op)}",
        ConversionOperatorDeclarationSyntax conversion => $"conversion to {conversion.Type} of {Owner(conversion)}",
        LocalFunctionStatementSyntax local => $"local function {local.Identifier.ValueText} in {Owner(local)}",
        AccessorDeclarationSyntax accessor when accessor.Body is not null || accessor.ExpressionBody is not null =>
            $"{accessor.Keyword.ValueText} accessor of {Owner(accessor)}.{MemberName(accessor.Parent?.Parent)}",
        PropertyDeclarationSyntax { ExpressionBody: not null } property => $"property {Owner(property)}.{property.Identifier.ValueText}",
        IndexerDeclarationSyntax { ExpressionBody: not null } indexer => $"indexer of {Owner(indexer)}",
        _ => null,
    };

    private static string MemberName(SyntaxNode? member) => member switch
    {
        PropertyDeclarationSyntax property => property.Identifier.ValueText,
        EventDeclarationSyntax e => e.Identifier.ValueText,
        IndexerDeclarationSyntax => "this[]",
        _ => "?",
    };

    private static string Owner(SyntaxNode node) =>
        node.Ancestors().OfType<BaseTypeDeclarationSyntax>().FirstOrDefault()?.Identifier.ValueText ?? "the top-level program";
}
