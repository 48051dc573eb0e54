using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Loading;
using PipelineBuild.Core.Loading.Definitions;
using PipelineBuild.Core.Locking;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Cli.Composition;

/// <summary>FILE → loaded pipeline → validated graph; every problem of both stages reported together.</summary>
internal static class PipelineOpener
{
    private static readonly string[] DefaultNames = ["pipeline.yaml", "pipeline.yml"];

    /// <param name="executor"><c>--executor</c>: replaces the pipeline's top-level <c>executor:</c>.</param>
    public static (PipelineDefinition Pipeline, StepGraph Graph) Open(string? file, string[]? parameters, string? paramsFile, IReadOnlyList<string>? secrets = null, Executor? executor = null)
    {
        var path = ResolveFile(file);
        var options = LoadOptions.FromProcess(parameters ?? [], paramsFile) with { Secrets = secrets ?? [], Executor = executor };
        PhaseTimings.Mark("start-up");
        var result = new DefinitionCache(options, ToolBuild.Id).Load(path);
        PhaseTimings.Mark(result.FromCache ? "load-cached" : "load");
        if (result.Pipeline is null)
        {
            throw new PipelineValidationException(result.Diagnostics);
        }

        var diagnostics = new DiagnosticBag();
        diagnostics.AddRange(result.Diagnostics);
        var graph = StepGraphBuilder.Build(result.Pipeline, diagnostics);
        PhaseTimings.Mark("graph");
        diagnostics.ThrowIfErrors();
        foreach (var warning in diagnostics.Items)
        {
            Console.Error.WriteLine(warning.ToString());
        }

        return (result.Pipeline, graph);
    }

    /// <summary>
    /// Starts loading the stat cache of the workspace the pipeline file most likely has (its own folder) while the
    /// file is loaded; null when the file is named so that no folder can be told.
    /// </summary>
    public static StatCachePreload? PreloadStatCache(string? file)
    {
        var candidate = file ?? ".";
        if (candidate.Length == 0 || candidate.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }

        var full = Path.GetFullPath(candidate);
        var folder = Directory.Exists(full) ? full : Path.GetDirectoryName(full);
        return folder is null ? null : StatCachePreload.Start(new WorkspaceLayout(folder).StatCacheFile);
    }

    /// <summary>
    /// Starts reading the lock file of the pipeline file, as <see cref="PreloadStatCache"/> does the stat cache; null when
    /// no pipeline file is found (the load then reports it).
    /// </summary>
    public static LockFilePreload? PreloadLockFile(string? file)
    {
        var candidate = file ?? ".";
        if (candidate.Length == 0 || candidate.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }

        var path = Directory.Exists(candidate) ? DefaultNames.Select(n => Path.Combine(candidate, n)).FirstOrDefault(File.Exists) : candidate;
        return path is null ? null : LockFilePreload.Start(Path.ChangeExtension(path, ".lock"));
    }

    private static string ResolveFile(string? file)
    {
        var candidate = file ?? ".";
        if (Directory.Exists(candidate))
        {
            var found = DefaultNames.Select(n => Path.Combine(candidate, n)).FirstOrDefault(File.Exists);
            if (found is null)
            {
                throw new PipelineException(PipelineDiagnostic.Error(
                    ToolCodes.PipelineFileMissing,
                    SourceLocation.None(Path.GetFullPath(candidate)),
                    "no pipeline.yaml here",
                    "pass the pipeline file (dotnet pipeline run path/to/pipeline.yaml) or create one with 'dotnet pipeline init'"));
            }

            return file is null ? Path.GetFileName(found) : found;
        }

        if (!File.Exists(candidate))
        {
            throw new PipelineException(PipelineDiagnostic.Error(ToolCodes.PipelineFileMissing, SourceLocation.None(candidate), "the pipeline file does not exist", "check the path"));
        }

        return candidate;
    }
}
