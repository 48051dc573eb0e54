using System.Reflection;
using System.Text.RegularExpressions;

namespace PipelineBuild.Cli.Tests.Architecture;

/// <summary>
/// Error and warning codes live in one catalogue: the <c>*Codes</c> classes of the tool's assemblies.
/// Every code there is explained in docs/error-codes.md, every code explained there is in the catalogue,
/// and no source file outside the catalogue spells a code as a string literal.
/// </summary>
public sealed partial class CodeCatalogueTests
{
    private static readonly string RepositoryRoot = SchemaValidator.RepositoryRoot;

    [Fact]
    public void Should_document_every_code_of_the_catalogue_and_catalogue_every_documented_code()
    {
        // Given
        var catalogue = CatalogueCodes();
        var documented = DocumentedRow().Matches(File.ReadAllText(Path.Combine(RepositoryRoot, "docs", "error-codes.md")))
            .Select(m => m.Groups[1].Value)
            .ToHashSet(StringComparer.Ordinal);

        // When
        var undocumented = catalogue.Except(documented, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var uncatalogued = documented.Except(catalogue, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        // Then
        Assert.True(undocumented.Count == 0, "codes in a *Codes class but not in docs/error-codes.md: " + string.Join(", ", undocumented));
        Assert.True(uncatalogued.Count == 0, "codes in docs/error-codes.md but in no *Codes class: " + string.Join(", ", uncatalogued));
    }

    [Fact]
    public void Should_spell_no_code_as_a_string_literal_outside_the_catalogue()
    {
        // Given
        var sources = Directory.EnumerateFiles(Path.Combine(RepositoryRoot, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !Path.GetFileNameWithoutExtension(path).EndsWith("Codes", StringComparison.Ordinal));

        // When
        var literals = sources
            .SelectMany(path => File.ReadLines(path).Select((line, index) => (path, line, index)))
            .Where(l => CodeLiteral().IsMatch(l.line))
            .Select(l => $"{Path.GetRelativePath(RepositoryRoot, l.path)}({l.index + 1}): {l.line.Trim()}")
            .ToList();

        // Then
        Assert.True(literals.Count == 0, "name the code through its *Codes class:\n" + string.Join("\n", literals));
    }

    private static HashSet<string> CatalogueCodes()
    {
        // The tool and every PipelineBuild assembly it references (Core, Docker, TaskRunner, …), and the cluster
        // project, whose agent runs in a job's container.
        var tool = typeof(CliApp).Assembly;
        var assemblies = tool.GetReferencedAssemblies()
            .Where(name => name.Name?.StartsWith("PipelineBuild.", StringComparison.Ordinal) == true)
            .Select(Assembly.Load)
            .Append(tool)
            .Append(typeof(Cluster.ClusterCodes).Assembly)
            .Distinct();
        return assemblies
            .SelectMany(a => a.GetTypes())
            .Where(t => t.IsAbstract && t.IsSealed && t.Name.EndsWith("Codes", StringComparison.Ordinal))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Where(code => CodeShape().IsMatch(code))
            .ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"^\| (PB[0-9]{4}) \|", RegexOptions.Multiline)]
    private static partial Regex DocumentedRow();

    [GeneratedRegex("^PB[0-9]{4}$")]
    private static partial Regex CodeShape();

    [GeneratedRegex("\"PB[0-9]")]
    private static partial Regex CodeLiteral();
}
