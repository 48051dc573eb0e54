using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Planning;

/// <summary>
/// An input entry with the files it stands for now. <see cref="Digest"/> is the file's digest for a
/// single file, else the digest of the tree listing (a folder or a glob).
/// </summary>
public sealed record ResolvedInput(InputSpec Spec, string Key, IReadOnlyList<FileDigest> Files, ContentDigest Digest, TreeListing? Listing);
