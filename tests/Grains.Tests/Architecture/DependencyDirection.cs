using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GeminiClone.Grains.Tests.Architecture;

/// <summary>
/// Which namespaces of ours a file names, read from its syntax tree: <c>using</c> directives (aliases and static
/// ones included) and fully qualified names in code, attributes and doc comments' <c>cref</c>s.
/// </summary>
internal static class DependencyDirection
{
    /// <summary>Each place a file names something under <paramref name="prefix"/>, with the name it wrote.</summary>
    public static IEnumerable<(SyntaxNode Node, string Name)> NamesUnder(SourceFile file, string prefix)
    {
        var root = file.Tree.GetCompilationUnitRoot();
        foreach (var directive in root.DescendantNodes().OfType<UsingDirectiveSyntax>())
        {
            if (directive.NamespaceOrType is { } target && IsUnder(target.ToString(), prefix))
            {
                yield return (directive, target.ToString());
            }
        }

        // The outermost of a dotted name: GeminiClone.Grains.Billing.StripeOptions.Section is reported once.
        foreach (var node in root.DescendantNodes(descendIntoTrivia: true).Where(IsDotted))
        {
            if (IsDotted(node.Parent) || node.Ancestors().Any(a => a is UsingDirectiveSyntax))
            {
                continue;
            }

            var name = string.Concat(node.ToString().Where(c => !char.IsWhiteSpace(c)));
            if (IsUnder(name, prefix))
            {
                yield return (node, name);
            }
        }
    }

    /// <summary>Whether <paramref name="name"/> is <paramref name="allowed"/> or inside it (a namespace, a type, a member).</summary>
    public static bool IsWithin(string name, string allowed) =>
        name == allowed || name.StartsWith(allowed + ".", StringComparison.Ordinal);

    private static bool IsDotted(SyntaxNode? node) => node is QualifiedNameSyntax or MemberAccessExpressionSyntax or QualifiedCrefSyntax;

    private static bool IsUnder(string name, string prefix) => IsWithin(name, prefix);
}
