using PipelineBuild.EndToEnd.Tests.Docker;

namespace PipelineBuild.EndToEnd.Tests.RemoteCache;

/// <summary>
/// Container steps on images built from the repo, shared through a remote cache: the image is keyed by its
/// build context and base digests, not by its image ID, so a clone that builds its own image (another ID,
/// as on another machine) restores the step that the first clone ran.
/// </summary>
public sealed class ContainerRemoteCacheTests
{
    [DockerRemoteCacheFact("nginx")]
    public void Should_restore_a_container_step_in_a_second_clone_that_built_its_own_image()
    {
        // Given clone A ran a container step on an image built from its context and filled an nginx cache
        TestEngine.EnsureAvailable();
        using var server = CacheServer.Start("http");
        var name = $"shared{Guid.NewGuid().ToString("N")[..10]}";
        var marker = Guid.NewGuid().ToString("N");
        using var clones = new TwoClones(server, $$"""
            pipeline: boxed
            images:
              {{name}}: { build: docker/tools }
            stages:
              count:
                image: {{name}}
                steps:
                  words:
                    run: cat /marker.txt > words.txt && wc -l < data/in.txt >> words.txt && echo ran >> executions.log
                    inputs: [data/in.txt]
                    outputs: [words.txt]
            """);
        foreach (var clone in new[] { clones.A, clones.B })
        {
            clone.Write("docker/tools/Dockerfile", $"FROM {TestEngine.BaseImage}\nCOPY marker.txt /marker.txt\n");
            clone.Write("docker/tools/marker.txt", marker + "\n");
        }

        var (resultA, reportA, _) = clones.Run(clones.A);
        Assert.True(resultA.ExitCode == 0, resultA.ToString());
        Assert.Equal("ran", reportA.State("count.words"));
        var tag = CacheGcTests.BuiltTag(resultA.Stdout, name);
        var imageOfA = TestEngine.ImageId(tag);
        try
        {
            // When B, with an engine that has not got A's image, builds its own and runs
            CacheGcTests.RemoveImage(tag);
            var (resultB, reportB, _) = clones.Run(clones.B);

            // Then B built an image with another ID, yet restored the step without running it
            Assert.True(resultB.ExitCode == 0, resultB.ToString());
            Assert.Equal(tag, CacheGcTests.BuiltTag(resultB.Stdout, name));
            Assert.NotEqual(imageOfA, TestEngine.ImageId(tag));
            Assert.Equal("restored", reportB.State("count.words"));
            Assert.Equal(0, TwoClones.Executions(clones.B));
            Assert.Equal(clones.A.Read("words.txt"), clones.B.Read("words.txt"));
            Assert.StartsWith(marker, clones.B.Read("words.txt"), StringComparison.Ordinal);
        }
        finally
        {
            CacheGcTests.RemoveImage(tag);
        }
    }
}
