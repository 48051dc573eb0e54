using Mono.Cecil;

namespace PipelineBuild.Cli.Tests.Architecture;

/// <summary>
/// Which namespaces of an assembly use which others, read from the compiled IL (signatures, fields,
/// attributes and method bodies, closures and state machines counted for the type that declares them).
/// </summary>
internal sealed class NamespaceGraph
{
    private readonly Dictionary<string, Dictionary<string, string>> _edges = new(StringComparer.Ordinal);

    private NamespaceGraph(string prefix)
    {
        Prefix = prefix;
    }

    /// <summary>The namespace every node lies under (e.g. <c>PipelineBuild.Core</c>).</summary>
    public string Prefix { get; }

    public IReadOnlyCollection<string> Nodes => _edges.Keys;

    public static NamespaceGraph Read(string assemblyPath, string prefix)
    {
        var graph = new NamespaceGraph(prefix);
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        foreach (var type in module.Types)
        {
            if (Node(type.Namespace, prefix) is { } from)
            {
                graph.Add(from, type, type.FullName);
            }
        }

        return graph;
    }

    /// <summary>The namespaces <paramref name="node"/> uses, each with one type that shows it.</summary>
    public IReadOnlyDictionary<string, string> UsesOf(string node) => _edges.TryGetValue(node, out var uses) ? uses : new Dictionary<string, string>();

    private static string? Node(string ns, string prefix) =>
        string.Equals(ns, prefix, StringComparison.Ordinal) ? "" : ns.StartsWith(prefix + ".", StringComparison.Ordinal) ? ns[(prefix.Length + 1)..] : null;

    private void Add(string from, TypeDefinition type, string owner)
    {
        var uses = Uses(from);
        void Use(TypeReference? reference)
        {
            while (reference is TypeSpecification specification)
            {
                if (specification is GenericInstanceType generic)
                {
                    foreach (var argument in generic.GenericArguments)
                    {
                        Use(argument);
                    }
                }

                reference = specification.ElementType;
            }

            while (reference?.DeclaringType is { } declaring)
            {
                reference = declaring;
            }

            if (reference is not null && Node(reference.Namespace, Prefix) is { } to && !string.Equals(to, from, StringComparison.Ordinal))
            {
                uses.TryAdd(to, owner);
            }
        }

        void UseMethod(MethodReference method)
        {
            Use(method.DeclaringType);
            Use(method.ReturnType);
            foreach (var parameter in method.Parameters)
            {
                Use(parameter.ParameterType);
            }

            if (method is GenericInstanceMethod generic)
            {
                foreach (var argument in generic.GenericArguments)
                {
                    Use(argument);
                }
            }
        }

        void UseAttributes(ICustomAttributeProvider provider)
        {
            foreach (var attribute in provider.CustomAttributes)
            {
                UseMethod(attribute.Constructor);
            }
        }

        Use(type.BaseType);
        UseAttributes(type);
        foreach (var implemented in type.Interfaces)
        {
            Use(implemented.InterfaceType);
        }

        foreach (var field in type.Fields)
        {
            Use(field.FieldType);
            UseAttributes(field);
        }

        foreach (var property in type.Properties)
        {
            Use(property.PropertyType);
            UseAttributes(property);
        }

        foreach (var method in type.Methods)
        {
            UseMethod(method);
            UseAttributes(method);
            if (!method.HasBody)
            {
                continue;
            }

            foreach (var variable in method.Body.Variables)
            {
                Use(variable.VariableType);
            }

            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference t:
                        Use(t);
                        break;
                    case MethodReference m:
                        UseMethod(m);
                        break;
                    case FieldReference f:
                        Use(f.DeclaringType);
                        Use(f.FieldType);
                        break;
                }
            }
        }

        foreach (var nested in type.NestedTypes)
        {
            Add(from, nested, owner);
        }
    }

    private Dictionary<string, string> Uses(string node)
    {
        if (!_edges.TryGetValue(node, out var uses))
        {
            uses = new Dictionary<string, string>(StringComparer.Ordinal);
            _edges[node] = uses;
        }

        return uses;
    }
}
