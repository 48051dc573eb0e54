using System.Text;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Loading.Definitions;

/// <summary>
/// Loads a pipeline through the definition cache: when the files and environment variables the last load
/// read are unchanged, and so are the load options and the tool, the validated definition (and its warnings)
/// comes from <c>.pipeline/definitions/</c> without reading YAML. Otherwise the file is loaded as usual and the
/// result stored for the next run. Definitions that hold secrets, failed loads and pipelines whose workspace is
/// not the pipeline file's folder are never stored. <c>PIPELINEBUILD_NO_DEFINITION_CACHE=1</c> bypasses it.
/// </summary>
public sealed class DefinitionCache
{
    public const string BypassVariable = "PIPELINEBUILD_NO_DEFINITION_CACHE";
    public const string FolderName = "definitions";

    private readonly LoadOptions _options;
    private readonly string _toolBuild;

    /// <param name="toolBuild">The running tool's build (<see cref="ToolBuild.Id"/>); entries of another build are never trusted.</param>
    public DefinitionCache(LoadOptions options, string toolBuild)
    {
        _options = options;
        _toolBuild = toolBuild;
    }

    public LoadResult Load(string pipelineFilePath)
    {
        var loader = new PipelineLoader(_options);
        var file = PipelineLoader.FileOf(pipelineFilePath);
        if (_options.ProcessEnvironment.GetValueOrDefault(BypassVariable) == "1")
        {
            return loader.Load(file);
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(file))!;
        var entryPath = Path.Combine(folder, WorkspaceLayout.StateFolderName, FolderName, EntryName(file));
        var key = DefinitionKey.Of(file, _options, _toolBuild);
        if (InsideState(folder) && DefinitionCacheFile.TryRead(entryPath, key, _options.ProcessEnvironment) is { } cached)
        {
            return cached;
        }

        var inputs = new LoadInputs();
        var result = loader.Load(file, inputs);
        if (result.Pipeline is { } pipeline && IsStorable(pipeline, inputs, folder))
        {
            TryStore(folder, entryPath, key, inputs, result);
        }

        return result;
    }

    private bool IsStorable(PipelineDefinition pipeline, LoadInputs inputs, string folder) =>
        !inputs.Unbounded
        && inputs.Files.Count > 0
        && string.Equals(pipeline.WorkspaceRoot.TrimEnd(Path.DirectorySeparatorChar), folder.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal)
        && pipeline.Steps.All(s => s.Secrets.Names.Count == 0)
        && !inputs.Environment.Keys.Any(_options.Secrets.Contains);

    private static void TryStore(string folder, string entryPath, byte[] key, LoadInputs inputs, LoadResult result)
    {
        // Only into a state folder a run made: loading alone never creates .pipeline/.
        if (FileKinds.Of(Path.Combine(folder, WorkspaceLayout.StateFolderName)) != FileKind.Directory)
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(entryPath)!);
            if (InsideState(folder))
            {
                DefinitionCacheFile.Write(entryPath, key, inputs, result.Pipeline!, result.Diagnostics);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only a shortcut: the next run loads the file again.
        }
    }

    /// <summary>The state folder and its definitions folder are real folders, never links leading elsewhere.</summary>
    private static bool InsideState(string folder)
    {
        var state = Path.Combine(folder, WorkspaceLayout.StateFolderName);
        return FileKinds.Of(state) == FileKind.Directory && FileKinds.Of(Path.Combine(state, FolderName)) == FileKind.Directory;
    }

    private static string EntryName(string file) =>
        Convert.ToHexStringLower(SmallSha256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(file) + "\0" + file)))[..32];
}
