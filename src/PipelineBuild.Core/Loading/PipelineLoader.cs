using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Yaml;

namespace PipelineBuild.Core.Loading;

/// <summary>
/// Loads a pipeline file into a <see cref="Model.PipelineDefinition"/>: parses it, checks it against
/// docs/pipeline-format.md, applies params and expands expressions and matrices. Never throws for bad input:
/// every problem is a diagnostic naming the file as given, its line and column.
/// </summary>
public sealed class PipelineLoader
{
    private const string DefaultFileName = "pipeline.yaml";

    private readonly LoadOptions _options;

    public PipelineLoader(LoadOptions options)
    {
        _options = options;
    }

    /// <summary>Loads <paramref name="pipelineFilePath"/>, or the <c>pipeline.yaml</c> inside it when it is a folder.</summary>
    /// <param name="inputs">When given, told every file and environment variable the load reads (the definition cache, <c>Definitions.DefinitionCache</c>).</param>
    public LoadResult Load(string pipelineFilePath, LoadInputs? inputs = null)
    {
        var path = FileOf(pipelineFilePath);
        var read = InputFileReader.Read(path, inputs);
        if (read is InputFileRead.Refused refused)
        {
            var diagnostic = PipelineDiagnostic.Error(
                refused.Code,
                SourceLocation.None(path),
                $"cannot read the pipeline file: {refused.Reason}",
                $"{refused.Hint}; FILE may be a pipeline file or a folder holding pipeline.yaml");
            return new LoadResult(null, [diagnostic]);
        }

        return LoadFromText(((InputFileRead.Text)read).Content, path, inputs);
    }

    /// <summary>The file <see cref="Load"/> reads for <paramref name="pipelineFilePath"/>: itself, or the <c>pipeline.yaml</c> inside a folder.</summary>
    public static string FileOf(string pipelineFilePath) =>
        Directory.Exists(pipelineFilePath) ? Path.Join(pipelineFilePath, DefaultFileName) : pipelineFilePath;

    /// <summary>Loads pipeline text as if read from <paramref name="filePath"/> (which locates the workspace and names diagnostics).</summary>
    public LoadResult LoadFromText(string text, string filePath, LoadInputs? inputs = null)
    {
        var options = inputs is null ? _options : _options with { ProcessEnvironment = new RecordingEnvironment(_options.ProcessEnvironment, inputs) };
        var diagnostics = new DiagnosticBag();
        var root = new YamlTreeReader(filePath, diagnostics).Read(text);
        if (root is null || root is YamlTreeScalar { IsNull: true })
        {
            if (!diagnostics.HasErrors)
            {
                diagnostics.Error(LoaderCodes.EmptyFile, new SourceLocation(filePath, 1, 1), "the pipeline file is empty", "start it with 'pipeline: <name>' and 'stages:'; see docs/pipeline-format.md");
            }

            return new LoadResult(null, diagnostics.InFileOrder(filePath));
        }

        var reader = new SchemaReader(diagnostics);
        var pipeline = new PipelineReader(reader, options, inputs).Read(root, filePath, Path.GetFullPath(filePath));
        return new LoadResult(diagnostics.HasErrors ? null : pipeline, diagnostics.InFileOrder(filePath));
    }
}
