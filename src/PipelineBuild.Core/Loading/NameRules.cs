using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Yaml;

namespace PipelineBuild.Core.Loading;

/// <summary>The name grammars of docs/pipeline-format.md: pipeline <c>[a-z0-9][a-z0-9-]*</c>; stages and steps <c>[a-z0-9][a-z0-9_-]*</c>.</summary>
internal static class NameRules
{
    public static bool IsPipelineName(string name) => IsName(name, allowUnderscore: false);

    public static bool IsStepName(string name) => IsName(name, allowUnderscore: true);

    /// <summary>A Jupyter kernel name: it becomes a kernelspec folder name, so no separators or spaces.</summary>
    public static bool IsKernelName(string name) =>
        name.Length is > 0 and <= 64 && name[0] != '.' && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>Reports a bad stage, step or image name; true when the name is valid.</summary>
    public static bool CheckStepName(SchemaReader reader, YamlTreeScalar name, string kind)
    {
        if (IsStepName(name.Value))
        {
            return true;
        }

        reader.Error(
            LoaderCodes.BadName,
            name.Location,
            $"invalid {kind} name '{name.Value}'",
            "use lower-case letters, digits, '-' and '_', starting with a letter or digit");
        return false;
    }

    private static bool IsName(string name, bool allowUnderscore)
    {
        if (name.Length == 0 || !IsLowerOrDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsLowerOrDigit(c) && c != '-' && !(allowUnderscore && c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLowerOrDigit(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}
