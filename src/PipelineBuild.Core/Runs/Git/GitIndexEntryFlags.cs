namespace PipelineBuild.Core.Runs.Git;

[Flags]
public enum GitIndexEntryFlags
{
    None = 0,

    /// <summary>A merge conflict's stage (1–3): the file is unmerged.</summary>
    Conflicted = 1,

    /// <summary><c>git add -N</c>: to be added, no content staged yet.</summary>
    IntentToAdd = 2,

    /// <summary><c>--assume-unchanged</c> or <c>--skip-worktree</c>: git itself does not look at the file.</summary>
    NotChecked = 4,
}
