namespace PipelineBuild.Core.Workspace;

/// <summary>
/// The files under a folder as sorted workspace-relative paths, and, at the same index, each file's stat when it was
/// read while its folder was listed (null when not: a link followed, an entry replaced meanwhile, another system).
/// </summary>
public sealed record FolderFiles(List<string> Paths, List<ListedStat?> Stats);
