using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Locking;

/// <summary>
/// What the lock file remembers of a step's last good run: enough to say whether it is up to date
/// and, when not, exactly why. Inputs and outputs map a path (folders end with <c>/</c>, globs as
/// written) to a file digest or a tree-listing digest. <c>TaskAssembly</c>: the content hash of a
/// task step's assembly, so that <c>status</c> can say "task code changed"; <c>Kernel</c>: a notebook
/// step's kernel and interpreter version ("kernel changed").
/// </summary>
public sealed record LockEntry(
    ActionKey Fingerprint,
    ContentDigest Definition,
    string? Image,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, ContentDigest> Inputs,
    IReadOnlyDictionary<string, ContentDigest> Outputs,
    string? TaskAssembly = null,
    string? Kernel = null);
