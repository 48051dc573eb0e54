using System.Text;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Loading.Definitions;

/// <summary>
/// What a cached definition depends on besides the files and variables the load read: the tool's build,
/// the path as given (diagnostics name it), the current folder (relative paths resolve against it) and
/// every <see cref="LoadOptions"/> value but the environment, which is recorded name by name.
/// </summary>
internal static class DefinitionKey
{
    private const int Format = 1;

    public static byte[] Of(string loadPath, LoadOptions options, string toolBuild)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Format);
            writer.Write(toolBuild);
            writer.Write(loadPath);
            writer.Write(Path.GetFullPath(loadPath));
            writer.Write(Environment.CurrentDirectory);
            Strings(writer, options.ParamOverrides);
            writer.Write(options.ParamsFile is not null);
            writer.Write(options.ParamsFile is null ? string.Empty : Path.GetFullPath(options.ParamsFile));
            writer.Write(options.ParamsFile ?? string.Empty);
            Strings(writer, options.Secrets);
            writer.Write(options.Executor is { } executor ? Executors.NameOf(executor) : string.Empty);
        }

        return buffer.ToArray();
    }

    private static void Strings(BinaryWriter writer, IReadOnlyList<string> items)
    {
        writer.Write(items.Count);
        foreach (var item in items)
        {
            writer.Write(item);
        }
    }
}
