namespace PipelineBuild.Core.Diagnostics;

/// <summary>A position in a source file, 1-based, as editors and CI annotations expect.</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    public static SourceLocation None(string file) => new(file, 0, 0);

    /// <summary>No file at all: a diagnostic about the run, not about a place.</summary>
    public static SourceLocation Nowhere => new("", 0, 0);

    public bool IsKnown => Line > 0;

    /// <summary>The .NET canonical form: <c>path(line,col)</c>.</summary>
    public override string ToString() => IsKnown ? $"{File}({Line},{Column})" : File;
}
