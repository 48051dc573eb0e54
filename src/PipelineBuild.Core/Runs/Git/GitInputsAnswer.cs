using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Runs.Git;

/// <summary>
/// What <see cref="GitInputsCheck"/> found, and what that answer rests on: when <see cref="ProvenByStat"/> is not
/// null, on nothing but the index (<see cref="IndexChecksum"/>), HEAD, the stats the run saw, these entries' stats
/// read afresh and, when <see cref="ConversionSettings"/> is not null, git's settings for turning a file into a blob
/// (a difference git confirmed), so the same of each gives the same answer.
/// </summary>
/// <param name="Dirty">Null when only git can tell.</param>
/// <param name="ConversionSettings">The identity of git's settings (<see cref="GitConversionSettings.Identify"/>) a confirmed difference also rests on.</param>
public sealed record GitInputsAnswer(bool? Dirty, IReadOnlyList<GitStatProof>? ProvenByStat, byte[] IndexChecksum, byte[]? ConversionSettings = null)
{
    public static GitInputsAnswer Unknown { get; } = new(null, null, []);
}

/// <summary>A repository path (relative) and its stat as the answer found it; a null stat: it did not exist.</summary>
public readonly record struct GitStatProof(string Path, FileStat? Stat);
