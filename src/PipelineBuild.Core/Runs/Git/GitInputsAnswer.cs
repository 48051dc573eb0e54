using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Runs.Git;

/// <summary>
/// What <see cref="GitInputsCheck"/> found, and what that answer rests on: when <see cref="ProvenByStat"/> is not
/// null, on nothing but the index (<see cref="IndexChecksum"/>), HEAD, the stats the run saw and these entries' stats
/// read afresh (no file hashed, no link read, git asked about no work tree file), so the same of each gives the same answer.
/// </summary>
/// <param name="Dirty">Null when only git can tell.</param>
public sealed record GitInputsAnswer(bool? Dirty, IReadOnlyList<GitStatProof>? ProvenByStat, byte[] IndexChecksum)
{
    public static GitInputsAnswer Unknown { get; } = new(null, null, []);
}

/// <summary>An in-scope entry the run did not see, found unchanged by its stat read afresh (repository-relative path).</summary>
public readonly record struct GitStatProof(string Path, FileStat Stat);
