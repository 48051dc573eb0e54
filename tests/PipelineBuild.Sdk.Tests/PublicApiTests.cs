using System.Reflection;
using System.Text;
using PipelineBuild.Sdk;

namespace PipelineBuild.Sdk.Tests;

/// <summary>
/// The SDK is what users compile against: its public surface changes only on purpose. When this fails,
/// review PublicApi.received.txt; if the change is intended, copy it over PublicApi.approved.txt.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void Should_keep_the_public_api_of_the_sdk_unchanged()
    {
        // Given the approved surface
        var approvedPath = typeof(PublicApiTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ApprovedApiFile").Value!;
        var approved = File.ReadAllText(approvedPath).ReplaceLineEndings("\n");

        // When the assembly's public surface is rendered
        var actual = Render(typeof(IPipelineTask).Assembly);

        // Then it is the same
        if (!string.Equals(approved, actual, StringComparison.Ordinal))
        {
            File.WriteAllText(Path.ChangeExtension(approvedPath, null).Replace(".approved", ".received", StringComparison.Ordinal) + ".txt", actual);
        }

        Assert.Equal(approved, actual);
    }

    [Fact]
    public void Should_reference_only_the_base_class_library()
    {
        var references = typeof(IPipelineTask).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.All(references, name => Assert.True(name.StartsWith("System", StringComparison.Ordinal), $"{name} is not part of the BCL"));
    }

    internal static string Render(Assembly assembly)
    {
        var text = new StringBuilder();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            text.Append(Kind(type)).Append(' ').Append(Name(type));
            var bases = new[] { type.BaseType }.Where(b => b is not null && b != typeof(object) && b != typeof(ValueType) && b != typeof(Attribute)).Select(b => Name(b!))
                .Concat(type.GetInterfaces().Select(Name).Order(StringComparer.Ordinal)).ToList();
            text.Append(bases.Count > 0 ? " : " + string.Join(", ", bases) : "").Append('\n');
            foreach (var member in type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly).Select(Member).Where(m => m is not null).Order(StringComparer.Ordinal))
            {
                text.Append("  ").Append(member).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Kind(Type type) =>
        type.IsInterface ? "interface" : type.IsEnum ? "enum" : type.IsValueType ? "struct"
        : type.IsAbstract && type.IsSealed ? "static class" : type.IsAbstract ? "abstract class" : type.IsSealed ? "sealed class" : "class";

    private static string? Member(MemberInfo member) => member switch
    {
        ConstructorInfo c => $"ctor({Parameters(c)})",
        MethodInfo m when !m.IsSpecialName && m.DeclaringType != typeof(object) && m.Name is not ("Equals" or "GetHashCode" or "ToString" or "<Clone>$" or "Deconstruct") =>
            $"{(m.IsStatic ? "static " : m.IsAbstract ? "abstract " : "")}{Name(m.ReturnType)} {m.Name}{(m.IsGenericMethod ? $"<{string.Join(", ", m.GetGenericArguments().Select(a => a.Name))}>" : "")}({Parameters(m)})",
        PropertyInfo p => $"{(p.GetMethod?.IsStatic == true ? "static " : "")}{Name(p.PropertyType)} {p.Name} {{ {(p.GetMethod?.IsPublic == true ? "get; " : "")}{(p.SetMethod?.IsPublic == true ? (p.SetMethod.ReturnParameter.GetRequiredCustomModifiers().Any(t => t.Name == "IsExternalInit") ? "init; " : "set; ") : "")}}}",
        FieldInfo f => $"{(f.IsLiteral ? "const " : f.IsStatic ? "static " : "")}{Name(f.FieldType)} {f.Name}",
        _ => null,
    };

    private static string Parameters(MethodBase method) =>
        string.Join(", ", method.GetParameters().Select(p => $"{Name(p.ParameterType)} {p.Name}{(p.HasDefaultValue ? $" = {p.DefaultValue ?? "null"}" : "")}"));

    private static string Name(Type type)
    {
        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        if (!type.IsGenericType)
        {
            return type.FullName ?? type.Name;
        }

        var name = type.GetGenericTypeDefinition().FullName!;
        return $"{name[..name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(Name))}>";
    }
}
