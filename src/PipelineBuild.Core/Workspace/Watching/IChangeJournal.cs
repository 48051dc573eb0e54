namespace PipelineBuild.Core.Workspace.Watching;

/// <summary>Where a run asks which paths changed since its token (<see cref="ChangeJournal.ChangesSince"/>).</summary>
public interface IChangeJournal
{
    /// <summary>The journal's answer, or null when no journal could be reached (the run then stats as without one).</summary>
    JournalAnswer? Ask(Guid instance, long since, IReadOnlyList<string> roots);
}
