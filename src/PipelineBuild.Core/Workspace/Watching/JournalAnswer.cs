namespace PipelineBuild.Core.Workspace.Watching;

/// <summary>
/// What a <see cref="ChangeJournal"/> says about roots since a token: <paramref name="Changed"/> the workspace-relative
/// paths changed under them (a folder stands for everything under it), or null when it cannot tell. Either way
/// <paramref name="Sequence"/> is the token for the next question, taken once the roots' watches were in place.
/// </summary>
public sealed record JournalAnswer(Guid Instance, long Sequence, IReadOnlyList<string>? Changed)
{
    public bool IsKnown => Changed is not null;
}
