using PipelineBuild.Core.Model;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Recording;

/// <summary>
/// What a run record's dirty flag covers: the pipeline file and every step's declared inputs, as
/// workspace-relative files and folders (a glob stands for the folder before its first pattern).
/// </summary>
public sealed record RecordedInputs(IReadOnlyList<string> Files, IReadOnlyList<string> Folders)
{
    private static readonly char[] GlobCharacters = ['*', '?', '['];

    public static RecordedInputs Of(PipelineDefinition pipeline)
    {
        var layout = new WorkspaceLayout(pipeline.WorkspaceRoot);
        var files = new List<string> { layout.RelativePath(pipeline.FilePath) };
        var folders = new List<string>();
        foreach (var input in pipeline.Steps.SelectMany(s => s.Inputs))
        {
            if (input.Kind == InputKind.Glob)
            {
                var firstPattern = input.Path.IndexOfAny(GlobCharacters);
                var literal = firstPattern < 0 ? input.Path : input.Path[..firstPattern];
                var slash = literal.LastIndexOf('/');
                folders.Add(slash < 0 ? "." : literal[..slash]);
            }
            else if (input.IsFolder)
            {
                folders.Add(input.Path.TrimEnd('/'));
            }
            else
            {
                // A plain path may also name a folder on disk.
                files.Add(input.Path);
                folders.Add(input.Path);
            }
        }

        return new RecordedInputs(files, folders);
    }
}
