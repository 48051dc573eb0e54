namespace PipelineBuild.Core.Loading;

/// <summary>The outcome of reading a pipeline or params file: its text, or why it was refused.</summary>
internal abstract record InputFileRead
{
    private InputFileRead()
    {
    }

    public sealed record Text(string Content) : InputFileRead;

    /// <summary>The file was not read; <paramref name="Reason"/> and <paramref name="Hint"/> are plain words.</summary>
    public sealed record Refused(string Code, string Reason, string Hint) : InputFileRead;
}
