using System.Reflection;
using PipelineBuild.Sdk;

namespace PipelineBuild.TaskHost;

/// <summary>The tasks an assembly defines: public, concrete <see cref="IPipelineTask"/> classes with a public parameterless constructor.</summary>
internal sealed class TaskCatalog
{
    private readonly Dictionary<string, Type> _tasks;

    private TaskCatalog(Dictionary<string, Type> tasks)
    {
        _tasks = tasks;
    }

    public IReadOnlyDictionary<string, Type> Tasks => _tasks;

    public static TaskCatalog Of(Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetExportedTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            var first = e.LoaderExceptions.FirstOrDefault(x => x is not null);
            throw new TaskHostException($"cannot load the types of {assembly.GetName().Name}: {first?.Message ?? e.Message}");
        }

        var tasks = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var type in types.Where(IsTask).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            var name = NameOf(type);
            if (tasks.TryGetValue(name, out var other))
            {
                throw new TaskHostException($"two classes are named task '{name}': {other.FullName} and {type.FullName}; give one another [TaskName]");
            }

            tasks[name] = type;
        }

        return new TaskCatalog(tasks);
    }

    public static string NameOf(Type type)
    {
        if (type.GetCustomAttribute<TaskNameAttribute>() is { } attribute)
        {
            return attribute.Name;
        }

        return type.Name.Length > 4 && type.Name.EndsWith("Task", StringComparison.Ordinal) ? type.Name[..^4] : type.Name;
    }

    private static bool IsTask(Type type) =>
        type is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false }
        && typeof(IPipelineTask).IsAssignableFrom(type)
        && type.GetConstructor(Type.EmptyTypes) is not null;
}
