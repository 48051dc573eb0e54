using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Caching.RemoteOnly;

/// <summary>
/// One output file a cluster step left in the remote cache under <c>run --no-download</c>: known by digest, absent from the workspace.
/// </summary>
/// <param name="Path">Workspace-relative <c>/</c>-path of the file (a folder output is flattened to its files).</param>
/// <param name="Step">The step that produced it.</param>
/// <param name="Fingerprint">That step's fingerprint: the remote's <c>ac/&lt;fingerprint&gt;</c> names the file.</param>
/// <param name="Digest">The file's content: <c>cas/&lt;digest&gt;</c> in the remote cache.</param>
/// <param name="Size">The file's length, as the remote cache reported it; a cluster agent checks it against the blob.</param>
public sealed record RemoteOnlyFile(string Path, string Step, ActionKey Fingerprint, ContentDigest Digest, long Size);
