using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Caching;

/// <summary>
/// After a step ran: checks that every declared output exists, hashes it and (when caching) copies it
/// into the content store in the same read. Folder outputs are stored as a tree listing plus files.
/// An output that is (or holds) a symlink leading outside the workspace fails the step: the file it points
/// to is never read into the store. Links that stay inside are recorded as the content they point to.
/// </summary>
public sealed class OutputRecorder
{
    private readonly WorkspaceLayout _layout;
    private readonly FileDigests _digests;
    private readonly ContentStore _store;

    public OutputRecorder(WorkspaceLayout layout, FileDigests digests, ContentStore store)
    {
        _layout = layout;
        _digests = digests;
        _store = store;
    }

    public IReadOnlyList<OutputRecord> Record(StepDefinition step, bool store)
    {
        var records = new List<OutputRecord>(step.Outputs.Count);
        foreach (var output in step.Outputs)
        {
            var fullPath = _layout.FullPath(output.Path);
            if (output.IsFolder ? !Directory.Exists(fullPath) : !File.Exists(fullPath))
            {
                var kind = output.IsFolder ? "folder" : "file";
                throw new PipelineException(
                    PipelineDiagnostic.Error(CacheCodes.OutputNotCreated, output.Location, $"step '{step.Id}' finished but did not create its output {kind} '{output}'", "make the command write it, or fix the path in 'outputs'"),
                    ExitCodes.StepFailed);
            }

            try
            {
                records.Add(Record(output, store));
            }
            catch (NotRegularFileException)
            {
                throw new PipelineException(
                    PipelineDiagnostic.Error(CacheCodes.OutputNotCreated, output.Location, $"step '{step.Id}' finished but its output '{output}' is not a regular file: a FIFO, a socket or a device is there; nothing was stored", "make the command write a regular file there, or fix the path in 'outputs'"),
                    ExitCodes.StepFailed);
            }
            catch (LinkOutsideWorkspaceException e)
            {
                throw new PipelineException(
                    CacheCodes.OutputLinksOutside,
                    $"{output.Location}: error {CacheCodes.OutputLinksOutside}: output '{output}' of step '{step.Id}' leads outside the workspace: {e.Message}; nothing was stored. Make the command write the file itself (copy it) instead of linking to it",
                    ExitCodes.StepFailed);
            }
        }

        return records;
    }

    private OutputRecord Record(OutputSpec output, bool store)
    {
        new LinkGuard(_layout).Check(output.Path);
        if (output.IsFolder)
        {
            var files = WorkspaceFiles.UnderFolder(_layout, output.Path).Select(p => new FileDigest(p, RecordFile(p, store))).ToArray();
            var listing = new TreeListing(files);
            if (store)
            {
                _store.PutListing(listing);
            }

            return new OutputRecord(output.Path, true, listing.Digest);
        }

        return new OutputRecord(output.Path, false, RecordFile(output.Path, store));
    }

    private ContentDigest RecordFile(string relativePath, bool store)
    {
        var fullPath = _layout.FullPath(relativePath);
        if (!store)
        {
            return _digests.TryGet(relativePath) ?? throw (File.Exists(fullPath)
                ? new NotRegularFileException(fullPath)
                : new FileNotFoundException($"'{relativePath}' vanished while it was being recorded."));
        }

        var stat = FileStat.Read(fullPath);
        if (stat is not null && _digests.StatCache.TryGet(relativePath, stat.Value, out var known))
        {
            _store.Ingest(fullPath, known);
            return known;
        }

        // Hashed while copied into the store (one read); the stat cache gets the stat taken before the read, if the
        // file still had it once read (told by the read's own descriptor for a small file, else by one more stat).
        var (digest, statAfter) = _store.Ingest(fullPath, stat?.Size);
        if (stat is { } before)
        {
            if (statAfter is null)
            {
                _digests.Remember(relativePath, before, digest);
            }
            else if (statAfter == before)
            {
                _digests.StatCache.Set(relativePath, before, digest);
            }
        }

        return digest;
    }
}
