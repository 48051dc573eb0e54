namespace PipelineBuild.Core.Planning;

/// <summary>
/// A reason as a value: its kind and what it is about (the file, param, upstream step, kernel). Text is
/// made only at the edges (<see cref="ReasonText"/>); reports and <c>runs.db</c> keep <see cref="Code"/>.
/// </summary>
public sealed record StepReason(ReasonKind Kind, string Subject = "")
{
    public static StepReason UpToDate { get; } = new(ReasonKind.UpToDate);

    /// <summary>The outputs came from the remote cache tier rather than the local one.</summary>
    public bool FromRemoteCache { get; init; }

    /// <summary>The stable, machine-readable name of <see cref="Kind"/> (<c>input-changed</c>).</summary>
    public string Code => ReasonNames.CodeOf(Kind);

    public ReasonSubject SubjectKind => Subject.Length == 0 ? ReasonSubject.None : SubjectOf(Kind);

    public override string ToString() => ReasonText.Format(this);

    private static ReasonSubject SubjectOf(ReasonKind kind) => kind switch
    {
        ReasonKind.InputChanged or ReasonKind.OutputMissing or ReasonKind.OutputModified => ReasonSubject.File,
        ReasonKind.ParamChanged => ReasonSubject.Param,
        ReasonKind.UpstreamChanged or ReasonKind.Upstream or ReasonKind.UpstreamFailed or ReasonKind.StoppedAfterFailure => ReasonSubject.Step,
        ReasonKind.KernelChanged => ReasonSubject.Kernel,
        _ => ReasonSubject.Message,
    };
}
