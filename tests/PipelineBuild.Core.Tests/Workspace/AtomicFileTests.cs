using System.Collections.Concurrent;
using PipelineBuild.Core.Workspace;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Workspace;

public sealed class AtomicFileTests
{
    [Fact]
    public void Should_write_from_several_threads_at_once_into_a_folder_none_of_them_found()
    {
        // Given threads that each write a file into the same new folder at once (two steps storing their first object
        // into one new shard): each may find the folder missing while another makes it. .NET then reports the failed
        // create as a missing file, not a missing folder, so a writer that only retried on the latter failed at random.
        var failures = new ConcurrentBag<Exception>();
        using var ws = TestWorkspace.Create();
        for (var round = 0; round < 300 && failures.IsEmpty; round++)
        {
            var folder = ws.PathOf($"r{round}/shard");
            using var start = new Barrier(6);

            // When
            var threads = Enumerable.Range(0, 6).Select(i => new Thread(() =>
            {
                start.SignalAndWait();
                Thread.SpinWait(Random.Shared.Next(4000));
                try
                {
                    AtomicFile.WriteAllText(Path.Combine(folder, $"f{i}.txt"), $"{i}");
                }
                catch (Exception e)
                {
                    failures.Add(e);
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
        }

        // Then every write succeeded
        Assert.True(failures.IsEmpty, string.Join("\n", failures));
    }
}
