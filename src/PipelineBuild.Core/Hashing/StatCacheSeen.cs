namespace PipelineBuild.Core.Hashing;

/// <summary>
/// The stat cache file every stat a run saw came from, left unchanged by the run (<see cref="File"/>, as
/// <see cref="StatCache.LoadedFrom"/>), and which of its entries the run saw: bit <c>i</c> of <see cref="SeenEntries"/>
/// for entry <c>i</c>. A later run that loaded the same file and saw at least the same entries saw each of them as it is there.
/// </summary>
public sealed record StatCacheSeen(FileStat File, byte[] SeenEntries)
{
    /// <summary>Whether this run saw every entry an earlier run that loaded the same file saw (<paramref name="earlierSeen"/>).</summary>
    public bool SawAll(ReadOnlySpan<byte> earlierSeen)
    {
        if (earlierSeen.Length != SeenEntries.Length)
        {
            return false;
        }

        for (var i = 0; i < earlierSeen.Length; i++)
        {
            if ((earlierSeen[i] & ~SeenEntries[i]) != 0)
            {
                return false;
            }
        }

        return true;
    }
}
