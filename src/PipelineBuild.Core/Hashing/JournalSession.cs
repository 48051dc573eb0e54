using PipelineBuild.Core.Workspace.Watching;

namespace PipelineBuild.Core.Hashing;

/// <summary>
/// One run's use of the change journal for its stat cache: the question asked once the cache is loaded (since the token
/// saved with that very file), trust in the answer while the plan is made, and the new token saved with the cache.
/// </summary>
internal sealed class JournalSession
{
    private readonly JournalAnswer _answer;
    private readonly IReadOnlyList<string> _roots;
    private readonly UnchangedPaths? _unchanged;

    private JournalSession(JournalAnswer answer, IReadOnlyList<string> roots, UnchangedPaths? unchanged)
    {
        _answer = answer;
        _roots = roots;
        _unchanged = unchanged;
    }

    /// <summary>Whether the answer vouched for anything (tests, timings).</summary>
    public bool IsTrusted => _unchanged is not null;

    /// <summary>
    /// Asks <paramref name="journal"/> what changed under <paramref name="roots"/> since the token saved with the stat
    /// cache file <paramref name="cache"/> was loaded from; null when there is no journal or it could not be reached.
    /// Only roots that token was saved for are vouched for.
    /// </summary>
    public static JournalSession? Open(IChangeJournal? journal, StatCache cache, string statCacheFile, IReadOnlyList<string> roots)
    {
        if (journal is null || roots.Count == 0)
        {
            return null;
        }

        var token = JournalToken.Load(JournalToken.PathBeside(statCacheFile), cache.LoadedFrom);
        if (journal.Ask(token?.Instance ?? Guid.Empty, token?.Sequence ?? 0, roots) is not { } answer)
        {
            return null;
        }

        UnchangedPaths? unchanged = null;
        if (answer.Changed is { } changed && token is not null && answer.Instance == token.Instance)
        {
            var vouched = roots.Where(root => token.Roots.Any(saved => ChangeJournal.IsUnder(root, saved))).ToArray();
            unchanged = vouched.Length > 0 ? new UnchangedPaths(vouched, changed) : null;
        }

        return new JournalSession(answer, roots, unchanged);
    }

    /// <summary>The scope in which the answer is trusted (the plan: nothing is written meanwhile); null when it vouches for nothing.</summary>
    public IDisposable? TrustDuringPlan(StatCache cache) => _unchanged is null ? null : cache.TrustUnchanged(_unchanged);

    /// <summary>Before the cache is saved: nothing under the roots that this run did not make good stays in it.</summary>
    public void BeforeSave(StatCache cache) => cache.ForgetUnseenUnder(_roots);

    /// <summary>After: the new token, for the cache file now on disk (<paramref name="statCache"/>: its identity, null when unknown).</summary>
    public void AfterSave(string statCacheFile, FileStat? statCache)
    {
        var path = JournalToken.PathBeside(statCacheFile);
        try
        {
            if (statCache is { } identity)
            {
                new JournalToken(_answer.Instance, _answer.Sequence, _roots).Save(path, identity);
            }
            else
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Without a token the next run stats everything, as without the journal.
        }
    }
}
