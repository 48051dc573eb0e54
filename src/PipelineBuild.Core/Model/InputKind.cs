namespace PipelineBuild.Core.Model;

public enum InputKind
{
    /// <summary>A plain path: a file, or a folder when it ends with <c>/</c> or is a folder on disk.</summary>
    Path,

    /// <summary>A pattern with <c>*</c>, <c>?</c> or <c>**</c>.</summary>
    Glob,
}
